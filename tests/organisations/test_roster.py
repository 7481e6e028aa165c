"""The coordinator's member list: search, filters, a member's page, and the export."""

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from portal import panels
from portal.extensions import db
from portal.models import Area, AuditEvent, Membership, Organisation
from portal.models.organisations import SUSPENDED

from .. import factories


def _text(response) -> str:
    return response.get_data(as_text=True)


def _people(app, world):
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        gantung = db.session.scalar(
            select(Area).where(Area.level == "desa", Area.name == "Gantung")
        )
        tricky = factories.member(org_a, '=HYPERLINK("http://x")', home=gantung)
        suspended = factories.member(org_a, "Tono Ditangguhkan")
        membership = db.session.scalar(select(Membership).where(Membership.user_id == suspended.id))
        membership.status = SUSPENDED
        membership.member_number = "+NIA-9"
        factories.member(org_a, "@kontak-tagana")
        factories.member(org_a, "-minus-nama")
        db.session.commit()
        return gantung.id, tricky.phone


def test_search_and_filters(app, login_as, world):
    gantung_id, tricky_phone = _people(app, world)
    client = login_as("coordinator")
    base = f"/organisasi/{world.org_a}/anggota"

    def names(query=""):
        html = _text(client.get(f"{base}?{query}"))
        return {
            n
            for n in ("Anggota Uji", "Koordinator Uji A", "Tono", "HYPERLINK", "Pendaftar Uji")
            if n in html
        }

    assert names() == {"Anggota Uji", "Koordinator Uji A", "Tono", "HYPERLINK", "Pendaftar Uji"}
    assert names("status=suspended") == {"Tono"}
    assert names(f"desa={gantung_id}") == {"HYPERLINK"}
    assert names("q=koordinator") == {"Koordinator Uji A"}
    assert names("q=NIA-9") == {"Tono"}
    assert names(f"q={tricky_phone[-8:]}") == {"HYPERLINK"}  # part of a phone number
    assert names("q=0" + tricky_phone[3:]) == {"HYPERLINK"}
    assert names("status=bogus&desa=x") == names()
    fragment = client.get(f"{base}?q=tono", headers={"HX-Request": "true"})
    assert "<html" not in _text(fragment) and "Tono" in _text(fragment)
    assert "HX-Request" in fragment.headers["Vary"]
    too_long = client.get(f"{base}?q=" + "z" * 5000)
    assert too_long.status_code == 422
    assert "Kata pencarian terlalu panjang" in _text(too_long)


def test_member_list_query_count_does_not_grow(app, login_as, world, count_queries):
    client = login_as("coordinator")
    path = f"/organisasi/{world.org_a}/anggota"
    client.get(path)
    with count_queries() as few:
        client.get(path)
    with app.app_context():
        org_a = db.session.get(Organisation, world.org_a)
        for i in range(20):
            factories.member(org_a, f"Tambahan {i}")
        db.session.commit()
    with count_queries() as many:
        assert "Tambahan 19" in _text(client.get(path))
    assert len(many) == len(few)


def test_member_page_shows_what_other_features_register(app, login_as, world):
    panels.add_member_summary(
        app, lambda m: f"<section><h2>Kegiatan</h2><p>7 kegiatan oleh #{m.id}</p></section>"
    )
    client = login_as("coordinator")
    html = _text(client.get(f"/organisasi/{world.org_a}/anggota/{world.memberships['member']}"))
    assert "Anggota Uji" in html
    assert f"7 kegiatan oleh #{world.memberships['member']}" in html
    # A membership of organisation B through organisation A's address: not found.
    other = f"/organisasi/{world.org_a}/anggota/{world.memberships['other_coordinator']}"
    assert client.get(other).status_code == 404


def test_export_escapes_formulas_and_is_audited(app, login_as, world):
    _people(app, world)
    client = login_as("coordinator")
    response = client.post_form(f"/organisasi/{world.org_a}/anggota.csv", {"status": "active"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nama lengkap", "Nomor HP", "E-mail"]
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    assert "Tono Ditangguhkan" not in names  # the status filter applies
    xlsx = client.post_form(f"/organisasi/{world.org_a}/anggota.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data))["Anggota"]
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(v[0] == '\'=HYPERLINK("http://x")' for v in values)
    assert any(v[7] == "'+NIA-9" for v in values)
    assert {"'@kontak-tagana", "'-minus-nama"} <= {v[0] for v in values}
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "members.exported")
        ).all()
        assert [e.detail["format"] for e in events] == ["csv", "xlsx"]
        assert all(e.actor_id == world.ids["coordinator"] for e in events)
    assert (
        login_as("other_coordinator")
        .post_form(f"/organisasi/{world.org_a}/anggota.csv")
        .status_code
        == 404
    )


def test_organisations_overview(login_as, world):
    html = _text(login_as("coordinator").get("/organisasi/"))
    assert "Tagana Uji A" in html and "PSM Uji B" not in html
    assert "2 anggota aktif" in html and "1 menunggu" in html
    admin = _text(login_as("admin").get("/organisasi/"))
    assert "Tagana Uji A" in admin and "PSM Uji B" in admin
    assert "Anggota" in _text(login_as("coordinator").get("/"))  # the menu item
    assert login_as("member").get("/organisasi/").status_code == 403
