"""Policy rows for the foundation: home, auth, account, organisations, admin."""

from portal.models import Membership, Organisation

from ..factories import PASSWORD
from .effects import exists
from .table import (
    DENY,
    HIDDEN,
    LOGIN,
    NEW_PASSWORD,
    OK,
    SENT_HOME,
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
    public("GET", "/sw.js"),
    public("GET", "/terlalu-besar", status=413),
    public("POST", "/bahasa", data={"lang": "en"}),
    public("GET", "/wilayah/desa?kecamatan=2"),
    public("GET", "/static/css/app.css"),
    # Logged-in people are sent home from the login and registration pages.
    public("GET", "/masuk", status=SENT_HOME),
    public(
        "POST", "/masuk", data={"login": "{phone_member}", "password": PASSWORD}, status=SENT_HOME
    ),
    public("GET", "/daftar", status=SENT_HOME),
    public(
        "POST",
        "/daftar",
        data={
            "full_name": "Siti Aminah",
            "phone": "0812-7777-1234",
            "password": NEW_PASSWORD,
            "kecamatan": "{kecamatan}",
            "desa": "{desa}",
            "organisation": "{org_a}",
            "consent": "y",
        },
        status=SENT_HOME,
    ),
    public("POST", "/keluar"),
    logged_in("GET", "/akun/"),
    logged_in(
        "POST",
        "/akun/",
        data={
            "full_name": "Nama Baru",
            "kecamatan": "{kecamatan}",
            "desa": "{desa}",
            "locale": "id",
        },
    ),
    logged_in("GET", "/akun/kata-sandi"),
    logged_in(
        "POST",
        "/akun/kata-sandi",
        data={"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ),
    logged_in("POST", "/akun/keluar-semua"),
    logged_in("GET", "/akun/pemberitahuan"),
    logged_in("POST", "/akun/pemberitahuan/baca"),
    coordinators("GET", "/organisasi/pendaftar"),
    own_org("GET", "/organisasi/{org_a}/anggota"),
    own_org(
        "POST",
        "/organisasi/keanggotaan/{membership_pending}/keputusan",
        data={"action": "approve"},
        effect=exists(
            Membership,
            lambda w, r: (Membership.id == w.memberships["pending"], Membership.status == "active"),
        ),
    ),
    admin_only("GET", "/admin/"),
    admin_only("GET", "/admin/organisasi"),
    admin_only("GET", "/admin/organisasi/baru"),
    admin_only(
        "POST",
        "/admin/organisasi/baru",
        data={"name": "LKS Baru", "kind": "{kind_a}"},
        effect=exists(Organisation, lambda w, r: (Organisation.name == "LKS Baru",)),
    ),
    admin_only("GET", "/admin/organisasi/{org_a}"),
    admin_only("POST", "/admin/organisasi/{org_a}", data={"name": "Tagana", "kind": "{kind_a}"}),
    admin_only(
        "POST", "/admin/organisasi/{org_a}/koordinator", data={"membership": "{membership_member}"}
    ),
    admin_only("POST", "/admin/keanggotaan/{membership_coordinator}/copot-koordinator"),
    admin_only("GET", "/admin/pengguna"),
    admin_only("GET", "/admin/pengguna/{user_member}"),
    admin_only("POST", "/admin/pengguna/{user_pending}/status", data={"deactivate": "0"}),
    admin_only("GET", "/admin/referensi/ppks"),
    admin_only("POST", "/admin/referensi/ppks/baru", data={"code": "UJI", "name": "Uji coba"}),
    admin_only("GET", "/admin/referensi/ppks/1"),
    admin_only(
        "POST",
        "/admin/referensi/ppks/1",
        data={
            "code": "ABT",
            "name": "Anak Balita Telantar",
            "english": "Neglected child under five",
        },
    ),
    admin_only("GET", "/admin/audit"),
]

# Silence "imported but unused" for names feature files may want from here.
__all__ = ["DENY", "HIDDEN", "LOGIN", "OK", "ROWS", "row"]
