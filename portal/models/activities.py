"""What volunteers did (activities, with photos) and the monthly report they are paid on."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
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
    from .reference import ActivityType, PpksCategory
    from .user import User

MAX_PHOTOS = 3

# Report statuses. "draft" is a month nobody has submitted yet; it needs no row.
DRAFT, SUBMITTED, VERIFIED, RETURNED = "draft", "submitted", "verified", "returned"
REPORT_STATUSES = (DRAFT, SUBMITTED, VERIFIED, RETURNED)
LOCKED_STATUSES = (SUBMITTED, VERIFIED)

activity_ppks = Table(
    "activity_ppks",
    db.metadata,
    Column("activity_id", Integer, ForeignKey("activity.id", ondelete="CASCADE"), primary_key=True),
    Column("ppks_category_id", Integer, ForeignKey("ppks_category.id"), primary_key=True),
    Index("ix_activity_ppks_category", "ppks_category_id"),
)


class Activity(db.Model):
    """One thing a volunteer did on one day. No identities of the people served."""

    __tablename__ = "activity"
    __table_args__ = (
        # The month page, the coordinator's list, exports and the overview all filter so.
        Index("ix_activity_org_date", "organisation_id", "done_on"),
        Index("ix_activity_user_org_date", "user_id", "organisation_id", "done_on"),
        # A meeting counts once per person, however often "count it" is pressed.
        UniqueConstraint("user_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    activity_type_id: Mapped[int] = mapped_column(ForeignKey("activity_type.id"), index=True)
    desa_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    done_on: Mapped[date]
    duration_minutes: Mapped[int]
    people_served: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    # Made by the form when it is first shown: the same form sent twice is one activity.
    submission_id: Mapped[str] = mapped_column(String(64), unique=True)
    # The meeting this activity records attending ("count it"), at most once per person.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    activity_type: Mapped[ActivityType] = relationship()
    desa: Mapped[Area] = relationship()
    ppks_categories: Mapped[list[PpksCategory]] = relationship(
        secondary=activity_ppks, order_by="PpksCategory.position"
    )
    photos: Mapped[list[ActivityPhoto]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="ActivityPhoto.id"
    )

    @property
    def month(self) -> date:
        return self.done_on.replace(day=1)

    def __repr__(self) -> str:
        return f"<Activity {self.id} {self.done_on}>"


class PhotoFiles:
    """The columns of a stored photo: the re-encoded file, its thumbnail, their sizes."""

    path: Mapped[str] = mapped_column(String(200))
    thumb_path: Mapped[str] = mapped_column(String(200))
    width: Mapped[int]
    height: Mapped[int]
    thumb_width: Mapped[int]
    thumb_height: Mapped[int]
    size_bytes: Mapped[int]


class ActivityPhoto(PhotoFiles, db.Model):
    """A re-encoded photo (EXIF gone, at most 1600 px) and its thumbnail, both stored files.

    A photo without an activity is held for its owner: it arrived with a form that had
    errors, so the person does not upload it again when they send the corrected form.
    """

    __tablename__ = "activity_photo"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    activity: Mapped[Activity | None] = relationship(back_populates="photos")


class MonthlyReport(db.Model):
    """One member's month in one organisation: submitted, then verified or returned."""

    __tablename__ = "monthly_report"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", "month"),
        Index("ix_monthly_report_org_month_status", "organisation_id", "month", "status"),
        # The unique key plus the status: "who has not reported" (overviews, report list,
        # Wilayah pages) probes it once per member and never reads the table.
        Index("ix_monthly_report_owner_status", "user_id", "organisation_id", "month", "status"),
        # Reports waiting for review (the reviewers' home panel), oldest month first.
        Index("ix_monthly_report_status_org_month", "status", "organisation_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    month: Mapped[date]  # the first day of the month
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(String(1000))  # the reviewer's, for the member
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES
