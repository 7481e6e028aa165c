"""The admin runs the office: organisations, coordinators, accounts, reference lists."""

import ast
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

import portal
from portal import audit
from portal.admin.views.reference import LISTS
from portal.extensions import db
from portal.models import (
    Area,
    AuditEvent,
    Membership,
    Organisation,
    OrganisationKind,
    PpksCategory,
)
from portal.organisations.services import TRANSITIONS

from .. import factories


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


@pytest.mark.parametrize("who", ["pending", "coordinator"])
def test_only_an_active_member_who_is_not_one_yet_can_be_made_coordinator(
    app, world, login_as, who
):
    admin = login_as("admin")
    response = admin.post_form(
        f"/admin/organisasi/{world.org_a}/koordinator",
        {"membership": world.memberships[who]},
        token_from="/admin/",
    )
    assert response.status_code == 303
    page = admin.get(response.location).get_data(as_text=True)
    assert "Hanya anggota aktif yang dapat dijadikan koordinator." in page
    with app.app_context():
        roles = db.session.scalars(
            select(AuditEvent.id).where(AuditEvent.action == "membership.role_changed")
        ).all()
    assert roles == []


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


def test_audit_log_shows_labels_and_filters_by_a_choice_of_actions(app, world, login_as):
    admin = login_as("admin")
    html = admin.get("/admin/audit").get_data(as_text=True)
    assert "<td>Masuk</td>" in html and "auth.login<" not in html
    assert '<select id="aksi" name="aksi">' in html
    assert 'value="">Semua tindakan</option>' in html
    assert '<option value="auth.login">Masuk</option>' in html
    with app.app_context():
        audit.record("organisation.updated")
        db.session.commit()
    only_logins = admin.get("/admin/audit?aksi=auth.login").get_data(as_text=True)
    assert "<td>Masuk</td>" in only_logins and "<td>Organisasi diubah</td>" not in only_logins
    assert "<td>Organisasi diubah</td>" in admin.get("/admin/audit").get_data(as_text=True)


def _action_codes_in_the_code() -> set[str]:
    """Every literal action code given to audit.record (both sides of an if-else too)."""
    codes = set()
    for path in Path(portal.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and getattr(node.func.value, "id", None) == "audit"
            ):
                codes |= {
                    n.value
                    for n in ast.walk(node.args[0])
                    if isinstance(n, ast.Constant)
                    and re.fullmatch(r"[a-z_]+\.[a-z_]+", str(n.value))
                }
    return codes


def test_every_audited_action_has_a_translated_label():
    codes = _action_codes_in_the_code()
    assert {"auth.login", "meeting.minutes_published", "account.reactivated"} <= codes
    codes |= {action for _, _, action in TRANSITIONS.values()}  # membership decisions
    codes |= {"report.verified", "report.returned"}  # f"report.{...}"
    assert codes - set(audit.ACTIONS) == set()
    for name in LISTS:
        assert {f"reference.{name}.created", f"reference.{name}.updated"} <= set(audit.ACTIONS)


def test_an_activity_type_for_every_kind_stays_kind_less_when_edited(app, world, login_as):
    from portal.models import ActivityType

    with app.app_context():
        meeting_type = db.session.scalar(
            select(ActivityType).where(ActivityType.name == "Menghadiri rapat")
        )
        assert meeting_type.kind_id is None
        type_id = meeting_type.id
    admin = login_as("admin")
    url = f"/admin/referensi/jenis-kegiatan/{type_id}"
    html = admin.get(url).get_data(as_text=True)
    kind_select = html[
        html.index('name="kind"') : html.index("</select>", html.index('name="kind"'))
    ]
    assert '<option selected value="">Semua jenis</option>' in kind_select
    assert "selected" not in kind_select.replace('<option selected value="">', "")
    response = admin.post_form(
        url, {"kind": "", "name": "Menghadiri rapat", "is_active": "y"}, token_from=url
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(ActivityType, type_id).kind_id is None


def test_the_organisation_list_is_paginated(app, world, login_as):
    from portal.admin.views.organisations import PER_PAGE

    with app.app_context():
        for i in range(PER_PAGE + 5):
            factories.organisation(f"Zz Organisasi {i:03d}")
        db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(Organisation))
    admin = login_as("admin")
    first = admin.get("/admin/organisasi").get_data(as_text=True)
    assert first.count("/admin/organisasi/") - first.count("/admin/organisasi/baru") <= PER_PAGE
    assert f"Halaman 1 dari {-(-total // PER_PAGE)}" in first and 'rel="next"' in first
    last = admin.get("/admin/organisasi?page=2").get_data(as_text=True)
    assert f"Zz Organisasi {PER_PAGE + 4:03d}" in last
    assert f"Zz Organisasi {PER_PAGE + 4:03d}" not in first


def test_the_reference_lists_are_paginated(app, login_as, world):
    from portal.admin.views.reference import PER_PAGE

    with app.app_context():
        kecamatan = db.session.scalar(select(Area).where(Area.level == "kecamatan"))
        for i in range(PER_PAGE):
            code = f"{kecamatan.code}.{9000 + i}"
            db.session.add(Area(code=code, name=f"Desa {i}", level="desa", parent=kecamatan))
        db.session.commit()
        total = db.session.scalar(select(func.count()).select_from(Area))
    admin = login_as("admin")
    first = admin.get("/admin/referensi/wilayah").get_data(as_text=True)
    assert first.count('href="/admin/referensi/wilayah/') == PER_PAGE
    assert f"Halaman 1 dari {-(-total // PER_PAGE)}" in first
    beyond = admin.get("/admin/referensi/wilayah?page=999").get_data(as_text=True)
    assert 'href="/admin/referensi/wilayah/' not in beyond
