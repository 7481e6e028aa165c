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
# The most pixels a photo may have, so that a worker never passes about 300 MB (peaks
# measured with the largest accepted in a process holding the app, 94 MB at rest: JPEG
# 172 MB, PNG 212 MB, WebP 230 MB). A 48 MP phone camera is the biggest honest JPEG, and
# a JPEG is decoded at a reduced size (draft: 1/2, 1/4 or 1/8 of each side), so it costs
# little. PNG and WebP have no reduced decoding: every pixel is held at 4 bytes (RGBA),
# more than once for a moment, and WebP's decoder keeps a buffer of its own. Phone
# screenshots are 3 to 4 MP.
MAX_PIXELS = {"JPEG": 50_000_000, "PNG": 12_000_000, "WEBP": 8_000_000}


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
    # Shrink first (in place), so that no copy of the full-size pixels is ever made.
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # Turn the pixels upright as the camera meant, then drop every metadata block (_jpeg).
    image = ImageOps.exif_transpose(image)
    image = _flatten(image)
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
                limit = MAX_PIXELS[probe.format]
                if probe.width * probe.height > limit:
                    raise PhotoError(
                        _(
                            "%(name)s terlalu besar resolusinya: paling banyak %(limit)s "
                            "megapiksel. Perkecil fotonya lalu unggah lagi.",
                            name=name,
                            limit=limit // 1_000_000,
                        )
                    )
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG only: decode at reduced size
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
    """The pixels alone. Pillow writes a JPEG comment (COM) kept in image.info unless told
    otherwise, and a comment such as "Lokasi: Desa ..., rumah korban" must not survive;
    EXIF, XMP and the ICC profile are written only when asked for, and are not."""
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()
