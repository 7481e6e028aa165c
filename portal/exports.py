"""CSV and XLSX downloads, with spreadsheet formula injection defused.

Callers pass headers and rows of plain values; every text cell that a spreadsheet
would read as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Text that could start a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime) and value.tzinfo is not None:
        from .i18n import to_wib

        return to_wib(value).replace(tzinfo=None)
    return value


def _attachment(filename: str) -> dict:
    return {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> Response:
    """UTF-8 with BOM and semicolons, which Excel in Indonesian locale opens correctly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
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
    return value


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """sheets: (title, headers, rows). Written in write-only mode, so 10,000s of rows fit."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = Font(bold=True)
        from openpyxl.cell import WriteOnlyCell

        header_cells = []
        for name in headers:
            cell = WriteOnlyCell(sheet, value=name)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets) -> Response:
    return Response(xlsx_bytes(sheets), mimetype=XLSX_MIME, headers=_attachment(filename))
