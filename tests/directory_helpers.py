"""Helpers shared by the issue 6 tests: counting queries, building spreadsheets."""

import contextlib
import csv
import io

from openpyxl import Workbook
from sqlalchemy import event

from portal.extensions import db

HEADERS = ["Nama lengkap", "Nomor HP", "E-mail", "Kecamatan", "Desa", "Nomor anggota", "Tingkatan"]


@contextlib.contextmanager
def count_queries(app):
    """Counts the SQL statements the app runs inside the block (through the test client)."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def xlsx(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8", delimiter=";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, org_id: int, data: bytes, filename: str = "anggota.xlsx"):
    return client.post_form(
        f"/organisasi/{org_id}/impor",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
