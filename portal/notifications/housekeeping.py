"""Housekeeping the job runner does: one-time links long past use, held photos of forms
never sent again, reminder records and deliveries older than anyone needs them; and the
database's statistics for the query planner (database.refresh_statistics)."""

from datetime import datetime, timedelta

from sqlalchemy import delete, or_

from ..extensions import db
from ..jobs import job
from ..models import Delivery, MemberActivation, ReminderSent
from ..models.activation import ACTIVATION

LINKS_KEPT = timedelta(days=7)  # a spent reset link says "used" for a week, then goes
ACTIVATION_LINKS_KEPT = timedelta(days=90)  # the coordinator's page shows "expired"
DELIVERIES_KEPT = timedelta(days=90)  # the admin's page shows 30 days
REMINDERS_KEPT = timedelta(days=400)  # longer than any reminder's window


def purge_links(now: datetime) -> int:
    """Reset and e-mail check links a week after they expired or were spent; activation
    links that were replaced or expired 90 days ago (a used one stays: "activated")."""
    short = db.session.execute(
        delete(MemberActivation).where(
            MemberActivation.purpose != ACTIVATION,
            or_(
                MemberActivation.expires_at < now - LINKS_KEPT,
                MemberActivation.used_at < now - LINKS_KEPT,
            ),
        )
    ).rowcount
    long = db.session.execute(
        delete(MemberActivation).where(
            MemberActivation.purpose == ACTIVATION,
            MemberActivation.used_at.is_(None),
            MemberActivation.expires_at < now - ACTIVATION_LINKS_KEPT,
        )
    ).rowcount
    return short + long


@job("housekeeping")
def housekeeping(now: datetime) -> dict[str, int]:
    from .. import database
    from ..activities import photo_store

    database.refresh_statistics()
    return {
        "links": purge_links(now),
        "held_photos": photo_store.forget_stale_held_photos(),
        "deliveries": db.session.execute(
            delete(Delivery).where(Delivery.created_at < now - DELIVERIES_KEPT)
        ).rowcount,
        "reminders": db.session.execute(
            delete(ReminderSent).where(ReminderSent.sent_at < now - REMINDERS_KEPT)
        ).rowcount,
    }
