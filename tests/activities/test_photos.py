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


def test_a_7000_by_7000_png_is_refused_at_once(req):
    buffer = io.BytesIO()
    Image.new("RGBA", (7000, 7000), (1, 2, 3, 255)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 300_000  # the one from the report was 190 KB
    with pytest.raises(photos.PhotoError, match="paling banyak 12 megapiksel"):
        photos.process(buffer.getvalue(), "bom.png")


def test_the_jpeg_comment_icc_profile_and_xmp_do_not_survive(req):
    buffer = io.BytesIO()
    icc = b"\0\0\0\x18ICC-uji-profil" + b"\0" * 8
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Lokasi XMP</x:xmpmeta>'
    Image.new("RGB", (40, 30), (9, 9, 9)).save(
        buffer, "JPEG", comment=b"Lokasi: Desa Lalang, rumah korban", icc_profile=icc, xmp=xmp
    )
    original = buffer.getvalue()
    assert b"rumah korban" in original and b"ICC-uji" in original and b"Lokasi XMP" in original
    result = photos.process(original, "a.jpg")
    for data in (result.full, result.thumb):
        assert b"rumah korban" not in data and b"ICC-uji" not in data and b"XMP" not in data
        image = opened(data)
        assert "comment" not in image.info and "icc_profile" not in image.info


# VmHWM, the process's own peak (ru_maxrss would carry pytest's over the exec).
PEAK_RSS = """
import re, sys
from portal.activities import photos
from portal import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
data = open(sys.argv[1], "rb").read()
with app.test_request_context():
    result = photos.process(data, "besar")
peak_kb = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1]
print(result.width, int(peak_kb) // 1024)
"""


def _largest_accepted(fmt: str) -> bytes:
    """A photo of exactly the most pixels accepted, with noise so it is no trivial file."""
    width = int((photos.MAX_PIXELS[fmt] * 4 / 3) ** 0.5)  # 4:3, as cameras take them
    height = photos.MAX_PIXELS[fmt] // width
    size = (width, height)
    if fmt == "PNG":  # RGBA, the costliest; a fractal, to stay under 10 MB
        image = Image.effect_mandelbrot(size, (-2, -1.5, 1, 1.5), 100).convert("RGBA")
    else:
        image = Image.effect_noise(size, 30).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **({} if fmt == "PNG" else {"quality": 20}))
    return buffer.getvalue()


def size_of(path) -> str:
    with Image.open(path) as image:
        return f"{image.width}x{image.height} {image.mode}, {path.stat().st_size // 1024} KB"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_the_largest_accepted_photo_keeps_a_worker_under_300_mb(tmp_path, fmt):
    import subprocess
    import sys

    path = tmp_path / "photo"
    path.write_bytes(_largest_accepted(fmt))
    assert path.stat().st_size <= photos.MAX_BYTES
    out = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path)], capture_output=True, text=True, check=True
    )
    width, peak_mb = map(int, out.stdout.split())
    assert width == 1600
    print(f"{fmt} {size_of(path)}: peak RSS {peak_mb} MB")
    assert peak_mb < 300, f"{fmt}: peak RSS {peak_mb} MB"
