"""The limits of a member-list upload, and the check that an XLSX archive keeps them
before openpyxl reads it: a small zip can unpack to gigabytes or to millions of shared
strings (a zip bomb), so the parts are measured and the strings counted first."""

import io
import re
import zipfile

from flask_babel import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 80 * 1024 * 1024
# Each part too, measured unzipped (zipfile refuses a part longer than it declares).
# Sheets are read row by row, so they may be larger than the rest.
MAX_PART_BYTES = 8 * 1024 * 1024
MAX_SHEET_BYTES = 40 * 1024 * 1024
# A 179 KB file can hold 4.3 million shared strings, which openpyxl reads whole before the
# first row (31 s; 480,000 of them still take 10 s). A list of 5,000 people with seven
# columns has at most 35,000; they are counted (fast) before openpyxl reads them.
MAX_SHARED_STRINGS = 50_000
SHARED_STRING_RE = re.compile(rb"<(?:\w+:)?si[\s/>]")
# Reading the rows stops after this long: a worker is not held for a file no one can use.
MAX_PARSE_SECONDS = 10.0


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def unreadable_xlsx() -> ImportFileError:
    return ImportFileError(
        _(
            "Berkas ini tidak dapat dibaca sebagai XLSX: mungkin rusak atau bukan berkas Excel. "
            "Buka di Excel lalu simpan ulang sebagai .xlsx atau CSV."
        )
    )


def check_xlsx_archive(data: bytes) -> None:
    """Raises ImportFileError unless data is a workbook whose parts keep the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable_xlsx() from exc
    if "xl/workbook.xml" not in {part.filename for part in parts}:
        raise unreadable_xlsx()
    if sum(part.file_size for part in parts) > MAX_UNZIPPED_BYTES or any(
        part.file_size > _part_limit(part.filename) for part in parts
    ):
        raise too_big_inside()
    if _shared_strings(data, parts) > MAX_SHARED_STRINGS:
        raise too_big_inside()


def _shared_strings(data: bytes, parts) -> int:
    """How many shared strings the workbook holds, counted while unzipping in chunks."""
    count = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in parts:
            if not part.filename.lower().endswith("sharedstrings.xml"):
                continue
            with archive.open(part) as stream:
                tail = b""
                while chunk := stream.read(1024 * 1024):
                    text = tail + chunk
                    # A tag cut at the chunk's end is counted with the next chunk.
                    cut = max(0, len(text) - 16)
                    count += sum(1 for m in SHARED_STRING_RE.finditer(text) if m.start() < cut)
                    tail = text[cut:]
                    if count > MAX_SHARED_STRINGS:
                        return count
                count += len(SHARED_STRING_RE.findall(tail))
    return count


def _part_limit(name: str) -> int:
    return MAX_SHEET_BYTES if name.startswith("xl/worksheets/") else MAX_PART_BYTES


def too_big_inside() -> ImportFileError:
    return ImportFileError(
        _(
            "Isi berkas XLSX ini terlalu besar untuk dibaca. Pecah daftar menjadi beberapa "
            "berkas, atau simpan sebagai CSV, lalu impor lagi."
        )
    )
