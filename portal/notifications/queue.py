"""Queue deliveries: notify() hands every notice here, and it adds one delivery per
channel each reader chose. Nothing is sent during the request; the job runner sends."""

from sqlalchemy import exists, select

from ..extensions import db
from ..models import Delivery, PushSubscription, User, utcnow
from ..models.notifications import EMAIL, PUSH, QUEUED
from . import preferences

CHUNK = 900  # ids per IN (...) list, below every database's parameter limit


def fan_out(user_ids, kind: str, params: dict, link: str | None) -> int:
    """Queue the deliveries of one notice (already stored) for these readers."""
    channels = [c for c in preferences.CHANNELS if preferences.channel_available(c)]
    if not channels:
        return 0
    ids = list(dict.fromkeys(user_ids))
    now = utcnow()
    rows = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        chosen = preferences.overrides(chunk, kind)
        has_device = exists().where(PushSubscription.user_id == User.id)
        people = db.session.execute(
            select(User.id, User.email_verified_at.is_not(None), has_device).where(
                User.id.in_(chunk), User.erased_at.is_(None), User.is_deactivated.is_(False)
            )
        )
        for uid, verified, device in people:
            for channel in channels:
                if channel == EMAIL and not verified:
                    continue
                if channel == PUSH and not device:
                    continue
                if not chosen.get((uid, channel), preferences.default(kind, channel)):
                    continue
                rows.append(_row(uid, channel, kind, params, link, now))
    if rows:
        db.session.execute(Delivery.__table__.insert(), rows)
    return len(rows)


def queue_direct(user: User, kind: str, params: dict, *, address: str) -> Delivery:
    """An e-mail that is not a notice (a password-reset or e-mail check link) to one
    address: queued the same way, whatever the person's choices."""
    delivery = Delivery(**_row(user.id, EMAIL, kind, params, None, utcnow()), address=address)
    db.session.add(delivery)
    return delivery


def _row(uid, channel, kind, params, link, now) -> dict:
    return {
        "user_id": uid,
        "channel": channel,
        "kind": kind,
        "params": params,
        "link": link,
        "status": QUEUED,
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
    }
