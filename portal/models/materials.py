"""Pembinaan material (guides, SOPs, training modules) and who has read it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from .organisations import Organisation
    from .user import User

KINDS = ("pedoman", "modul", "sop", "regulasi", "video", "lainnya")

AUDIENCE_PUBLIC = "public"
AUDIENCE_MEMBERS = "members"  # every active member of every organisation
AUDIENCE_ORGANISATIONS = "organisations"  # active members of the chosen organisations
AUDIENCES = (AUDIENCE_ORGANISATIONS, AUDIENCE_MEMBERS, AUDIENCE_PUBLIC)

DRAFT, PUBLISHED, ARCHIVED = "draft", "published", "archived"
STATUSES = (DRAFT, PUBLISHED, ARCHIVED)

# The organisations a material is meant for, when its audience is "organisations".
material_audience = Table(
    "material_audience",
    db.metadata,
    Column("material_id", Integer, ForeignKey("material.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        Integer,
        ForeignKey("organisation.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Material(db.Model):
    """One piece of guidance. Its slug is its address and never changes after creation."""

    __tablename__ = "material"
    __table_args__ = (
        # The library: published material, newest first.
        Index("ix_material_status_published", "status", "published_at"),
        Index("ix_material_org_updated", "organisation_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(90), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(12))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown, sanitised when shown
    # Title, summary and body case-folded, kept in step on every save: the library's
    # search is then one plain LIKE on SQLite and PostgreSQL alike, with Unicode case.
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    link_url: Mapped[str | None] = mapped_column(String(500))
    # A stored file (storage.save path), its detected type and its size in bytes.
    attachment_path: Mapped[str | None] = mapped_column(String(200))
    attachment_type: Mapped[str | None] = mapped_column(String(8))
    attachment_size: Mapped[int | None]
    audience: Mapped[str] = mapped_column(String(16), default=AUDIENCE_ORGANISATIONS)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    # The publishing organisation; None means the office (Dinas Sosial) itself.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The create form's one-time id: a double tap or a resend does not make a second copy.
    submission_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=material_audience, order_by="Organisation.name"
    )

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def is_public(self) -> bool:
        """Readable by anyone, logged in or not."""
        return self.status == PUBLISHED and self.audience == AUDIENCE_PUBLIC

    @property
    def link_host(self) -> str:
        """Where an external link leads, shown beside it."""
        return urlsplit(self.link_url).hostname or "" if self.link_url else ""

    @property
    def was_updated(self) -> bool:
        """Edited after it was published: the page says "diperbarui"."""
        return bool(self.published_at and self.updated_at > self.published_at)

    def __str__(self) -> str:
        return self.title


def searchable(*texts: str | None) -> str:
    return "\n".join(t or "" for t in texts).casefold()


@event.listens_for(Material, "before_insert")
@event.listens_for(Material, "before_update")
def _index_for_search(_mapper, _connection, material: Material) -> None:
    material.search_text = searchable(material.title, material.summary, material.body)


class MaterialProgress(db.Model):
    """One person's reading of one material: opened (page or download), completed."""

    __tablename__ = "material_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "material_id"),
        Index("ix_material_progress_material", "material_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    material_id: Mapped[int] = mapped_column(ForeignKey("material.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    material: Mapped[Material] = relationship()
