"""One-time links: an imported person's activation, a password reset, an e-mail check."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .user import User

if TYPE_CHECKING:
    from .organisations import Membership


# What a link is for. The purpose is part of the HMAC, so a link of one purpose never
# opens the page of another.
ACTIVATION, PASSWORD_RESET, EMAIL_CHECK = "activation", "reset", "email"


class MemberActivation(db.Model):
    """A one-time link with which a person sets their own password (an imported person's
    activation, or a password reset), or confirms their e-mail address.

    Only a hash of the token is stored. The token itself is an HMAC of the random
    nonce under the app's SECRET_KEY, so the coordinator can show the link again
    (printable list, WhatsApp) while a copy of the database alone reveals no link.
    """

    __tablename__ = "member_activation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(12), default=ACTIVATION, server_default=ACTIVATION)
    # The membership through which a coordinator made it; none for a self-service link.
    membership_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("member_import.id"), index=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    membership: Mapped[Membership | None] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > now
