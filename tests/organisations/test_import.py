"""Member import: preview with each row's problems, then the valid rows, all at once."""

import re

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    MemberActivation,
    MemberImport,
    MemberImportRow,
    Membership,
    User,
)
from portal.models.imports import IMPORTED, PREVIEW, ROW_EXISTING, ROW_MEMBER, ROW_NEW
from portal.models.organisations import ACTIVE
from portal.organisations import imports
from portal.signals import membership_activated

from .. import factories
from ..directory_helpers import upload, xlsx

GOOD = [
    ["Siti Aminah", "0812-1111-2222", "siti@contoh.id", "Manggar", "Lalang Jaya", "T-01", "Muda"],
    ["Budi Santoso", "+62 812 3333 4444", "", "", "Desa Kelubi", "", ""],
]
BAD = [
    ["Ani Formula", "=B2", "", "", "Kelubi", "", ""],
    ["Dodi", "12345", "", "", "Atlantis", "", ""],
    ["Eka", "081211112222", "", "", "Kelubi", "", ""],  # Siti's number again
    ["", "081299990000", "bukan-email", "Gantung", "Kelubi", "", ""],
]


def _text(response) -> str:
    return response.get_data(as_text=True)


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(User)),
            db.session.scalar(select(func.count()).select_from(Membership)),
            db.session.scalar(select(func.count()).select_from(MemberActivation)),
        )


def test_preview_lists_every_row_with_its_problems_and_saves_nothing(app, login_as, world):
    client = login_as("coordinator")
    before = _counts(app)
    response = upload(client, world.org_a, xlsx(GOOD + BAD))
    assert response.status_code == 303
    preview = client.get(response.location)
    html = _text(preview)
    assert "2</strong> akun baru" in html and "4</strong> bermasalah" in html
    for message in (
        "Kolom Nomor HP berisi rumus: tulis nilainya saja.",
        "Nomor HP 12345 tidak dikenali. Contoh: 0812-3456-7890.",
        "Desa Atlantis tidak dikenal di daftar wilayah.",
        "Nomor HP sama dengan baris 2.",
        "Nama kosong.",
        "E-mail bukan-email tidak valid.",
        "Desa Kelubi tidak ada di Kecamatan Gantung.",
    ):
        assert message in html, message
    assert _counts(app) == before
    only_problems = _text(client.get(response.location + "?tampil=masalah"))
    assert "Siti Aminah" not in only_problems and "Ani Formula" in only_problems


def test_saving_creates_active_members_with_activation_links(app, login_as, world):
    activated = []

    def receiver(sender, membership):
        activated.append(membership.user.full_name)

    membership_activated.connect(receiver)
    try:
        client = login_as("coordinator")
        preview_url = upload(client, world.org_a, xlsx(GOOD + BAD)).location
        users_before, memberships_before, _links = _counts(app)
        saved = client.post_form(preview_url + "/simpan", token_from=preview_url)
    finally:
        membership_activated.disconnect(receiver)
    assert saved.status_code == 303
    assert sorted(activated) == ["Budi Santoso", "Siti Aminah"]
    assert _counts(app) == (users_before + 2, memberships_before + 2, 2)
    with app.app_context():
        siti = db.session.scalar(select(User).where(User.phone == "+6281211112222"))
        assert siti.password_hash is None and siti.listed is False
        assert siti.email == "siti@contoh.id" and siti.home_desa.name == "Lalang Jaya"
        membership = db.session.scalar(select(Membership).where(Membership.user_id == siti.id))
        assert (membership.status, membership.member_number, membership.grade) == (
            ACTIVE,
            "T-01",
            "Muda",
        )
        assert membership.decided_by_id == world.ids["coordinator"]
        batch = db.session.scalar(select(MemberImport))
        assert batch.status == IMPORTED
        # Only the rows with problems are kept, for the coordinator to fix.
        kept = db.session.scalars(select(MemberImportRow.full_name)).all()
        assert "Siti Aminah" not in kept and len(kept) == 4
        events = db.session.scalars(select(AuditEvent.action)).all()
        assert events.count("membership.imported") == 2 and "members.imported" in events
    result = _text(client.get(preview_url))
    assert result.count("/aktivasi?token=") == 2
    assert "https://wa.me/6281211112222?text=" in result
    assert "Ani Formula" not in result
    problems = _text(client.get(preview_url + "?tampil=masalah"))
    assert "4 baris tidak diimpor" in problems and "Ani Formula" in problems
    assert "Siti Aminah" not in problems


def test_preview_query_count_does_not_grow_with_the_rows(app, login_as, world, count_queries):
    client = login_as("coordinator")
    small = upload(client, world.org_a, xlsx(BAD[:2])).location
    desa = ["Kelubi", "Padang", "Gantung", "Dendang", "Mentawak", "Air Kelik", "Renggiang"]
    many_rows = [[f"Orang {i}", f"0812 4444 {i:04d}", "", "", desa[i % 7]] for i in range(40)]
    large = upload(client, world.org_a, xlsx(many_rows)).location
    client.get(small)
    with count_queries() as few:
        client.get(small)
    with count_queries() as many:
        assert "Orang 39" in _text(client.get(large))
    assert len(many) == len(few)


def test_importing_the_same_file_again_creates_no_duplicates(app, login_as, world):
    client = login_as("coordinator")
    data = xlsx(GOOD)
    first = upload(client, world.org_a, data).location
    client.post_form(first + "/simpan", token_from=first)
    counts = _counts(app)
    second = upload(client, world.org_a, data).location
    html = _text(client.get(second))
    assert "2</strong> sudah anggota" in html and "0</strong> akun baru" in html
    assert "Tidak ada baris yang dapat diimpor" in html
    response = client.post_form(second + "/simpan", token_from=second)
    assert response.status_code == 303
    assert _counts(app) == counts


@pytest.mark.logs_errors
def test_a_failure_while_saving_leaves_nothing_half_imported(app, login_as, world, monkeypatch):
    client = login_as("coordinator")
    preview_url = upload(client, world.org_a, xlsx(GOOD)).location
    before = _counts(app)

    def explode(*args, **kwargs):
        raise RuntimeError("disk penuh")

    # The second person's activation link fails after the first person was flushed.
    calls = []
    original = imports.activation.issue

    def issue_then_fail(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            explode()
        return original(*args, **kwargs)

    monkeypatch.setattr(imports.activation, "issue", issue_then_fail)
    response = client.post_form(preview_url + "/simpan", token_from=preview_url)
    assert response.status_code == 500
    assert _counts(app) == before
    with app.app_context():
        assert db.session.scalar(select(MemberImport.status)) == PREVIEW


def test_a_number_that_registered_since_the_preview_is_caught(app, login_as, world):
    client = login_as("coordinator")
    preview_url = upload(client, world.org_a, xlsx(GOOD)).location
    with app.app_context():
        factories.user("Siti Mendaftar Sendiri", phone="+6281211112222")
        db.session.commit()
    before = _counts(app)
    response = client.post_form(preview_url + "/simpan", token_from=preview_url)
    assert response.status_code == 303
    html = _text(client.get(preview_url))
    assert "Ada data yang berubah sejak pratinjau dibuat" in html
    assert "Nomor HP ini sudah dipakai akun lain di Simpul" in html
    assert _counts(app) == before


def test_existing_accounts_are_added_by_the_admin_only(app, login_as, world):
    with app.app_context():
        other_member_phone = db.session.get(User, world.ids["other_coordinator"]).phone
    row = ["Koordinator B", other_member_phone, "", "", "Kelubi", "", ""]
    coordinator = login_as("coordinator")
    html = _text(coordinator.get(upload(coordinator, world.org_a, xlsx([row])).location))
    assert "Nomor HP ini sudah dipakai akun lain di Simpul" in html
    assert "Koordinator Uji B" not in html  # the account holder's name is not revealed
    admin = login_as("admin")
    preview_url = upload(admin, world.org_a, xlsx([row])).location
    assert "akun sudah ada: keanggotaan ditambahkan" in _text(admin.get(preview_url))
    admin.post_form(preview_url + "/simpan", token_from=preview_url)
    with app.app_context():
        membership = db.session.scalar(
            select(Membership).where(
                Membership.user_id == world.ids["other_coordinator"],
                Membership.organisation_id == world.org_a,
            )
        )
        assert membership.status == ACTIVE
        # An existing account logs in with its own password: no activation link.
        assert db.session.scalar(select(func.count()).select_from(MemberActivation)) == 0


def test_row_outcomes_against_the_database(req, world):
    from portal.organisations import checks, parsing

    member_phone = db.session.get(User, world.ids["member"]).phone
    sheet = parsing.read_rows(
        xlsx(
            [
                ["Anggota Uji", member_phone, "", "", "Kelubi"],
                ["Orang Baru", "0812 5555 6666", "", "", "kelubi"],
                ["Kode Desa", "0812 5555 7777", "", "", "19.06.01.2004"],
            ]
        )
    )
    rows = checks.check_rows(sheet, world.org_a, allow_existing=False)
    assert [r.outcome for r in rows] == [ROW_MEMBER, ROW_NEW, ROW_NEW]
    assert rows[2].desa_id is not None
    rows = checks.check_rows(sheet, world.org_b, allow_existing=True)
    assert rows[0].outcome == ROW_EXISTING


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 600, "lama.xls", "Ini berkas Excel lama (.xls)"),
        (b"Nama;Alamat\nSiti;Jalan", "salah.csv", "Kolom wajib tidak ditemukan"),
        (b"PK\x03\x04garbage", "rusak.xlsx", "tidak dapat dibaca sebagai XLSX"),
    ],
)
def test_a_bad_file_is_refused_with_the_message_beside_the_field(
    app, login_as, world, data, filename, message
):
    client = login_as("coordinator")
    response = upload(client, world.org_a, data, filename)
    assert response.status_code == 422
    html = _text(response)
    assert re.search(r'<p id="file-err" class="error">[^<]*' + re.escape(message), html)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MemberImport)) == 0


def test_no_file_chosen(login_as, world):
    response = login_as("coordinator").post_form(f"/organisasi/{world.org_a}/impor", {})
    assert response.status_code == 422
    assert "Pilih berkas daftar anggota." in _text(response)
