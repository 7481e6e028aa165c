"""In-app notices: tell a person something at their next visit.

A notice is stored as a kind plus its parameters, never as finished text: the sender may
browse in English while the reader reads Bahasa Indonesia. Each feature declares the kinds
it sends with `kind()`, next to the code that sends them; `unread()` renders them in the
reader's language when they are shown.

`notify()` and `notify_many()` are the one way anything reaches a person: besides the
in-app notice they queue a delivery for every channel the reader chose (web push, e-mail;
portal/notifications/), which the job runner sends and retries. The request never waits
for a channel.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app, g
from flask_babel import gettext
from sqlalchemy import bindparam, func, select, update

from .extensions import db
from .models import Notice, utcnow

TEXT = "text"  # free text, kept as written (notices stored before kinds existed)


@dataclass(frozen=True)
class Kind:
    template: str  # an N_() msgid with %(name)s parameters
    formats: dict[str, Callable] = field(default_factory=dict)  # stored value -> shown value
    note: str | None = None  # appended when the notice carries a "note" parameter

    def render(self, params: dict) -> str:
        values = dict(params)
        for name, shown in self.formats.items():
            if values.get(name) is not None:
                values[name] = shown(values[name])
        text = gettext(self.template, **values)
        if self.note and params.get("note"):
            text += " " + gettext(self.note, **values)
        return text


KINDS: dict[str, Kind] = {}


def kind(name: str, template: str, note: str | None = None, **formats: Callable) -> str:
    """Declare a kind of notice: its template (marked with N_) and how to show the
    stored values that need the reader's language (a date, a code with a label)."""
    KINDS[name] = Kind(template, formats, note)
    return name


@dataclass(frozen=True)
class Shown:
    """A notice as its reader sees it."""

    id: int
    text: str
    link: str | None
    created_at: datetime


def render(notice: Notice) -> str:
    if notice.kind == TEXT:
        return notice.params.get("text", "")
    known = KINDS.get(notice.kind)
    if known is None:
        current_app.logger.warning("notice %s has an unknown kind %r", notice.id, notice.kind)
        return ""
    return known.render(notice.params)


def _stored(kind_name: str, params: dict) -> dict:
    """JSON-ready: dates and times as ISO strings, parsed again by the kind's formats."""
    if kind_name not in KINDS:
        raise KeyError(f"undeclared notice kind {kind_name!r}")
    return {
        key: value.isoformat() if isinstance(value, date | datetime) else value
        for key, value in params.items()
    }


def notify(user, kind_name: str, link: str | None = None, **params) -> Notice:
    notice = Notice(
        user_id=user.id if hasattr(user, "id") else user,
        kind=kind_name,
        params=_stored(kind_name, params),
        link=link,
    )
    db.session.add(notice)
    fan_out([notice.user_id], kind_name, notice.params, link)
    return notice


def notify_many(user_ids, kind_name: str, link: str | None = None, **params) -> int:
    """One notice per person, in a single round trip."""
    stored = _stored(kind_name, params)
    rows = [
        {"user_id": uid, "kind": kind_name, "params": stored, "link": link, "created_at": utcnow()}
        for uid in user_ids
    ]
    if rows:
        db.session.execute(Notice.__table__.insert(), rows)
        fan_out([row["user_id"] for row in rows], kind_name, stored, link)
    return len(rows)


def fan_out(user_ids, kind_name: str, params: dict, link: str | None) -> None:
    from .notifications.queue import fan_out as queue_deliveries

    queue_deliveries(user_ids, kind_name, params, link)


def unread(user, limit: int = 10) -> list[Shown]:
    """The newest unread notices; how many there are in all comes with them (the menu's
    badge on the same page, see unread_count)."""
    rows = db.session.execute(
        select(Notice, func.count().over())
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    ).all()
    g.unread_notices = (user.id, rows[0][1] if rows else 0)
    return [Shown(n.id, render(n), n.link, n.created_at) for n, _count in rows]


def unread_count(user) -> int:
    """For the menu's badge: counted with unread() if the page listed them."""
    known = g.get("unread_notices")
    if known is not None and known[0] == user.id:
        return known[1]
    return db.session.scalar(_UNREAD_COUNT, {"user_id": user.id})


# Built once: the menu asks on every page.
_UNREAD_COUNT = (
    select(func.count())
    .select_from(Notice)
    .where(Notice.user_id == bindparam("user_id"), Notice.read_at.is_(None))
)


def mark_read(user, notice_id: int | None = None) -> None:
    stmt = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notice.id == notice_id)
    db.session.execute(stmt.values(read_at=utcnow()))
