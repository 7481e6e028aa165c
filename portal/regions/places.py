"""The regency's areas as one small tree, loaded in one query: the kabupaten, its
kecamatan and their desa, found by their Kemendagri codes."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Area

KABUPATEN, KECAMATAN, DESA = "kabupaten", "kecamatan", "desa"


@dataclass
class Places:
    by_code: dict[str, Area]
    children: dict[int | None, list[Area]] = field(default_factory=dict)  # by parent id

    @property
    def kabupaten(self) -> Area | None:
        return next((a for a in self.by_code.values() if a.level == KABUPATEN), None)

    @property
    def kecamatan(self) -> list[Area]:
        return sorted(
            (a for a in self.by_code.values() if a.level == KECAMATAN), key=lambda a: a.name
        )

    def desa_of(self, kecamatan: Area) -> list[Area]:
        return self.children.get(kecamatan.id, [])

    def kecamatan_of_desa(self) -> dict[int, Area]:
        """{desa id: its kecamatan}."""
        return {d.id: kec for kec in self.kecamatan for d in self.desa_of(kec)}


def load() -> Places:
    """Every active area, by code; each parent's children by name."""
    rows = db.session.scalars(select(Area).where(Area.is_active).order_by(Area.name)).all()
    places = Places({a.code: a for a in rows})
    for area in rows:
        places.children.setdefault(area.parent_id, []).append(area)
    return places
