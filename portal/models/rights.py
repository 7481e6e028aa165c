"""Deletion requests: a person asks for their account to be erased (UU PDP)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .user import User

# A deletion request: asked by the person, completed by an admin, or withdrawn.
REQUESTED, COMPLETED, CANCELLED = "requested", "completed", "cancelled"


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
