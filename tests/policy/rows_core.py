"""Policy rows for the foundation: home, auth, account, organisations, admin."""

from .table import (
    DENY,
    HIDDEN,
    LOGIN,
    OK,
    admin_only,
    coordinators,
    logged_in,
    own_org,
    public,
    row,
)

ROWS = [
    public("GET", "/"),
    public("GET", "/privasi"),
    public("GET", "/sehat"),
    public("POST", "/bahasa", data={"lang": "en"}),
    public("GET", "/wilayah/desa?kecamatan=2"),
    public("GET", "/static/css/app.css"),
    # Logged-in people are sent home from the login and registration pages.
    public("GET", "/masuk"),
    public("POST", "/masuk", data={"login": "0812", "password": "x"}),
    public("GET", "/daftar"),
    public("POST", "/daftar", data={"full_name": ""}),
    public("POST", "/keluar"),
    logged_in("GET", "/akun/"),
    logged_in("POST", "/akun/", data={"full_name": ""}),
    logged_in("GET", "/akun/kata-sandi"),
    logged_in("POST", "/akun/kata-sandi", data={"current": "salah"}),
    logged_in("POST", "/akun/keluar-semua"),
    logged_in("GET", "/akun/pemberitahuan"),
    logged_in("POST", "/akun/pemberitahuan/baca"),
    coordinators("GET", "/organisasi/pendaftar"),
    own_org("GET", "/organisasi/{org_a}/anggota"),
    own_org(
        "POST",
        "/organisasi/keanggotaan/{membership_pending}/keputusan",
        data={"action": "approve"},
    ),
    admin_only("GET", "/admin/"),
    admin_only("GET", "/admin/organisasi"),
    admin_only("GET", "/admin/organisasi/baru"),
    admin_only("POST", "/admin/organisasi/baru", data={"name": ""}),
    admin_only("GET", "/admin/organisasi/{org_a}"),
    admin_only("POST", "/admin/organisasi/{org_a}", data={"name": ""}),
    admin_only(
        "POST", "/admin/organisasi/{org_a}/koordinator", data={"membership": "{membership_member}"}
    ),
    admin_only("POST", "/admin/keanggotaan/{membership_coordinator}/copot-koordinator"),
    admin_only("GET", "/admin/pengguna"),
    admin_only("GET", "/admin/pengguna/{user_member}"),
    admin_only("POST", "/admin/pengguna/{user_pending}/status", data={"deactivate": "0"}),
    admin_only("GET", "/admin/referensi/ppks"),
    admin_only("POST", "/admin/referensi/ppks/baru", data={"code": ""}),
    admin_only("GET", "/admin/referensi/ppks/1"),
    admin_only("POST", "/admin/referensi/ppks/1", data={"code": ""}),
    admin_only("GET", "/admin/audit"),
]

# Silence "imported but unused" for names feature files may want from here.
__all__ = ["DENY", "HIDDEN", "LOGIN", "OK", "ROWS", "row"]
