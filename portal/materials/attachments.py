"""Attachments: the type is read from the file's bytes, never from its name or the browser.

PDF starts with %PDF-; DOCX, XLSX and PPTX are ZIP archives holding
[Content_Types].xml and word/, xl/ or ppt/ parts; JPEG and PNG have their
signatures and are re-encoded with Pillow, which drops EXIF (GPS included) and
anything hidden after the image data.
"""

import io
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
# Room for the other fields of the form (a long Markdown body) around the file.
MAX_REQUEST_BYTES = MAX_BYTES + 1024 * 1024
MAX_IMAGE_SIDE = 2400
# As for activity photos (activities/photos.py): a JPEG is decoded at a reduced size, a
# PNG whole (4 bytes a pixel, more than once for a moment), so a worker stays under
# about 300 MB.
MAX_IMAGE_PIXELS = {"jpg": 50_000_000, "png": 12_000_000}

MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "png": "image/png",
}
LABELS = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "jpg": "JPEG",
    "png": "PNG",
}
OFFICE_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))


class AttachmentRejected(ValueError):
    """The bytes are not one of the allowed types."""


class ImageTooLarge(AttachmentRejected):
    """An image with more pixels than MAX_IMAGE_PIXELS allows; args[0] is the limit."""


@dataclass(frozen=True)
class Attachment:
    data: bytes
    extension: str

    @property
    def mimetype(self) -> str:
        return MIMETYPES[self.extension]


def upload_size(file_storage) -> int:
    """Size of an uploaded file without reading it into memory."""
    stream = file_storage.stream
    position = stream.tell()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def detect(data: bytes) -> str | None:
    """The extension that the content really has, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        return _office_type(data)
    return None


def _office_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, extension in OFFICE_PARTS:
        if any(name.startswith(prefix) for name in names):
            return extension
    return None


def inspect(data: bytes) -> Attachment:
    """Check the content; images come back re-encoded. Raises AttachmentRejected."""
    extension = detect(data)
    if extension is None:
        raise AttachmentRejected(data[:8])
    if extension in ("jpg", "png"):
        data = _reencode(data, extension)
    return Attachment(data, extension)


def _reencode(data: bytes, extension: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as image:
            limit = MAX_IMAGE_PIXELS[extension]
            if image.width * image.height > limit:
                raise ImageTooLarge(limit)
            image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # JPEG: decode smaller
            image.load()
            image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))  # in place, before any copy
            image = ImageOps.exif_transpose(image)
            # No JPEG comment, ICC profile or PNG text carried over; a palette's
            # transparency is part of the picture.
            image.info = {k: v for k, v in image.info.items() if k == "transparency"}
            out = io.BytesIO()
            if extension == "jpg":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            else:
                image.save(out, "PNG", optimize=True)
    except ImageTooLarge:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise AttachmentRejected("image") from exc
    return out.getvalue()
