"""Organisations of volunteers (Tagana, PSM, TKSK, ...) and who belongs to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .area import Area
    from .reference import OrganisationKind
    from .user import User

ROLE_MEMBER = "member"
ROLE_COORDINATOR = "coordinator"
ROLES = (ROLE_MEMBER, ROLE_COORDINATOR)

PENDING, ACTIVE, REJECTED, SUSPENDED, LEFT = "pending", "active", "rejected", "suspended", "left"
STATUSES = (PENDING, ACTIVE, REJECTED, SUSPENDED, LEFT)


class Organisation(db.Model):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    kind_id: Mapped[int] = mapped_column(ForeignKey("organisation_kind.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    is_listed: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    kind: Mapped[OrganisationKind] = relationship()
    area: Mapped[Area | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    def __str__(self) -> str:
        return self.name


class Membership(db.Model):
    """A person's place in an organisation: role, status and the decision on it."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id"),
        Index("ix_membership_org_status", "organisation_id", "status"),
        # Every active member with their organisation, from the index alone (the Wilayah
        # pages count the whole regency's members).
        Index("ix_membership_status_user", "status", "user_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    role: Mapped[str] = mapped_column(String(12), default=ROLE_MEMBER)
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    member_number: Mapped[str | None] = mapped_column(String(40))
    grade: Mapped[str | None] = mapped_column(String(40))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    joined_on: Mapped[date | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(foreign_keys=[user_id], back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return self.role == ROLE_COORDINATOR and self.status == ACTIVE
