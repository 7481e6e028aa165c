"""Every XLSX opens cleanly: a title row, the header frozen with an autofilter and repeated
on printed A4 landscape pages, widths fitted to the content, real dates and times, money
as numbers in a Rupiah format; the import template's drop-downs and text phone column."""

import io
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal import exports
from portal.extensions import db
from portal.models import Invitation, User
from portal.payments import services as payments

from ..directory_helpers import upload
from ..meetings import factories as mf
from ..payments import factories as pf
from ..spreadsheet_helpers import assert_office_layout, column_width, read_book


def test_the_builder_formats_dates_times_money_and_fits_widths(req):
    long_name = "Nama yang panjang sekali untuk kolom ini"
    data = exports.xlsx_bytes(
        [
            exports.Sheet(
                "Uji",
                [
                    "Tanggal",
                    exports.Column("Nama"),
                    exports.Column("Jumlah", exports.MONEY),
                    exports.Column("Jam", exports.TIME),
                    exports.Column("Dicatat"),
                    exports.Column("No. HP", exports.TEXT),
                ],
                [
                    [
                        date(2026, 12, 2),
                        long_name,
                        200_000,
                        datetime(2026, 12, 2, 9, 30),
                        datetime(2026, 12, 2, 9, 30),
                        "0813 1234",
                    ],
                    [date(2026, 12, 3), "=1+1", 1_000_000, None, None, "+62813"],
                ],
                title="Uji coba",
            )
        ]
    )
    sheet = read_book(data)["Uji"]
    assert_office_layout(sheet, 6)
    assert sheet["A1"].value.startswith("Uji coba · dibuat ")
    assert sheet["A3"].value == datetime(2026, 12, 2) and sheet["A3"].number_format == "dd/mm/yyyy"
    assert sheet["C3"].value == 200_000 and sheet["C3"].number_format == '"Rp"#,##0'
    assert sheet["D3"].number_format == "hh.mm"
    assert sheet["E3"].number_format == "dd/mm/yyyy hh.mm"
    assert sheet["F4"].value == "'+62813" and sheet["B4"].value == "'=1+1"  # no formulas
    assert sheet["B4"].data_type == "s"
    assert column_width(sheet, "B") >= len(long_name) and column_width(sheet, "A") < 20


def test_the_payment_list_workbook(app, world, login_as):
    with app.app_context():
        reports = pf.month_of_reports(world)
        run = payments.fix(db.session.get(User, world.ids["admin"]), reports.month)
        db.session.commit()
        run_id = run.id
    admin = login_as("admin")
    response = admin.post_form(f"/tali-asih/{run_id}/unduh", token_from=f"/tali-asih/{run_id}")
    book = read_book(response.data)
    paid, apart = book["Dibayar"], book["Tidak dibayar"]
    assert_office_layout(paid, 6)
    assert_office_layout(apart, 5)
    assert "tali asih" in paid["A1"].value
    amounts = {row[1].value: row[5] for row in paid.iter_rows(min_row=3)}
    assert amounts["Pendamping Kecamatan"].value == 1_000_000
    assert amounts["Jumlah"].value == 1_200_000
    assert amounts["Jumlah"].number_format == '"Rp"#,##0'
    reasons = {row[1]: row[4] for row in apart.iter_rows(min_row=3, values_only=True)}
    assert reasons["Anggota Dikembalikan"] == "Laporan dikembalikan"


def test_the_member_list_workbook(app, world, login_as):
    response = login_as("coordinator").post_form(f"/organisasi/{world.org_a}/anggota.xlsx")
    sheet = read_book(response.data)["Anggota"]
    assert_office_layout(sheet, 12)
    assert "Tagana Uji A" in sheet["A1"].value
    rows = list(sheet.iter_rows(min_row=3))
    assert rows[0][1].number_format == "@" and rows[0][1].value.startswith("0813")
    assert rows[0][9].number_format == "dd/mm/yyyy hh.mm"
    assert rows[0][10].number_format == "dd/mm/yyyy"


def test_the_daftar_hadir_workbook(app, world, login_as):
    with app.app_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=-1))
        invitation = db.session.scalar(
            select(Invitation).where(
                Invitation.meeting_id == meeting.id, Invitation.user_id == world.ids["member"]
            )
        )
        invitation.checked_in_at = meeting.starts_at
        invitation.attendance = "hadir"
        db.session.commit()
        meeting_id = meeting.id
    response = login_as("coordinator").post_form(f"/rapat/{meeting_id}/daftar-hadir.xlsx")
    sheet = read_book(response.data)["Daftar hadir"]
    assert_office_layout(sheet, 8)
    checked = [row[6] for row in sheet.iter_rows(min_row=3) if row[6].value is not None]
    assert checked and checked[0].number_format == "hh.mm"
    assert isinstance(checked[0].value, datetime)
    assert column_width(sheet, "H") >= 28  # room to sign


def test_the_completion_workbook(app, world, login_as):
    response = login_as("coordinator").post_form(f"/materi/penyelesaian/{world.org_a}/unduh.xlsx")
    book = read_book(response.data)
    for name, columns in (("Per materi", 6), ("Per anggota", 6), ("Rincian", 8)):
        assert_office_layout(book[name], columns)


def test_the_import_template_has_drop_downs_and_a_text_phone_column(app, world, login_as):
    response = login_as("coordinator").get(f"/organisasi/{world.org_a}/impor/templat.xlsx")
    book = read_book(response.data)
    sheet = book["Anggota"]
    assert [c.value for c in sheet[1]][:5] == [
        "Nama lengkap",
        "Nomor HP",
        "E-mail",
        "Kecamatan",
        "Desa",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].number_format == "@"  # Excel keeps the leading 0
    lists = book["Daftar"]
    assert lists.sheet_state == "hidden"
    by_column = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.type == "list"
        _sheet, cells = validation.formula1.split("!")
        column = cells.split(":")[0].strip("$").rstrip("0123456789").strip("$")
        values = [c.value for c in lists[column] if c.value]
        by_column[str(validation.sqref).split(":")[0].rstrip("0123456789")] = values
    assert set(by_column) == {"D", "E"}
    assert "Manggar" in by_column["D"] and len(by_column["D"]) == 7
    assert "Lalang Jaya" in by_column["E"] and len(by_column["E"]) >= 30
    assert str(sheet.data_validations.dataValidation[0].sqref).endswith("1001")


def test_the_filled_in_template_imports(app, world, login_as):
    client = login_as("coordinator")
    template = client.get(f"/organisasi/{world.org_a}/impor/templat.xlsx").data
    book = read_book(template)
    sheet = book["Anggota"]
    for column, value in enumerate(
        ["Siti Aminah", "081211112222", "", "Manggar", "Lalang Jaya", "T-01", ""], start=1
    ):
        sheet.cell(row=2, column=column, value=value or None)
    filled = io.BytesIO()
    book.save(filled)
    preview = upload(client, world.org_a, filled.getvalue())
    assert preview.status_code == 303
    text = client.get(preview.location).get_data(as_text=True)
    assert "Siti Aminah" in text and "Lalang Jaya" in text
