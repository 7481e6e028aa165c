"""The admin runs the office: organisations, coordinators, accounts, reference lists."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Membership, Organisation, OrganisationKind, PpksCategory


def _kind_id(app, code):
    with app.app_context():
        return db.session.scalar(select(OrganisationKind.id).where(OrganisationKind.code == code))


def test_create_edit_and_unlist_an_organisation(app, world, login_as):
    admin = login_as("admin")
    data = {
        "name": "LK3 Gantung",
        "short_name": "LK3",
        "kind": _kind_id(app, "LK3"),
        "area": "",
        "description": "Konseling keluarga",
        "contact_phone": "0812 3456 7890",
        "contact_email": "",
        "is_listed": "y",
    }
    response = admin.post_form("/admin/organisasi/baru", data, token_from="/admin/organisasi/baru")
    assert response.status_code == 303
    with app.app_context():
        org = db.session.scalar(select(Organisation).where(Organisation.name == "LK3 Gantung"))
        assert org.contact_phone == "+6281234567890" and org.is_listed
        org_id = org.id
    data.pop("is_listed")
    admin.post_form(f"/admin/organisasi/{org_id}", data, token_from="/admin/")
    with app.app_context():
        assert db.session.get(Organisation, org_id).is_listed is False
    assert "LK3 Gantung" not in app.test_client().get("/daftar").get_data(as_text=True)


def test_duplicate_organisation_name_is_refused(app, world, login_as):
    data = {"name": "Tagana Uji A", "kind": _kind_id(app, "TAGANA"), "area": ""}
    response = login_as("admin").post_form("/admin/organisasi/baru", data, token_from="/admin/")
    assert response.status_code == 422
    assert "sudah dipakai" in response.get_data(as_text=True)


def test_name_and_remove_a_coordinator(app, world, login_as):
    admin = login_as("admin")
    member_membership = world.memberships["member"]
    admin.post_form(
        f"/admin/organisasi/{world.org_a}/koordinator",
        {"membership": member_membership},
        token_from="/admin/",
    )
    with app.app_context():
        assert db.session.get(Membership, member_membership).role == "coordinator"
    assert login_as("member").get("/organisasi/pendaftar").status_code == 200
    admin.post_form(
        f"/admin/keanggotaan/{member_membership}/copot-koordinator", token_from="/admin/"
    )
    with app.app_context():
        assert db.session.get(Membership, member_membership).role == "member"
        roles = db.session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "membership.role_changed")
        ).all()
    assert [r["role"] for r in roles] == ["coordinator", "member"]
    assert login_as("member").get("/organisasi/pendaftar").status_code == 403


def test_pending_applicant_cannot_be_made_coordinator(app, world, login_as):
    login_as("admin").post_form(
        f"/admin/organisasi/{world.org_a}/koordinator",
        {"membership": world.memberships["pending"]},
        token_from="/admin/",
    )
    with app.app_context():
        assert db.session.get(Membership, world.memberships["pending"]).role == "member"


def test_membership_of_another_organisation_cannot_be_named_here(app, world, login_as):
    response = login_as("admin").post_form(
        f"/admin/organisasi/{world.org_b}/koordinator",
        {"membership": world.memberships["member"]},
        token_from="/admin/",
    )
    assert response.status_code == 404


def test_admin_cannot_deactivate_themselves(app, world, login_as):
    response = login_as("admin").post_form(
        f"/admin/pengguna/{world.ids['admin']}/status", {"deactivate": "1"}, token_from="/admin/"
    )
    assert response.status_code == 404


def test_search_users_by_name_and_phone(app, world, login_as):
    admin = login_as("admin")
    html = admin.get("/admin/pengguna?q=Koordinator").get_data(as_text=True)
    assert "Koordinator Uji A" in html and "Anggota Uji" not in html
    national = "0" + world.phones["member"][3:]
    html = admin.get(f"/admin/pengguna?q={national}").get_data(as_text=True)
    assert "Anggota Uji" in html


def test_edit_and_add_reference_rows(app, world, login_as):
    admin = login_as("admin")
    response = admin.post_form(
        "/admin/referensi/ppks/baru",
        {"code": "KBA", "name": "Korban Bencana Alam Baru", "is_active": "y"},
        token_from="/admin/referensi/ppks",
    )
    assert response.status_code == 422
    assert "Kode ini sudah dipakai." in response.get_data(as_text=True)
    response = admin.post_form(
        "/admin/referensi/ppks/baru",
        {"code": "XYZ", "name": "Kategori Baru", "is_active": "y"},
        token_from="/admin/referensi/ppks",
    )
    assert response.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(PpksCategory).where(PpksCategory.code == "XYZ"))
        row_id = row.id
    admin.post_form(
        f"/admin/referensi/ppks/{row_id}",
        {"code": "XYZ", "name": "Diganti"},
        token_from="/admin/referensi/ppks",
    )
    with app.app_context():
        row = db.session.get(PpksCategory, row_id)
        assert (row.name, row.is_active) == ("Diganti", False)


def test_activity_types_and_areas_are_editable(app, world, login_as):
    admin = login_as("admin")
    kind = _kind_id(app, "TAGANA")
    response = admin.post_form(
        "/admin/referensi/jenis-kegiatan/baru",
        {"kind": kind, "name": "Simulasi evakuasi", "is_active": "y"},
        token_from="/admin/referensi/jenis-kegiatan",
    )
    assert response.status_code == 303
    assert "Simulasi evakuasi" in admin.get("/admin/referensi/jenis-kegiatan").get_data(
        as_text=True
    )
    response = admin.post_form(
        "/admin/referensi/wilayah/baru",
        {"code": "bukan kode", "name": "X", "level": "desa"},
        token_from="/admin/referensi/wilayah",
    )
    assert response.status_code == 422
    assert "Format kode" in response.get_data(as_text=True)


def test_unknown_reference_list_is_404(login_as):
    assert login_as("admin").get("/admin/referensi/rahasia").status_code == 404


def test_audit_log_lists_events(app, world, login_as):
    admin = login_as("admin")
    html = admin.get("/admin/audit?aksi=auth.").get_data(as_text=True)
    assert "auth.login" in html
