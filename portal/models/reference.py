"""Reference lists the office edits: PSKS kinds, PPKS categories, activity types (incident
kinds, in incidents.py, share CodedRow)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db


class CodedRow:
    """A reference row with a short code, a name (and its English), switched off, not deleted."""

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    english: Mapped[str | None] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(default=True)

    def __str__(self) -> str:
        return self.name


class OrganisationKind(CodedRow, db.Model):
    """A kind of social-welfare resource (PSKS): TAGANA, PSM, TKSK, LK3, ..."""

    __tablename__ = "organisation_kind"

    id: Mapped[int] = mapped_column(primary_key=True)

    activity_types: Mapped[list[ActivityType]] = relationship(
        back_populates="kind", order_by="ActivityType.name"
    )


class PpksCategory(CodedRow, db.Model):
    """A category of people needing social-welfare services (PPKS), Permensos 8/2012."""

    __tablename__ = "ppks_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class ActivityType(db.Model):
    """What a volunteer of one organisation kind reports doing."""

    __tablename__ = "activity_type"
    __table_args__ = (UniqueConstraint("kind_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int | None] = mapped_column(ForeignKey("organisation_kind.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(default=True)

    kind: Mapped[OrganisationKind | None] = relationship(back_populates="activity_types")

    def __str__(self) -> str:
        return self.name
