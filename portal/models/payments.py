"""Tali asih: the monthly rate per organisation kind, and the fixed payment lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .reference import OrganisationKind
    from .user import User

# Why a member of a paid kind is not on the list (PaymentLine.reason).
MISSING, DRAFT, SUBMITTED, RETURNED = "missing", "draft", "submitted", "returned"


class PaymentRate(db.Model):
    """What one organisation kind's member is paid for a verified month, from a month on."""

    __tablename__ = "payment_rate"
    __table_args__ = (Index("ix_payment_rate_kind_from", "kind_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind_id: Mapped[int] = mapped_column(ForeignKey("organisation_kind.id"))
    amount: Mapped[int]  # whole rupiah a month; 0 means the kind is not paid
    valid_from: Mapped[date]  # the first day of the first month
    valid_until: Mapped[date | None]  # the first day of the last month; None: open
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    kind: Mapped[OrganisationKind] = relationship()

    def covers(self, month: date) -> bool:
        return self.valid_from <= month and (self.valid_until is None or month <= self.valid_until)


class PaymentRun(db.Model):
    """One fixed ("ditetapkan") payment list of a month; a correction is a later number."""

    __tablename__ = "payment_run"
    __table_args__ = (UniqueConstraint("month", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date]
    number: Mapped[int] = mapped_column(default=1)  # 1, then 2 for the first correction
    fixed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    total: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str | None] = mapped_column(String(500))  # why a correction was made
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    fixed_by: Mapped[User | None] = relationship()
    lines: Mapped[list[PaymentLine]] = relationship(
        back_populates="run", order_by="PaymentLine.position"
    )

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class PaymentLine(db.Model):
    """A member on a fixed list, as they were when it was fixed (names and amounts copied)."""

    __tablename__ = "payment_line"
    __table_args__ = (Index("ix_payment_line_membership", "membership_id", "run_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payment_run.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"))
    full_name: Mapped[str] = mapped_column(String(160))
    member_number: Mapped[str | None] = mapped_column(String(40))
    organisation_name: Mapped[str] = mapped_column(String(160))
    kind_code: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(default=0)  # 0 for a member left out
    reason: Mapped[str | None] = mapped_column(String(12))  # None: paid

    run: Mapped[PaymentRun] = relationship(back_populates="lines")

    @property
    def is_paid(self) -> bool:
        return self.reason is None
