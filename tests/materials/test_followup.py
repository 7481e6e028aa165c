"""A coordinator follows up: completion per material and per member, and the downloads."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.extensions import db
from portal.materials import progress
from portal.models import AuditEvent, Organisation, User
from portal.models.materials import AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, DRAFT
from portal.models.organisations import SUSPENDED

from .. import factories
from . import samples


@pytest.fixture
def reading(app, world):
    """Organisation A: member, coordinator, a suspended member and Budi; four materials.

    - "SOP A" (for A): the member completed it, Budi opened it;
    - "Regulasi" (all members): the coordinator opened it;
    - "Untuk B" (for B only), a draft for A, public "Umum": nobody read them;
    - the suspended member and B's coordinator read everything but do not count.
    """
    with app.app_context():
        org_a = world.org_a
        organisation = db.session.get(Organisation, org_a)
        budi = factories.member(organisation, "Budi Santoso")
        suspended = factories.member(organisation, "Tono", status=SUSPENDED)
        sop = samples.material("SOP A", org_id=org_a, for_orgs=(org_a,), slug="sop-a")
        regulasi = samples.material("Regulasi", audience=AUDIENCE_MEMBERS, slug="regulasi")
        untuk_b = samples.material(
            "Untuk B", org_id=world.org_b, for_orgs=(world.org_b,), slug="untuk-b"
        )
        samples.material("Draf", org_id=org_a, for_orgs=(org_a,), status=DRAFT, slug="draf")
        samples.material("Umum", audience=AUDIENCE_PUBLIC, slug="umum")
        db.session.commit()
        people = {role: db.session.get(User, uid) for role, uid in world.ids.items()}
        progress.set_completed(people["member"], sop, True)
        progress.record_open(budi, sop)
        progress.record_open(people["coordinator"], regulasi)
        for material in (sop, regulasi, untuk_b):
            progress.set_completed(suspended, material, True)
            progress.set_completed(people["other_coordinator"], material, True)
        db.session.commit()  # as the requests would
    return world


def test_per_material(reading, login_as):
    html = login_as("coordinator").get(f"/materi/penyelesaian/{reading.org_a}").get_data(True)
    assert "3 anggota aktif · 3 materi untuk organisasi ini" in html
    rows = _rows(html)
    assert rows["SOP A"] == ["2", "1", "1"]  # opened, completed, not yet
    assert rows["Regulasi"] == ["1", "0", "2"]
    assert rows["Umum"] == ["0", "0", "3"]
    assert "Untuk B" not in html and "Draf" not in html


def test_per_member(reading, login_as):
    client = login_as("coordinator")
    html = client.get(f"/materi/penyelesaian/{reading.org_a}?lihat=anggota").get_data(True)
    rows = _rows(html)
    assert rows["Anggota Uji"] == ["1", "1", "2"]
    assert rows["Budi Santoso"] == ["1", "0", "2"]
    assert rows["Koordinator Uji A"] == ["1", "0", "2"]
    assert "Tono" not in html  # suspended


def test_one_material_member_by_member(reading, login_as):
    html = login_as("coordinator").get(f"/materi/penyelesaian/{reading.org_a}/sop-a").get_data(True)
    assert "<strong>1</strong> selesai" in html
    assert "<strong>1</strong> dibuka, belum selesai" in html
    assert "<strong>1</strong> belum membuka" in html
    rows = _rows(html)
    assert rows["Anggota Uji"][0].startswith("selesai")
    assert rows["Budi Santoso"][0].startswith("dibuka")
    assert rows["Koordinator Uji A"] == ["belum"]


def test_material_not_meant_for_the_organisation_is_not_found(reading, login_as):
    client = login_as("coordinator")
    assert client.get(f"/materi/penyelesaian/{reading.org_a}/untuk-b").status_code == 404
    assert client.get(f"/materi/penyelesaian/{reading.org_a}/draf").status_code == 404


def test_csv_download(reading, login_as, app):
    response = login_as("coordinator").post_form(f"/materi/penyelesaian/{reading.org_a}/unduh.csv")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffMateri;Jenis;Terbit;Anggota;No. anggota;Status;Dibuka;Selesai")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 3 * 3  # three members × three materials
    assert any(line.startswith("SOP A;SOP;") and ";Anggota Uji;;selesai;" in line for line in lines)
    assert any(line.startswith("SOP A;SOP;") and ";Budi Santoso;;dibuka;" in line for line in lines)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()))
        assert event.action == "material.completion_exported"
        assert event.detail == {"format": "csv"}
        assert event.actor_id == reading.ids["coordinator"]


def test_xlsx_download(reading, login_as):
    response = login_as("admin").post_form(f"/materi/penyelesaian/{reading.org_a}/unduh.xlsx")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Per materi", "Per anggota", "Rincian"]
    assert workbook["Per materi"]["A1"].value.startswith("Kemajuan materi")  # the title row
    per_material = {r[0]: r[3:] for r in workbook["Per materi"].iter_rows(3, values_only=True)}
    assert per_material["SOP A"] == (2, 1, 1)
    per_member = {r[0]: r[2:] for r in workbook["Per anggota"].iter_rows(3, values_only=True)}
    assert per_member["Budi Santoso"] == (1, 0, 2, 3)
    assert workbook["Rincian"].max_row == 2 + 9


def test_completion_pages_run_a_fixed_number_of_queries(app, world, login_as, count_queries):
    client = login_as("coordinator")
    paths = [
        f"/materi/penyelesaian/{world.org_a}",
        f"/materi/penyelesaian/{world.org_a}?lihat=anggota",
    ]
    before = [count_queries.get(client, p) for p in paths]
    with app.app_context():
        org = db.session.get(Organisation, world.org_a)
        for n in range(12):
            reader = factories.member(org, f"Anggota {n}")
            m = samples.material(f"Materi {n}", audience=AUDIENCE_MEMBERS, slug=f"materi-{n}")
            db.session.commit()
            progress.set_completed(reader, m, True)
    after = [count_queries.get(client, p) for p in paths]
    assert after == before


def _rows(html: str) -> dict[str, list[str]]:
    """Table rows keyed by their first cell's text, the other cells' text as a list."""
    import re

    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
        ]
        if cells:
            rows[cells[0]] = [" ".join(c.split()) for c in cells[1:]]
    return rows


def test_member_summary_for_the_coordinators_page_about_a_member(reading, app):
    from portal import panels
    from portal.models import Membership

    with app.test_request_context():
        membership = db.session.get(Membership, reading.memberships["member"])
        # Other features add their own blocks; this one is about materials.
        (html,) = [h for h in panels.member_summaries(membership) if "materi" in h]
    assert "1 dari 3 materi selesai dipelajari; 1 dibuka." in html
