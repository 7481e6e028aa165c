"""Reading member lists: XLSX and CSV in their real-world shapes, and the bad ones."""

import io
import time
import zipfile

import pytest

from portal.extensions import db
from portal.organisations import import_limits, parsing
from portal.organisations.parsing import ImportFileError, read_rows

from ..directory_helpers import big_xlsx, csv_bytes, xlsx
from ..helpers import make_app

ROW = ["Siti Aminah", "0812-1111-2222", "", "Manggar", "Lalang Jaya", "NIA-1", "Madya"]


@pytest.fixture(scope="module")
def reading_app(tmp_path_factory):
    """Reading a file touches no database: one app serves this whole module."""
    app = make_app(tmp_path_factory.mktemp("files"))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def rctx(reading_app):
    """Messages are translated, so reading runs in a request context."""
    with reading_app.test_request_context():
        yield


def test_xlsx_rows_keep_spreadsheet_line_numbers(rctx):
    rows = read_rows(xlsx([ROW, [], ["Budi", 81233334444, None, None, "Kelubi"]]))
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].values["full_name"] == "Siti Aminah"
    assert rows[0].values["grade"] == "Madya"
    assert rows[1].values["phone"] == "81233334444"  # a number cell, not 8.1e10


def test_formulas_are_flagged_not_evaluated(rctx):
    rows = read_rows(xlsx([["Ani", "=A1", "", "", "Kelubi"]]))
    assert rows[0].formulas == {"phone"}
    rows = read_rows(csv_bytes([["=HYPERLINK(1)", "0812", "", "", "Kelubi"]]))
    assert rows[0].formulas == {"full_name"}


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_in_each_delimiter(rctx, delimiter):
    rows = read_rows(csv_bytes([ROW], delimiter=delimiter))
    assert rows[0].values["desa"] == "Lalang Jaya"


def test_windows_1252_csv_keeps_its_accents(rctx):
    data = csv_bytes([["José Ñoño", "081211112222", "", "", "Kelubi"]], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_rows(data)[0].values["full_name"] == "José Ñoño"


def test_utf8_with_bom_and_utf16_csv(rctx):
    bom = "\ufeff".encode() + csv_bytes([ROW])
    assert read_rows(bom)[0].values["full_name"] == "Siti Aminah"
    utf16 = csv_bytes([ROW], encoding="utf-16", delimiter="\t")
    assert read_rows(utf16)[0].values["phone"] == "0812-1111-2222"


def test_header_spellings_people_use(rctx):
    headers = ["No.", "NAMA", "No HP/WA", "Desa/Kelurahan", "NIA"]
    rows = read_rows(xlsx([["1", "Siti", "0812 1111 2222", "Kelubi", "T-9"]], headers=headers))
    assert rows[0].values["full_name"] == "Siti"
    assert rows[0].values["phone"] == "0812 1111 2222"
    assert rows[0].values["member_number"] == "T-9"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkasnya kosong"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "Ini berkas Excel lama (.xls)"),
        (b"PK\x03\x04 broken zip", "tidak dapat dibaca sebagai XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tidak dapat dibaca sebagai CSV"),
        (
            b"Nama;Alamat\nSiti;Jalan",
            "Kolom wajib tidak ditemukan di baris pertama: Nomor HP, Desa",
        ),
        (b"Nama lengkap;Nomor HP;Desa\n", "Tidak ada data anggota di bawah baris judul"),
        (b'Nama lengkap;Nomor HP;Desa\n"Siti;0812', "Berkas CSV ini rusak"),
    ],
)
def test_unusable_files_get_a_clear_message(rctx, data, message):
    with pytest.raises(ImportFileError) as caught:
        read_rows(data)
    assert message in str(caught.value)


def test_a_docx_is_not_a_spreadsheet(rctx):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ImportFileError, match="tidak dapat dibaca sebagai XLSX"):
        read_rows(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_opened(rctx, monkeypatch):
    # The same check as for 80 MB, at a size that is quick to compress in a test.
    monkeypatch.setattr(import_limits, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", "a" * (import_limits.MAX_UNZIPPED_BYTES + 1))
    assert len(buffer.getvalue()) < 10_000  # small to upload, huge once opened
    with pytest.raises(ImportFileError, match="Isi berkas XLSX ini terlalu besar"):
        read_rows(buffer.getvalue())


def _shared_strings_bomb(count: int) -> bytes:
    """A real workbook whose shared-strings part holds `count` one-letter strings."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx([ROW]))) as src,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
    ):
        for info in src.infolist():
            if info.filename != "xl/sharedStrings.xml":
                out.writestr(info.filename, src.read(info.filename))
        out.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + b"<si><t>a</t></si>" * count
            + b"</sst>",
        )
    return buffer.getvalue()


def test_millions_of_shared_strings_are_refused_within_seconds(rctx):
    # The file from the report: 179 KB, 4.3 million shared strings, 31 s in openpyxl.
    data = _shared_strings_bomb(4_300_000)
    assert len(data) < 250_000
    started = time.monotonic()
    with pytest.raises(ImportFileError, match="Isi berkas XLSX ini terlalu besar untuk dibaca"):
        read_rows(data)
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    ("count", "refused"),
    [(parsing.MAX_SHARED_STRINGS - 10, False), (parsing.MAX_SHARED_STRINGS + 1, True)],
)
def test_shared_strings_are_counted_across_chunks(rctx, count, refused):
    data = _shared_strings_bomb(count)  # 17 bytes each: tags cut at 1 MB chunk boundaries
    if refused:
        with pytest.raises(ImportFileError, match="terlalu besar untuk dibaca"):
            read_rows(data)
    else:
        assert len(read_rows(data)) == 1


def test_reading_stops_after_its_time_is_up(rctx, monkeypatch):
    data = xlsx([ROW])
    assert len(read_rows(data)) == 1
    monkeypatch.setattr(parsing, "MAX_PARSE_SECONDS", -1)
    with pytest.raises(ImportFileError, match="simpan sebagai CSV"):
        read_rows(data)


def test_50000_rows_are_refused_with_a_message(rctx):
    rows = [[f"Orang {i}", f"0812{i:08d}", "", "", "Kelubi"] for i in range(50_000)]
    with pytest.raises(ImportFileError, match=r"lebih dari 5\.000 baris"):
        read_rows(big_xlsx(rows))
    big_csv = csv_bytes(rows)
    with pytest.raises(ImportFileError, match=r"lebih dari 5\.000 baris"):
        read_rows(big_csv)


def test_a_large_list_within_the_limit_is_read_whole(rctx):
    rows = [[f"Orang {i}", f"0812{i:08d}", "", "", "Kelubi"] for i in range(5000)]
    read = read_rows(big_xlsx(rows))
    assert len(read) == 5000 and read[-1].values["full_name"] == "Orang 4999"


def test_over_5_mb_is_refused(rctx):
    with pytest.raises(ImportFileError, match="lebih dari 5 MB"):
        read_rows(b"x" * (parsing.MAX_BYTES + 1))
