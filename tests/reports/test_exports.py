"""Exports through the page: XLSX and CSV, a month or a range, escaped, audited, scoped."""

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.models import AuditEvent

from ..activities import factories as af
from ..activities.helpers import errors_in
from ..spreadsheet_helpers import assert_office_layout, read_book


def read_xlsx(data: bytes) -> dict[str, list[tuple]]:
    """Each sheet's rows under its title row ("Kegiatan Tagana Uji A, ... · dibuat ...")."""
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    assert all("dibuat" in rows[0][0] for rows in sheets.values())
    return {title: rows[1:] for title, rows in sheets.items()}


def test_export_xlsx_has_one_row_per_activity_a_summary_and_escapes_formulas(login_as, app, world):
    with app.app_context():
        af.activity(
            world.ids["member"],
            world.org_a,
            title='=HYPERLINK("http://x")',
            description="+6281234",
            ppks_codes=("ABT", "AT"),
        )
        af.activity(world.ids["member"], world.org_a, title="@SUM(A1)", description="-1")
        db.session.commit()
    response = login_as("coordinator").post_form(
        "/laporan/ekspor",
        {
            "organisation": str(world.org_a),
            "period": "month",
            "month": af.this_month(),
            "format": "xlsx",
        },
    )
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "attachment" in response.headers["Content-Disposition"]
    book = read_book(response.data)
    assert_office_layout(book["Kegiatan"], 15)
    assert_office_layout(book["Ringkasan per anggota"], 7)
    assert "Tagana Uji A" in book["Kegiatan"]["A1"].value
    assert book["Kegiatan"]["A3"].number_format == "dd/mm/yyyy"
    sheets = read_xlsx(response.data)
    activities, summary = sheets["Kegiatan"], sheets["Ringkasan per anggota"]
    assert activities[0][:3] == ("Tanggal", "Organisasi", "Nama anggota")
    titles = {row[5]: row for row in activities[1:]}
    assert set(titles) == {'\'=HYPERLINK("http://x")', "'@SUM(A1)"}
    row = titles['\'=HYPERLINK("http://x")']
    assert row[6] == "'+6281234" and row[12] == "Anak Balita Telantar, Anak Telantar"
    assert titles["'@SUM(A1)"][6] == "'-1"
    assert [r[1] for r in summary[1:]] == ["Anggota Uji", "Koordinator Uji A"]
    assert summary[1][3] == 2 and summary[2][3] == 0
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report.exported"))
        assert event.actor_id == world.ids["coordinator"] and event.detail["rows"] == 2
        assert event.detail["organisation_id"] == world.org_a


def test_export_csv_of_a_date_range_for_every_organisation(login_as, app, world):
    with app.app_context():
        af.activity(world.ids["member"], world.org_a, done_on=months.current())
        af.activity(world.ids["other_coordinator"], world.org_b, done_on=months.current())
        db.session.commit()
    start = months.shift(months.current(), -2)
    response = login_as("admin").post_form(
        "/laporan/ekspor",
        {
            "organisation": "",
            "period": "range",
            "start": start.isoformat(),
            "end": months.last_day(months.current()).isoformat(),
            "format": "csv",
        },
    )
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"Tagana Uji A", "PSM Uji B"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "month", "month": "2099-01"}, "Bulan ini belum tiba."),
        ({"period": "month", "month": "bukan bulan"}, "Isi bulan"),
        ({"period": "range", "start": "2026-03-01", "end": "2026-02-01"}, "sebelum tanggal awal"),
        ({"period": "range", "start": "2024-01-01", "end": "2025-06-01"}, "satu tahun"),
        ({"period": "range", "start": "2026-01-01"}, "Isi tanggal awal dan akhir."),
        # One organisation only: "all" is not among the coordinator's choices.
        ({"organisation": "", "month": "2026-01"}, "Pilih organisasi dari daftar."),
    ],
)
def test_export_bad_periods_are_refused_and_nothing_is_audited(login_as, app, world, data, message):
    response = login_as("coordinator").post_form(
        "/laporan/ekspor", {"organisation": str(world.org_a), "format": "xlsx", **data}
    )
    assert response.status_code == 422
    assert message in " ".join(errors_in(response.get_data(as_text=True)))
    with app.app_context():
        assert (
            db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "report.exported"))
            is None
        )


def test_exporting_another_organisation_is_not_found(login_as, world):
    response = login_as("other_coordinator").post_form(
        "/laporan/ekspor",
        {
            "organisation": str(world.org_a),
            "period": "month",
            "month": af.this_month(),
            "format": "csv",
        },
    )
    assert response.status_code == 404
