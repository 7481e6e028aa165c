"""Area look-ups for forms: kecamatan, and the desa of a kecamatan."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import Area


def kecamatan_list() -> list[Area]:
    return list(
        db.session.scalars(
            select(Area).where(Area.level == "kecamatan", Area.is_active).order_by(Area.name)
        )
    )


def desa_of(kecamatan_id: int | None) -> list[Area]:
    stmt = select(Area).where(Area.level == "desa", Area.is_active)
    if kecamatan_id:
        stmt = stmt.where(Area.parent_id == kecamatan_id)
    return list(db.session.scalars(stmt.order_by(Area.name)))


def kecamatan_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(str(a.id), a.name) for a in kecamatan_list()]


def desa_choices(kecamatan_id: int | None, blank: str):
    """Grouped by kecamatan when none is chosen, so the list works without JavaScript."""
    if kecamatan_id:
        return [("", blank)] + [(str(a.id), a.name) for a in desa_of(kecamatan_id)]
    kecamatan = db.session.scalars(
        select(Area)
        .where(Area.level == "kecamatan", Area.is_active)
        .options(selectinload(Area.children))
        .order_by(Area.name)
    )
    grouped: dict[str, list[tuple[str, str]]] = {"": [("", blank)]}
    for kec in kecamatan:
        grouped[kec.name] = [(str(d.id), d.name) for d in kec.children if d.is_active]
    return grouped


def get_desa(desa_id) -> Area | None:
    try:
        area = db.session.get(Area, int(desa_id))
    except (TypeError, ValueError):
        return None
    return area if area is not None and area.level == "desa" else None
