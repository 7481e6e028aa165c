"""Area look-ups for forms: kecamatan, and the desa of a kecamatan."""

from sqlalchemy import select

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


def desa_by_kecamatan() -> list[tuple[Area, list[Area]]]:
    """Every active kecamatan with its active desa, both by name, in one query."""
    rows = db.session.scalars(
        select(Area)
        .where(Area.level.in_(("kecamatan", "desa")), Area.is_active)
        .order_by(Area.name)
    ).all()
    desa: dict[int, list[Area]] = {}
    for area in rows:
        if area.level == "desa":
            desa.setdefault(area.parent_id, []).append(area)
    return [(kec, desa.get(kec.id, [])) for kec in rows if kec.level == "kecamatan"]


def desa_choices(kecamatan_id: int | None, blank: str, groups=None):
    """Grouped by kecamatan when none is chosen, so the list works without JavaScript.

    groups: desa_by_kecamatan() already loaded by the caller, to be reused.
    """
    if kecamatan_id:
        return [("", blank)] + [(str(a.id), a.name) for a in desa_of(kecamatan_id)]
    grouped: dict[str, list[tuple[str, str]]] = {"": [("", blank)]}
    for kec, desa in desa_by_kecamatan() if groups is None else groups:
        grouped[kec.name] = [(str(d.id), d.name) for d in desa]
    return grouped
