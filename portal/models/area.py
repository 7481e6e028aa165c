"""Administrative areas (kabupaten, kecamatan, desa) with their Kemendagri codes."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

LEVELS = ("kabupaten", "kecamatan", "desa")


class Area(db.Model):
    __tablename__ = "area"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str | None] = mapped_column(String(12))  # desa or kelurahan
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Area | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Area]] = relationship(back_populates="parent", order_by="Area.name")

    @property
    def label(self) -> str:
        """'Lalang Jaya, Manggar' for a desa; the name otherwise."""
        if self.level == "desa" and self.parent is not None:
            return f"{self.name}, {self.parent.name}"
        return self.name

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name}>"
