"""People who log in, the consents they gave, and their open log-in sessions."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .organisations import ACTIVE, PENDING, Membership

if TYPE_CHECKING:
    from .area import Area


class User(UserMixin, db.Model):
    __tablename__ = "user"
    # Lists by name (report list, overview's "not submitted"): walked in order, not sorted.
    __table_args__ = (Index("ix_user_full_name", "full_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    email: Mapped[str | None] = mapped_column(String(254), unique=True)  # lower-cased
    # When the person opened the check link sent to `email`; cleared when it changes.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_deactivated: Mapped[bool] = mapped_column(default=False)
    home_desa_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    session_version: Mapped[int] = mapped_column(default=1)
    locale: Mapped[str | None] = mapped_column(String(5))
    # Directory consent: opt-in, per field, withdrawable at once.
    listed: Mapped[bool] = mapped_column(default=False)
    show_phone: Mapped[bool] = mapped_column(default=False)
    registration_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    home_desa: Mapped[Area | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )
    consents: Mapped[list[ConsentRecord]] = relationship(
        back_populates="user", order_by="ConsentRecord.given_at"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot log in
        return not self.is_deactivated and self.erased_at is None

    @property
    def active_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.status == ACTIVE]

    @property
    def is_pending_only(self) -> bool:
        """Applied somewhere, active nowhere, and not staff: sees only their status."""
        if self.is_admin:
            return False
        return not self.active_memberships

    @property
    def has_pending(self) -> bool:
        return any(m.status == PENDING for m in self.memberships)

    def coordinated_organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships if m.is_coordinator}

    def active_organisation_ids(self) -> set[int]:
        return {m.organisation_id for m in self.memberships if m.status == ACTIVE}

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class ConsentRecord(db.Model):
    """Which version of which notice a person agreed to, and when (UU PDP 27/2022)."""

    __tablename__ = "consent_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    document: Mapped[str] = mapped_column(String(40), default="privacy")
    version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="consents")


class LoginSession(db.Model):
    """One logged-in browser. Deleting the row ends that session for good."""

    __tablename__ = "login_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship()
