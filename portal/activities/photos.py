"""Activity photos: checked by content, re-encoded without EXIF/GPS, downscaled, thumbnailed."""

import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 320
# A 48 MP phone camera is the biggest honest photo; more pixels is a decompression bomb.
MAX_PIXELS = 50_000_000


class PhotoError(ValueError):
    """The upload is not a photo we accept; the message says why, in the UI language."""


@dataclass(frozen=True)
class ProcessedPhoto:
    full: bytes
    thumb: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int


def process(data: bytes, name: str = "") -> ProcessedPhoto:
    """JPEG, PNG or WebP bytes -> a clean JPEG of at most 1600 px and a 320 px thumbnail."""
    name = name or _("foto")
    if len(data) > MAX_BYTES:
        raise PhotoError(_("%(name)s lebih dari 10 MB. Pilih foto yang lebih kecil.", name=name))
    image = _open(data, name)
    # Turn the pixels upright as the camera meant, then drop every metadata block:
    # a new image written without exif= carries no EXIF, GPS or maker notes.
    image = ImageOps.exif_transpose(image)
    image = _flatten(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return ProcessedPhoto(
        full=_jpeg(image, quality=82),
        thumb=_jpeg(thumb, quality=72),
        width=image.width,
        height=image.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
    )


def _open(data: bytes, name: str) -> Image.Image:
    not_a_photo = PhotoError(
        _("%(name)s bukan foto JPEG, PNG, atau WebP yang dapat dibaca.", name=name)
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoError(
                        _("%(name)s terlalu besar resolusinya untuk diproses.", name=name)
                    )
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.load()  # a truncated or corrupt file fails here, not later
    except PhotoError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise not_a_photo from exc
    return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and odd modes (CMYK, 16-bit) become plain."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
