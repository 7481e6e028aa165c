"""In-app notices: tell a person something at their next visit."""

from sqlalchemy import func, select, update

from .extensions import db
from .models import Notice, utcnow


def notify(user, text: str, link: str | None = None) -> Notice:
    notice = Notice(user_id=user.id if hasattr(user, "id") else user, text=text, link=link)
    db.session.add(notice)
    return notice


def notify_many(user_ids, text: str, link: str | None = None) -> int:
    """One notice per person, in a single round trip."""
    rows = [
        {"user_id": uid, "text": text, "link": link, "created_at": utcnow()} for uid in user_ids
    ]
    if rows:
        db.session.execute(Notice.__table__.insert(), rows)
    return len(rows)


def unread(user, limit: int = 10) -> list[Notice]:
    return list(
        db.session.scalars(
            select(Notice)
            .where(Notice.user_id == user.id, Notice.read_at.is_(None))
            .order_by(Notice.created_at.desc(), Notice.id.desc())
            .limit(limit)
        )
    )


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notice)
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
    )


def mark_read(user, notice_id: int | None = None) -> None:
    stmt = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notice.id == notice_id)
    db.session.execute(stmt.values(read_at=utcnow()))
