"""Test data for pembinaan material: sample files of every allowed type, and materials."""

import io
import zipfile

from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.models import Material, Organisation
from portal.models.base import utcnow
from portal.models.materials import AUDIENCE_ORGANISATIONS, PUBLISHED

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def office_file(part: str) -> bytes:
    """A minimal OOXML package: [Content_Types].xml and one part under word/, xl/ or ppt/."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def xlsx_file() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Daftar hadir"
    workbook.save(buffer)
    return buffer.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (10, 120, 90))
    exif = Image.Exif()
    exif[0x010F] = "Kamera Uji"  # Make
    exif[0x8825] = {2: (2.0, 50.0, 0.0)}  # GPSInfo: latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_file() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str):
    """A file field value for the test client."""
    return (io.BytesIO(data), name)


def material(
    title: str = "SOP Evakuasi Banjir",
    *,
    org_id: int | None = None,
    audience: str = AUDIENCE_ORGANISATIONS,
    for_orgs: tuple[int, ...] = (),
    status: str = PUBLISHED,
    kind: str = "sop",
    summary: str = "Langkah evakuasi warga saat banjir.",
    body: str = "Kumpulkan warga di **titik kumpul**.",
    slug: str | None = None,
    **kw,
) -> Material:
    """A material made through the model, for tests that are not about publishing."""
    now = utcnow()
    m = Material(
        slug=slug or title.lower().replace(" ", "-"),
        title=title,
        kind=kind,
        summary=summary,
        body=body,
        audience=audience,
        status=status,
        organisation_id=org_id,
        published_at=now if status == PUBLISHED else None,
        updated_at=now,
        **kw,
    )
    m.organisations = list(
        db.session.scalars(select(Organisation).where(Organisation.id.in_(for_orgs)))
    )
    db.session.add(m)
    db.session.flush()
    return m
