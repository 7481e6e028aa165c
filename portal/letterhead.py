"""The office's letterhead (kop surat) every printout shows: name, address, city, logo.

One row (OfficeLetterhead) the admin edits; until then the config's OFFICE_* defaults.
Read once per request; templates call `office_letterhead()` (registered by web.py).
"""

import base64
import io
from dataclasses import dataclass

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from . import audit
from .extensions import db
from .models import OfficeLetterhead

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_PIXELS = 400  # the stored logo's longest side; a kop logo prints about 2 cm wide
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
FIELDS = ("parent", "name", "address", "city", "head_name", "head_nip")


@dataclass(frozen=True)
class Letterhead:
    name: str
    parent: str  # the government above the office, the kop's first line
    address: str
    city: str
    head_name: str
    head_nip: str
    logo_url: str | None = None

    @property
    def name_lines(self) -> list[str]:
        return [line for line in (self.parent.upper(), self.name.upper()) if line]


class LogoError(ValueError):
    """The upload is not a logo we can print; the message is for the person."""


def from_config() -> Letterhead:
    config = current_app.config
    return Letterhead(
        name=config["OFFICE_NAME"],
        parent=config["OFFICE_PARENT"],
        address=config["OFFICE_ADDRESS"],
        city=config["OFFICE_CITY"],
        head_name=config["OFFICE_HEAD_NAME"],
        head_nip=config["OFFICE_HEAD_NIP"],
    )


def stored() -> OfficeLetterhead | None:
    return db.session.scalar(select(OfficeLetterhead).order_by(OfficeLetterhead.id))


def current() -> Letterhead:
    if "letterhead" not in g:
        row = stored()
        if row is None:
            g.letterhead = from_config()
        else:
            logo = None
            if row.logo_png:
                logo = "data:image/png;base64," + base64.b64encode(row.logo_png).decode()
            g.letterhead = Letterhead(
                **{name: getattr(row, name) for name in FIELDS}, logo_url=logo
            )
    return g.letterhead


def logo_png(data: bytes) -> bytes:
    """The upload as a small PNG; refused when it is not an image, or too large."""
    if len(data) > LOGO_MAX_BYTES:
        raise LogoError(_l("Berkas logo terlalu besar: paling besar 2 MB."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in LOGO_FORMATS:
            raise LogoError(_l("Logo harus gambar PNG, JPEG, GIF atau WebP."))
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 40_000_000:
                raise LogoError(_l("Gambar logo terlalu besar: paling besar 40 megapiksel."))
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise LogoError(_l("Berkas ini bukan gambar. Pilih logo berupa PNG atau JPEG.")) from None
    picture.thumbnail((LOGO_PIXELS, LOGO_PIXELS))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def save(actor, values: dict, logo: bytes | None, *, remove_logo=False) -> OfficeLetterhead:
    """Store the letterhead; the logo is replaced when one is given, kept otherwise."""
    row = stored()
    if row is None:
        row = OfficeLetterhead()
        db.session.add(row)
    for name in FIELDS:
        setattr(row, name, values[name])
    if logo is not None:
        row.logo_png = logo_png(logo)
    elif remove_logo:
        row.logo_png = None
    db.session.flush()
    g.pop("letterhead", None)
    audit.record(
        "letterhead.updated",
        actor=actor,
        obj=row,
        detail={"logo": "replaced" if logo is not None else "removed" if remove_logo else "kept"},
    )
    return row
