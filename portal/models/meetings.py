"""Meetings (rakor, pembinaan, bimtek, piket): invitations, attendance, minutes, action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .area import Area
    from .organisations import Organisation
    from .user import User

KINDS = ("rakor", "pembinaan", "bimtek", "piket")
LEVELS = ("desa", "kecamatan", "kabupaten")

SCHEDULED, CANCELLED = "scheduled", "cancelled"

RSVP_PENDING, RSVP_YES, RSVP_NO, RSVP_MAYBE = "pending", "yes", "no", "maybe"
RSVP_ANSWERS = (RSVP_YES, RSVP_NO, RSVP_MAYBE)

HADIR, IZIN, SAKIT, TIDAK_HADIR = "hadir", "izin", "sakit", "tidak_hadir"
ATTENDANCE = (HADIR, IZIN, SAKIT, TIDAK_HADIR)

# How a person came to be marked present.
BY_QR, BY_CODE, BY_HAND = "qr", "kode", "manual"


meeting_organisation = Table(
    "meeting_organisation",
    db.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True, index=True),
)


class Meeting(db.Model):
    __tablename__ = "meeting"
    __table_args__ = (
        Index("ix_meeting_starts", "starts_at"),
        Index("ix_meeting_org_starts", "organisation_id", "starts_at"),
        Index("ix_meeting_venue_starts", "venue_key", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(12))
    level: Mapped[str] = mapped_column(String(12))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    # The organising organisation, whose coordinators manage the meeting; None: Dinas Sosial.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(String(200))
    venue_key: Mapped[str] = mapped_column(String(200))  # lower-cased, spaces collapsed
    agenda: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(12), default=SCHEDULED)
    # iCalendar SEQUENCE: raised on every change calendars must pick up.
    sequence: Mapped[int] = mapped_column(default=0)
    rescheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    change_note: Mapped[str | None] = mapped_column(String(300))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Check-in codes are derived from the secret key and this salt (nothing secret is
    # stored); a new salt rotates the code, and the previous one says "rotated".
    checkin_salt: Mapped[str] = mapped_column(String(32))
    previous_checkin_salt: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    area: Mapped[Area] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=meeting_organisation, order_by="Organisation.name"
    )
    minutes: Mapped[Minutes | None] = relationship(back_populates="meeting", uselist=False)

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title!r}>"


class Invitation(db.Model):
    """One invited person: their answer (RSVP) and their attendance."""

    __tablename__ = "invitation"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        Index("ix_invitation_user", "user_id", "meeting_id"),
        Index("ix_invitation_meeting_org", "meeting_id", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # The invited organisation through which this person was invited.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    rsvp: Mapped[str] = mapped_column(String(10), default=RSVP_PENDING)
    rsvp_note: Mapped[str | None] = mapped_column(String(300))
    rsvp_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance: Mapped[str | None] = mapped_column(String(12))
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checkin_method: Mapped[str | None] = mapped_column(String(10))
    attendance_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation | None] = relationship()


class Minutes(db.Model):
    """The notulen of one meeting: what was discussed and decided (Markdown)."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")


class ActionItem(db.Model):
    """A task from a meeting: what, who (a member or an organisation), by when."""

    __tablename__ = "action_item"
    __table_args__ = (
        CheckConstraint(
            "(assignee_user_id IS NULL) <> (assignee_organisation_id IS NULL)",
            name="one_assignee",
        ),
        Index("ix_action_item_user_done", "assignee_user_id", "done_at"),
        Index("ix_action_item_org_done", "assignee_organisation_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    assignee_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assignee_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    due_on: Mapped[date]
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    meeting: Mapped[Meeting] = relationship()
    assignee_user: Mapped[User | None] = relationship(foreign_keys=[assignee_user_id])
    assignee_organisation: Mapped[Organisation | None] = relationship()

    @property
    def assignee_name(self) -> str:
        if self.assignee_user is not None:
            return self.assignee_user.full_name
        return self.assignee_organisation.name if self.assignee_organisation else ""


class CalendarFeed(db.Model):
    """A person's secret, revocable calendar URL. The token is derived from the secret key
    and the salt; only its hash is stored for look-up."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), unique=True)
    salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
