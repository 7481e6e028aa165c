"""Send the queued deliveries: claimed in a short transaction, sent outside it, the
outcome recorded. Two job runners never send the same delivery (the claim is one
UPDATE ... WHERE unclaimed), and a runner that died leaves its claim to expire."""

import logging
import secrets
from datetime import timedelta

from flask import after_this_request, current_app
from sqlalchemy import or_, select, update

from .. import database
from ..extensions import db
from ..jobs import job
from ..models import Delivery, PushSubscription, User, utcnow
from ..models.notifications import EMAIL, FAILED, PUSH, QUEUED, SENT
from . import email, push, render

CLAIM_TIMEOUT = timedelta(minutes=10)

log = logging.getLogger(__name__)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2**attempts, 240))


def claim(limit: int, only: list[int] | None = None) -> tuple[str, list[int]]:
    """Mark up to `limit` due deliveries (of `only`, when given) as this runner's; commits."""
    runner = secrets.token_hex(8)
    now = utcnow()
    due = select(Delivery.id).where(
        Delivery.status == QUEUED,
        Delivery.next_attempt_at <= now,
        or_(Delivery.claimed_at.is_(None), Delivery.claimed_at < now - CLAIM_TIMEOUT),
    )
    if only is not None:
        due = due.where(Delivery.id.in_(only))
    ids = list(db.session.scalars(due.order_by(Delivery.id).limit(limit)))
    if ids:
        db.session.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(ids),
                Delivery.status == QUEUED,
                or_(Delivery.claimed_at.is_(None), Delivery.claimed_at < now - CLAIM_TIMEOUT),
            )
            .values(claimed_by=runner, claimed_at=now)
        )
    database.commit()
    mine = list(
        db.session.scalars(
            select(Delivery.id).where(Delivery.id.in_(ids), Delivery.claimed_by == runner)
        )
    )
    database.commit()
    return runner, mine


@job("deliveries", last=True)
def send_job(_now) -> dict[str, int]:
    return send_due()


def send_due(limit: int | None = None, only: list[int] | None = None) -> dict[str, int]:
    """Send what is due (of `only`, when given); returns counts by outcome."""
    limit = limit or current_app.config.get("DELIVERY_BATCH", 200)
    _runner, ids = claim(limit, only)
    counts = {SENT: 0, QUEUED: 0, FAILED: 0}
    for delivery_id in ids:
        outcome = _send_one(delivery_id)
        database.commit()
        counts[outcome] += 1
    return counts


def send_after_response(delivery_id: int) -> None:
    """Send this delivery (a reset link someone is waiting for) once the request's answer
    has been handed to the browser: after the commit, claimed like the job runner claims
    (so the two never both send it), and without making the answer slower, which would
    tell that the address is known. A failure leaves it queued for the job to retry."""
    app = current_app._get_current_object()

    @after_this_request
    def _when_closed(response):
        if response.status_code < 400:
            response.call_on_close(lambda: _send_now(app, delivery_id))
        return response


def _send_now(app, delivery_id: int) -> None:
    with app.app_context():
        try:
            send_due(1, only=[delivery_id])
        except Exception:  # the job runner sends it later; nothing here may fail the page
            db.session.rollback()
            log.exception("Sending delivery %s at once failed; the job runner retries", delivery_id)


def _send_one(delivery_id: int) -> str:
    delivery = db.session.get(Delivery, delivery_id)
    user = db.session.get(User, delivery.user_id)
    max_attempts = current_app.config.get("DELIVERY_MAX_ATTEMPTS", 6)
    delivery.attempts += 1
    delivery.claimed_by = delivery.claimed_at = None
    try:
        message = render.message(delivery, user)
        if delivery.channel == EMAIL:
            to = delivery.address or (user.email if user.email_verified_at else None)
            if not to:
                return _fail(delivery, "no verified address")
            locale = render.locale_of(user)
            email.send(email.build(message, to, locale))
        elif delivery.channel == PUSH:
            push.send(user, message, delivery.kind, render.locale_of(user))
        else:
            return _fail(delivery, f"unknown channel {delivery.channel}")
    except (email.SendError, push.SendError) as exc:
        delivery.reason = str(exc)[:300]
        gone = delivery.channel == PUSH and not db.session.scalar(
            select(PushSubscription.id).where(PushSubscription.user_id == user.id).limit(1)
        )
        if gone or delivery.attempts >= max_attempts:
            delivery.status = FAILED
            return FAILED
        delivery.next_attempt_at = utcnow() + _backoff(delivery.attempts)
        return QUEUED
    delivery.status, delivery.sent_at, delivery.reason = SENT, utcnow(), None
    return SENT


def _fail(delivery: Delivery, reason: str) -> str:
    delivery.status, delivery.reason = FAILED, reason
    return FAILED
