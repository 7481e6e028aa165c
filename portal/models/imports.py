"""Member imports with their preview rows."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .user import User

if TYPE_CHECKING:
    from .area import Area
    from .organisations import Organisation

# An import batch: uploaded and previewed, then imported or discarded.
PREVIEW, IMPORTED, DISCARDED = "preview", "imported", "discarded"

# What saving will do with one row of the file.
ROW_NEW = "new"  # a new account, an active membership and an activation link
ROW_EXISTING = "existing"  # an account exists: an active membership is added (admin only)
ROW_MEMBER = "member"  # already in the organisation: left as it is
ROW_PROBLEM = "problem"  # not imported; the problems say why
ROW_OUTCOMES = (ROW_NEW, ROW_EXISTING, ROW_MEMBER, ROW_PROBLEM)


class MemberImport(db.Model):
    """One uploaded member list; its rows are kept only until it is imported or discarded."""

    __tablename__ = "member_import"
    __table_args__ = (Index("ix_member_import_org_created", "organisation_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default=PREVIEW)
    row_count: Mapped[int] = mapped_column(default=0)
    new_count: Mapped[int] = mapped_column(default=0)
    existing_count: Mapped[int] = mapped_column(default=0)
    member_count: Mapped[int] = mapped_column(default=0)
    problem_count: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def importable_count(self) -> int:
        return self.new_count + self.existing_count


class MemberImportRow(db.Model):
    """One line of an uploaded file as read, with what saving it would do."""

    __tablename__ = "member_import_row"
    __table_args__ = (
        Index("ix_member_import_row_batch_line", "batch_id", "line"),
        Index("ix_member_import_row_batch_outcome", "batch_id", "outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("member_import.id", ondelete="CASCADE"))
    line: Mapped[int]
    full_name: Mapped[str] = mapped_column(String(200), default="")
    phone_raw: Mapped[str] = mapped_column(String(60), default="")
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164 when it parsed
    email: Mapped[str | None] = mapped_column(String(254))
    desa_raw: Mapped[str] = mapped_column(String(120), default="")
    desa_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    member_number: Mapped[str | None] = mapped_column(String(60))
    grade: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(12))
    problems: Mapped[list] = mapped_column(JSON, default=list)
    existing_user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    desa: Mapped[Area | None] = relationship()
