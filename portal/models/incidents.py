"""Incidents (musibah): the call-out, the posko's shifts, situation reports, photos.

No table here holds a name or identity of the people affected: situation reports are
aggregated counts only.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .activities import Activity, PhotoFiles
from .base import UTCDateTime, utcnow
from .reference import CodedRow

if TYPE_CHECKING:
    from .area import Area
    from .organisations import Organisation
    from .user import User

OPEN, CLOSED = "open", "closed"

# A call-out answer. "pending": called, not answered yet.
PENDING, READY, UNABLE, ON_SITE = "pending", "siap", "tidak", "di_lokasi"
ANSWERS = (READY, UNABLE, ON_SITE)

# The aggregated figures of a situation report, in the order forms and tables show them.
COUNT_FIELDS = (
    "kk_affected",
    "people_affected",
    "displaced",
    "houses_light",
    "houses_medium",
    "houses_heavy",
    "injured",
    "dead",
    "missing",
)
NEED_FIELDS = ("needs_logistics", "needs_evacuation", "needs_kitchen")


class IncidentKind(CodedRow, db.Model):
    """A kind of disaster (banjir, kebakaran, ...): a reference list the office edits."""

    __tablename__ = "incident_kind"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Incident(db.Model):
    """A kejadian: what, where, since when, and where the posko is."""

    __tablename__ = "incident"
    __table_args__ = (Index("ix_incident_org_began", "organisation_id", "began_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    kind_id: Mapped[int] = mapped_column(ForeignKey("incident_kind.id"), index=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    began_at: Mapped[datetime] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(String(500))
    posko: Mapped[str] = mapped_column(String(200))
    # Seen by every member of the portal, not only those called out.
    is_public: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(8), default=OPEN)
    # The posko's check-in code is derived from the secret key and this salt.
    checkin_salt: Mapped[str] = mapped_column(String(32))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closing_note: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation] = relationship()
    kind: Mapped[IncidentKind] = relationship()
    desa: Mapped[Area] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def __repr__(self) -> str:
        return f"<Incident {self.id}>"


class Callout(db.Model):
    """One person called out to an incident, and their one-tap answer."""

    __tablename__ = "incident_callout"
    __table_args__ = (
        UniqueConstraint("incident_id", "user_id"),
        Index("ix_incident_callout_user", "user_id", "incident_id"),
        Index("ix_incident_callout_answer", "incident_id", "answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    answer: Mapped[str] = mapped_column(String(10), default=PENDING)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    called_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    times_called: Mapped[int] = mapped_column(default=1)

    incident: Mapped[Incident] = relationship()
    user: Mapped[User] = relationship()


class Shift(db.Model):
    """A piket at the posko: when, and how many people it needs."""

    __tablename__ = "incident_shift"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_incident_shift_incident_starts", "incident_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    people_needed: Mapped[int]
    # Set when the incident closed before the shift began: nobody serves it any more.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident: Mapped[Incident] = relationship()
    assignments: Mapped[list[ShiftAssignment]] = relationship(
        back_populates="shift", order_by="ShiftAssignment.id", cascade="all, delete-orphan"
    )


class ShiftAssignment(db.Model):
    """A person on a shift: taken or assigned, checked in and out with the posko code."""

    __tablename__ = "incident_shift_assignment"
    __table_args__ = (
        UniqueConstraint("shift_id", "user_id"),
        Index("ix_incident_assignment_user", "user_id", "shift_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("incident_shift.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: taken
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The month's activity this completed shift became ("respons bencana").
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activity.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shift: Mapped[Shift] = relationship(back_populates="assignments")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    activity: Mapped[Activity | None] = relationship()

    @property
    def minutes(self) -> int:
        if self.checked_in_at is None or self.checked_out_at is None:
            return 0
        return max(int((self.checked_out_at - self.checked_in_at).total_seconds() // 60), 0)


class SituationReport(db.Model):
    """A laporan situasi: aggregated counts and needs at one moment. No names, ever."""

    __tablename__ = "incident_report"
    __table_args__ = (Index("ix_incident_report_incident_at", "incident_id", "reported_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kk_affected: Mapped[int] = mapped_column(default=0)
    people_affected: Mapped[int] = mapped_column(default=0)
    displaced: Mapped[int] = mapped_column(default=0)
    houses_light: Mapped[int] = mapped_column(default=0)
    houses_medium: Mapped[int] = mapped_column(default=0)
    houses_heavy: Mapped[int] = mapped_column(default=0)
    injured: Mapped[int] = mapped_column(default=0)
    dead: Mapped[int] = mapped_column(default=0)
    missing: Mapped[int] = mapped_column(default=0)
    needs_logistics: Mapped[bool] = mapped_column(default=False)
    needs_evacuation: Mapped[bool] = mapped_column(default=False)
    needs_kitchen: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(1000), default="")

    reported_by: Mapped[User | None] = relationship()
    photos: Mapped[list[IncidentPhoto]] = relationship(
        back_populates="report", order_by="IncidentPhoto.id", cascade="all, delete-orphan"
    )


class IncidentPhoto(PhotoFiles, db.Model):
    """A photo of the site, re-encoded by the activity photo pipeline (EXIF/GPS gone)."""

    __tablename__ = "incident_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("incident_report.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    report: Mapped[SituationReport] = relationship(back_populates="photos")
