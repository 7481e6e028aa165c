"""Member imports with their preview rows, one-time activation links, deletion requests."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .user import User

if TYPE_CHECKING:
    from .area import Area
    from .organisation import Membership, Organisation

# An import batch: uploaded and previewed, then imported or discarded.
PREVIEW, IMPORTED, DISCARDED = "preview", "imported", "discarded"

# What saving will do with one row of the file.
ROW_NEW = "new"  # a new account, an active membership and an activation link
ROW_EXISTING = "existing"  # an account exists: an active membership is added (admin only)
ROW_MEMBER = "member"  # already in the organisation: left as it is
ROW_PROBLEM = "problem"  # not imported; the problems say why
ROW_OUTCOMES = (ROW_NEW, ROW_EXISTING, ROW_MEMBER, ROW_PROBLEM)

# A deletion request: asked by the person, completed by an admin, or withdrawn.
REQUESTED, COMPLETED, CANCELLED = "requested", "completed", "cancelled"


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


class MemberActivation(db.Model):
    """A one-time link with which an imported person sets their own password.

    Only a hash of the token is stored. The token itself is an HMAC of the random
    nonce under the app's SECRET_KEY, so the coordinator can show the link again
    (printable list, WhatsApp) while a copy of the database alone reveals no link.
    """

    __tablename__ = "member_activation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("member_import.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    membership: Mapped[Membership] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class DeletionRequest(db.Model):
    """A person asks for their account to be erased; an admin completes it (UU PDP)."""

    __tablename__ = "deletion_request"
    __table_args__ = (
        Index("ix_deletion_request_status_at", "status", "requested_at"),
        # At most one open request per person, even when the form is sent twice at once.
        Index(
            "uq_deletion_request_open_user",
            "user_id",
            unique=True,
            sqlite_where=text("status = 'requested'"),
            postgresql_where=text("status = 'requested'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(12), default=REQUESTED)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


# The public directory filters people on their consent; this keeps that scan on an index
# without touching the foundation's user model.
Index("ix_user_listed_name", User.listed, User.full_name)
