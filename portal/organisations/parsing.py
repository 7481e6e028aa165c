"""Read a member list from XLSX or CSV into plain rows, or say in Bahasa Indonesia why not.

The file's type is decided by its content, not its name. XLSX is read in openpyxl's
streaming mode after a zip-bomb check; CSV may be UTF-8 (with or without BOM), UTF-16
("Unicode Text" from Excel) or Windows-1252, separated by semicolons, commas or tabs.
"""

import csv
import io
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _

from .import_limits import (  # noqa: F401  (MAX_* are read by the view and the tests)
    MAX_BYTES,
    MAX_PARSE_SECONDS,
    MAX_SHARED_STRINGS,
    MAX_UNZIPPED_BYTES,
    ImportFileError,
    check_xlsx_archive,
    too_big_inside,
    unreadable_xlsx,
)

MAX_ROWS = 5000
# Spreadsheets often carry thousands of formatted but empty rows after the data.
EMPTY_ROWS_THAT_END_THE_DATA = 1000

FIELDS = ("full_name", "phone", "email", "kecamatan", "desa", "member_number", "grade")
REQUIRED = ("full_name", "phone", "desa")
TEMPLATE_HEADERS = {
    "full_name": "Nama lengkap",
    "phone": "Nomor HP",
    "email": "E-mail",
    "kecamatan": "Kecamatan",
    "desa": "Desa",
    "member_number": "Nomor anggota",
    "grade": "Tingkatan",
}
# Header spellings people use, reduced to letters and digits.
HEADER_ALIASES = {
    "full_name": {"namalengkap", "nama", "namaanggota", "namarelawan", "name", "fullname"},
    "phone": {
        "nomorhp",
        "nohp",
        "hp",
        "nomorhandphone",
        "nomortelepon",
        "notelp",
        "notelepon",
        "telepon",
        "telp",
        "nomorwa",
        "nowa",
        "nohpwa",
        "nomorhpwa",
        "hpwa",
        "wa",
        "whatsapp",
        "phone",
    },
    "email": {"email", "surel", "alamatemail"},
    "kecamatan": {"kecamatan", "kec"},
    "desa": {"desa", "desakelurahan", "kelurahan", "kelurahandesa", "village"},
    "member_number": {"nomoranggota", "noanggota", "nia", "nomorindukanggota", "nomorinduk"},
    "grade": {"tingkatan", "jenjang", "tingkat", "grade"},
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@dataclass
class SheetRow:
    line: int  # the row number a spreadsheet shows
    values: dict[str, str]
    formulas: set[str] = field(default_factory=set)  # fields whose cell held a formula


def field_label(name: str) -> str:
    return TEMPLATE_HEADERS[name]


def read_rows(data: bytes) -> list[SheetRow]:
    """The data rows under the header row; raises ImportFileError for an unusable file."""
    if not data:
        raise ImportFileError(_("Berkasnya kosong. Pilih berkas daftar anggota."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _(
                "Berkas lebih dari 5 MB. Pecah daftar menjadi beberapa berkas, "
                "lalu impor satu per satu."
            )
        )
    if data.startswith(b"PK\x03\x04"):
        table = _xlsx_rows(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _(
                "Ini berkas Excel lama (.xls). Di Excel pilih Simpan Sebagai, lalu "
                "Buku Kerja Excel (.xlsx) atau CSV, dan unggah berkas itu."
            )
        )
    else:
        table = _csv_rows(data)
    return _with_header(table)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _(
            "Berkas berisi lebih dari %(max)s baris data. Pecah daftar menjadi beberapa "
            "berkas berisi paling banyak %(max)s baris, lalu impor satu per satu.",
            max=f"{MAX_ROWS:,}".replace(",", "."),
        )
    )


def _xlsx_rows(data: bytes):
    """(line, [(text, is_formula), ...]) for each non-empty row of the first sheet."""
    check_xlsx_archive(data)
    from openpyxl import load_workbook

    deadline = time.monotonic() + MAX_PARSE_SECONDS

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise unreadable_xlsx() from exc
    try:
        if not workbook.worksheets:
            raise unreadable_xlsx()
        rows = []
        empty_run = 0
        for line, cells in enumerate(workbook.worksheets[0].iter_rows(), start=1):
            if time.monotonic() > deadline:
                raise too_big_inside()
            values = [(_cell_text(c.value), getattr(c, "data_type", None) == "f") for c in cells]
            if not any(text for text, _formula in values):
                empty_run += 1
                if empty_run >= EMPTY_ROWS_THAT_END_THE_DATA:
                    break
                continue
            empty_run = 0
            rows.append((line, values))
            if len(rows) > MAX_ROWS + 1:  # the header row plus the limit
                raise _too_many_rows()
    except ImportFileError:
        raise
    except Exception as exc:
        raise unreadable_xlsx() from exc
    finally:
        workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number: 81234567890.0
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    raise ImportFileError(
        _(
            "Berkas ini bukan XLSX dan tidak dapat dibaca sebagai CSV. Simpan daftar dari "
            "Excel sebagai .xlsx, atau sebagai CSV UTF-8."
        )
    )


def _csv_rows(data: bytes):
    text = _decode(data)
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for cells in reader:
            values = [(c.strip(), c.strip().startswith("=")) for c in cells]
            if not any(value for value, _formula in values):
                continue
            rows.append((reader.line_num, values))
            if len(rows) > MAX_ROWS + 1:
                raise _too_many_rows()
    except csv.Error as exc:
        raise ImportFileError(
            _(
                "Berkas CSV ini rusak (tanda kutip atau baris yang tidak lengkap). "
                "Buka di Excel lalu simpan ulang."
            )
        ) from exc
    return rows


def _header_key(text: str) -> str | None:
    key = _NOT_ALNUM.sub("", text.lower())
    for name, aliases in HEADER_ALIASES.items():
        if key in aliases:
            return name
    return None


def _with_header(table) -> list[SheetRow]:
    if not table:
        raise ImportFileError(_("Berkasnya kosong. Isi daftar anggota di bawah baris judul."))
    _line, header = table[0]
    columns: dict[int, str] = {}
    for index, (text, _formula) in enumerate(header):
        name = _header_key(text)
        if name and name not in columns.values():
            columns[index] = name
    missing = [TEMPLATE_HEADERS[name] for name in REQUIRED if name not in columns.values()]
    if missing:
        raise ImportFileError(
            _(
                "Kolom wajib tidak ditemukan di baris pertama: %(columns)s. "
                "Unduh templat untuk melihat susunan kolom yang benar.",
                columns=", ".join(missing),
            )
        )
    rows = []
    for line, cells in table[1:]:
        values = dict.fromkeys(FIELDS, "")
        formulas = set()
        for index, name in columns.items():
            if index < len(cells):
                values[name], is_formula = cells[index]
                if is_formula:
                    formulas.add(name)
        if any(values.values()):
            rows.append(SheetRow(line, values, formulas))
    if not rows:
        raise ImportFileError(_("Tidak ada data anggota di bawah baris judul."))
    return rows
