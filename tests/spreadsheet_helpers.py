"""Reading back the XLSX files the portal writes: the layout every office workbook has."""

import io

import openpyxl


def read_book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def column_width(sheet, letter: str) -> float:
    return sheet.column_dimensions[letter].width


def assert_office_layout(sheet, columns: int) -> None:
    """Title in A1, headers in row 2 (bold), frozen under them, filtered, printed well."""
    assert "dibuat" in sheet["A1"].value
    assert sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    last = openpyxl.utils.get_column_letter(columns)
    assert sheet.auto_filter.ref.startswith(f"A2:{last}")
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # 1 wide
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
