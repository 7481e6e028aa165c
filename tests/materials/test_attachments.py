"""Attachment types are read from the bytes: the allowed ones pass, everything else is refused."""

import io
import zipfile

import pytest
from PIL import Image

from portal.materials import attachments

from . import samples


@pytest.mark.parametrize(
    ("data", "extension"),
    [
        (samples.PDF, "pdf"),
        (samples.office_file("word/document.xml"), "docx"),
        (samples.xlsx_file(), "xlsx"),
        (samples.office_file("ppt/presentation.xml"), "pptx"),
        (samples.jpeg_with_gps(), "jpg"),
        (samples.png_file(), "png"),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "jpeg", "png"],
)
def test_allowed_types_are_recognised_by_content(data, extension):
    result = attachments.inspect(data)
    assert result.extension == extension
    assert result.mimetype == attachments.MIMETYPES[extension]


def _zip(*names) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03 a Windows program named laporan.pdf",
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"GIF89a\x01\x00\x01\x00",
        b" %PDF-1.4 a space before the signature",
        b"",
        _zip("readme.txt"),  # a ZIP, but no Office package
        _zip("[Content_Types].xml", "other/part.xml"),  # package of no allowed kind
        _zip("word/document.xml"),  # no [Content_Types].xml
        b"PK\x03\x04 truncated archive",
        b"\xff\xd8\xff\xe0 not really a JPEG after the signature",
        b"\x89PNG\r\n\x1a\n broken PNG",
    ],
    ids=[
        "exe",
        "html",
        "svg",
        "gif",
        "pdf-not-at-start",
        "empty",
        "plain-zip",
        "zip-other-package",
        "zip-without-content-types",
        "broken-zip",
        "broken-jpeg",
        "broken-png",
    ],
)
def test_other_content_is_rejected(data):
    with pytest.raises(attachments.AttachmentRejected):
        attachments.inspect(data)


def test_jpeg_is_reencoded_without_exif_or_gps():
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the sample has GPS
    cleaned = attachments.inspect(original).data
    exif = Image.open(io.BytesIO(cleaned)).getexif()
    assert not exif.get(0x8825) and not exif.get(0x010F)


def test_large_images_are_scaled_down():
    buffer = io.BytesIO()
    Image.new("RGB", (3000, 600), (0, 0, 0)).save(buffer, "PNG")
    cleaned = attachments.inspect(buffer.getvalue()).data
    assert Image.open(io.BytesIO(cleaned)).size == (attachments.MAX_IMAGE_SIDE, 480)


def test_an_image_with_too_many_pixels_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("RGBA", (7000, 7000), (1, 2, 3, 255)).save(buffer, "PNG")
    with pytest.raises(attachments.ImageTooLarge):
        attachments.inspect(buffer.getvalue())


def test_the_jpeg_comment_does_not_survive():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30)).save(buffer, "JPEG", comment=b"Lokasi: rumah korban")
    assert b"rumah korban" not in attachments.inspect(buffer.getvalue()).data
