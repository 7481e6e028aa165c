"""Helpers shared by the member import and directory tests: building spreadsheets."""

import csv
import io
import zipfile

from openpyxl import Workbook

HEADERS = ["Nama lengkap", "Nomor HP", "E-mail", "Kecamatan", "Desa", "Nomor anggota", "Tingkatan"]


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


def big_xlsx(rows, headers=HEADERS) -> bytes:
    """A real XLSX written as raw XML with inline strings: 50,000 rows in a blink, where
    openpyxl takes seconds to write them."""
    from xml.sax.saxutils import escape

    def row_xml(number, values):
        cells = "".join(f'<c t="inlineStr"><is><t>{escape(str(v))}</t></is></c>' for v in values)
        return f'<row r="{number}">{cells}</row>'

    sheet_rows = [row_xml(1, headers)] + [row_xml(i, r) for i, r in enumerate(rows, start=2)]
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rels}"><sheets>'
            '<sheet name="Anggota" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()
