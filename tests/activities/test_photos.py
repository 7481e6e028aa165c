"""Photos are checked by content, re-encoded without EXIF or GPS, downscaled, thumbnailed."""

import io

import pytest
from PIL import Image

from portal.activities import photos

from .factories import gps_exif, jpeg


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_exif_and_gps_are_gone_and_the_photo_is_turned_upright(req):
    original = jpeg(size=(64, 48), exif=gps_exif())
    assert opened(original).getexif().get(0x8825)  # the test photo really has GPS
    result = photos.process(original, "a.jpg")
    full, thumb = opened(result.full), opened(result.thumb)
    assert full.format == "JPEG" and thumb.format == "JPEG"
    assert not full.getexif() and not thumb.getexif()
    assert b"Kamera Uji" not in result.full and b"Exif" not in result.full
    # Orientation 6 means "rotate to view": the stored pixels are upright, 48 wide.
    assert (result.width, result.height) == (48, 64) == full.size


def test_big_photos_are_downscaled_with_a_small_thumbnail(req):
    result = photos.process(jpeg(size=(4000, 3000)), "besar.jpg")
    assert (result.width, result.height) == (1600, 1200)
    assert (result.thumb_width, result.thumb_height) == (320, 240)
    assert opened(result.thumb).size == (320, 240)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_become_jpeg(req, fmt):
    buffer = io.BytesIO()
    Image.new("RGBA", (30, 20), (0, 0, 255, 0)).save(buffer, fmt)
    result = photos.process(buffer.getvalue(), f"x.{fmt.lower()}")
    image = opened(result.full)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.getpixel((5, 5))[0] > 240  # transparency became white, not black


@pytest.mark.parametrize(
    "data",
    [
        b"just some text pretending to be a jpeg",
        b"<html><script>alert(1)</script></html>",
        jpeg()[:200],  # truncated
    ],
    ids=["text", "html", "truncated"],
)
def test_files_that_are_not_photos_are_refused(req, data):
    with pytest.raises(photos.PhotoError, match="bukan foto JPEG, PNG, atau WebP"):
        photos.process(data, "foto.jpg")


def test_gif_is_refused_even_though_pillow_reads_it(req):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    with pytest.raises(photos.PhotoError, match="bukan foto"):
        photos.process(buffer.getvalue(), "x.gif")


def test_over_ten_megabytes_is_refused_before_decoding(req):
    with pytest.raises(photos.PhotoError, match="lebih dari 10 MB"):
        photos.process(b"\xff\xd8" + b"\0" * photos.MAX_BYTES, "besar.jpg")


def test_a_decompression_bomb_is_refused(req):
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")  # 64 megapixels in a few kilobytes
    assert len(buffer.getvalue()) < 100_000
    with pytest.raises(photos.PhotoError, match="terlalu besar resolusinya"):
        photos.process(buffer.getvalue(), "bom.png")
