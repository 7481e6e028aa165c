"""The XLSX of an area page: the page's figures, read back with openpyxl; audited; the
coordinator's holds only their organisation."""

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent
from portal.regions import figures, places

from ..spreadsheet_helpers import assert_office_layout, read_book
from .factories import regency

SHEETS = ["Per bulan", "Relawan per jenis", "Laporan", "Kehadiran rapat", "Cakupan"]


@pytest.fixture
def land(app, world):
    with app.app_context():
        return regency(world)


def _download(client, path, month):
    response = client.post_form(path, {"bulan": month.strftime("%Y-%m")}, token_from="/wilayah/")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return read_book(response.data)


def test_the_kecamatan_workbook_holds_the_page_figures(app, world, login_as, land):
    book = _download(login_as("admin"), f"/wilayah/{land.manggar}/unduh", land.month)
    assert book.sheetnames == ["Per desa", *SHEETS]
    with app.app_context():
        tree = places.load()
        data = figures.build(tree, "kecamatan", tree.by_code[land.manggar], land.month, None)
        by_desa = book["Per desa"]
        assert_office_layout(by_desa, 8)
        rows = {r[0]: r[1:] for r in by_desa.iter_rows(min_row=3, values_only=True)}
        for child in data.children:
            got = rows[child.area.name]
            assert got[0] == child.members
            assert got[1] == child.this.activities and got[4] == child.history.activities
            assert got[2] == round(child.this.minutes / 60, 1)
        by_month = list(book["Per bulan"].iter_rows(min_row=3, values_only=True))
        assert by_month[0][1] == data.this.activities and len(by_month) == 13
        reports = {r[0]: r for r in book["Laporan"].iter_rows(min_row=3, values_only=True)}
        for org in data.organisations:
            assert reports[org.name][2:] == (
                org.members,
                org.reports["submitted"],
                org.reports["verified"],
                org.reports["returned"],
                org.reports["draft"],
            )
        gaps = [r for r in book["Cakupan"].iter_rows(min_row=3, values_only=True)]
        assert len(gaps) == sum(len(g.areas) for g in data.gaps)
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "region.exported"))
        assert event.actor_id == world.ids["admin"]
        assert event.detail["area"] == land.manggar and event.detail["format"] == "xlsx"


def test_the_kabupaten_workbook_of_a_coordinator_is_their_own(login_as, land):
    book = _download(login_as("coordinator"), "/wilayah/unduh", land.month)
    assert "PPKS" in book.sheetnames and "Per kecamatan" in book.sheetnames
    names = [r[0] for r in book["Laporan"].iter_rows(min_row=3, values_only=True)]
    assert names == ["Tagana Uji A"]
    kinds = {r[1] for r in book["Cakupan"].iter_rows(min_row=3, values_only=True)}
    assert kinds <= {"Desa"}  # only the Tagana rule: no kecamatan without TKSK


def test_a_desa_workbook_and_an_unknown_code(app, login_as, land):
    client = login_as("admin")
    book = _download(client, f"/wilayah/{land.manggar}/{land.desa[0]}/unduh", land.month)
    assert book.sheetnames == SHEETS
    response = client.post_form(
        f"/wilayah/{land.gantung}/{land.desa[0]}/unduh", {}, token_from="/wilayah/"
    )
    assert response.status_code == 404
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent.id).where(AuditEvent.action == "region.exported")
        ).all()
        assert len(events) == 1  # the refused download left no row
