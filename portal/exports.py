"""CSV and XLSX downloads, with spreadsheet formula injection defused.

Callers pass headers and rows of plain values; every text cell that a spreadsheet
would read as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe.

XLSX is written by XlsxWriter in constant-memory mode, one builder for every workbook
(`Sheet`): a title row (what, whom, when), the header row frozen, with an autofilter and
repeated on every printed page (A4 landscape, one page wide), column widths fitted to
the content, dates `dd/mm/yyyy`, times `hh.mm`, money as numbers in a Rupiah format, and
drop-down lists (`Column.choices`, kept on a hidden sheet). openpyxl only reads.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import Response
from flask_babel import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

AUTO, TEXT, MONEY, DATE, TIME, DATETIME = "auto", "text", "money", "date", "time", "datetime"
NUMBER_FORMATS = {
    DATE: "dd/mm/yyyy",
    TIME: "hh.mm",
    DATETIME: "dd/mm/yyyy hh.mm",
    MONEY: '"Rp"#,##0',
    TEXT: "@",
}
MAX_WIDTH, MIN_WIDTH = 60, 6
SHOWN_WIDTH = {DATE: 10, TIME: 5, DATETIME: 16}
LISTS_SHEET = "Daftar"


def safe_cell(value):
    """Text that could start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        from .i18n import to_wib

        return to_wib(value).replace(tzinfo=None)
    return value


@dataclass(frozen=True)
class Column:
    """A column's header, how its cells are shown, and the values a drop-down offers."""

    header: str
    kind: str = AUTO
    choices: Sequence[str] = ()

    def __str__(self) -> str:
        return str(self.header)


@dataclass
class Sheet:
    """One worksheet. title: what and whom ("Daftar hadir · Rakor Tagana"); the time it
    was made is added. title=None leaves the title row out (the import template, whose
    first row the import reads as the headers). blank_rows: rows formatted and with the
    drop-downs for filling in, below the data."""

    name: str
    columns: Sequence
    rows: Iterable[Sequence]
    title: str | None = ""
    blank_rows: int = 0
    widths: dict = field(default_factory=dict)


def _attachment(filename: str) -> dict:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


def csv_response(filename: str, headers: Sequence, rows: Iterable[Sequence]) -> Response:
    """UTF-8 with BOM and semicolons, which Excel in Indonesian locale opens correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else _csv_value(safe_cell(v)) for v in row])
    return Response(
        buffer.getvalue(), content_type="text/csv; charset=utf-8", headers=_attachment(filename)
    )


def _csv_value(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return value


def _as_sheet(item) -> Sheet:
    return item if isinstance(item, Sheet) else Sheet(*item)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", str(name)).strip("'")[:31] or "Lembar"
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


class _Builder:
    def __init__(self, buffer):
        import xlsxwriter  # 2.3 MB, for the few requests that export: not in every worker

        self.book = xlsxwriter.Workbook(
            buffer,
            {
                "constant_memory": True,
                # Text stays text: nothing a person typed becomes a formula, link or number.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.formats = {
            kind: self.book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()
        }
        self.title_format = self.book.add_format({"bold": True, "font_size": 13})
        self.header_format = self.book.add_format(
            {"bold": True, "bg_color": "#E8EEF4", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.names: set[str] = set()
        self.lists = None  # the hidden sheet of drop-down values, made when first needed
        self.list_columns = 0

    def _list_range(self, values: Sequence[str]) -> str:
        if self.lists is None:
            self.lists = self.book.add_worksheet(_sheet_name(LISTS_SHEET, self.names))
            self.lists.hide()
        col = self.list_columns
        self.list_columns += 1
        for row, value in enumerate(values):
            self.lists.write_string(row, col, str(value))
        from xlsxwriter.utility import xl_col_to_name

        letter = xl_col_to_name(col)
        return f"='{self.lists.name}'!${letter}$1:${letter}${max(len(values), 1)}"

    def add(self, sheet: Sheet) -> None:
        ws = self.book.add_worksheet(_sheet_name(sheet.name, self.names))
        columns = [c if isinstance(c, Column) else Column(str(c)) for c in sheet.columns]
        widths = [len(str(c.header)) for c in columns]
        row = 0
        if sheet.title is not None:
            from .i18n import datetime_wib, now_utc

            what = sheet.title or sheet.name
            text = _("%(what)s · dibuat %(when)s", what=what, when=datetime_wib(now_utc()))
            ws.write_string(0, 0, text, self.title_format)
            ws.set_row(0, 20)
            row = 1
        header = row
        for col, column in enumerate(columns):
            ws.write_string(header, col, str(column.header), self.header_format)
        for values in sheet.rows:
            row += 1
            for col, value in enumerate(values):
                if col >= len(columns):
                    columns.append(Column(""))
                    widths.append(0)
                widths[col] = max(widths[col], self._write(ws, row, col, value, columns[col]))
        last = row
        for _i in range(sheet.blank_rows):
            row += 1
        for col, column in enumerate(columns):
            width = sheet.widths.get(col) or min(max(widths[col] + 2, MIN_WIDTH), MAX_WIDTH)
            ws.set_column(col, col, width, self.formats.get(column.kind))
            if column.choices and row > header:
                ws.data_validation(
                    header + 1,
                    col,
                    row,
                    col,
                    {
                        "validate": "list",
                        "source": self._list_range(column.choices),
                        "error_title": _("Pilih dari daftar"),
                        "error_message": _("Pilih salah satu nilai dari daftar."),
                    },
                )
        ws.freeze_panes(header + 1, 0)
        ws.autofilter(header, 0, max(last, header), max(len(columns) - 1, 0))
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)

    def _write(self, ws, row: int, col: int, value, column: Column) -> int:
        """Writes one cell; returns how wide it shows, in characters."""
        value = safe_cell(value)
        if value is None or value == "":
            return 0
        kind = column.kind
        if isinstance(value, bool):
            ws.write_boolean(row, col, value)
            return 5
        if isinstance(value, datetime):
            kind = kind if kind in (DATE, TIME) else DATETIME
            ws.write_datetime(row, col, value, self.formats[kind])
            return SHOWN_WIDTH[kind]
        if isinstance(value, date):
            ws.write_datetime(row, col, datetime.combine(value, time()), self.formats[DATE])
            return SHOWN_WIDTH[DATE]
        if isinstance(value, time):
            ws.write_datetime(row, col, value, self.formats[TIME])
            return SHOWN_WIDTH[TIME]
        if isinstance(value, int | float) and kind != TEXT:
            ws.write_number(row, col, value, self.formats.get(kind))
            shown = f"Rp{value:,.0f}" if kind == MONEY else f"{value:,}"
            return len(shown)
        text = str(value)
        ws.write_string(row, col, text, self.formats.get(kind))
        return max((len(line) for line in text.splitlines()), default=0)

    def close(self) -> None:
        self.book.close()


def xlsx_bytes(sheets: Sequence) -> bytes:
    """sheets: Sheet, or (name, headers, rows) tuples. 10,000s of rows stay in little memory."""
    buffer = io.BytesIO()
    builder = _Builder(buffer)
    for item in sheets:
        builder.add(_as_sheet(item))
    builder.close()
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> Response:
    return Response(xlsx_bytes(sheets), mimetype=XLSX_MIME, headers=_attachment(filename))
