"""Meetings for tests, made through the scheduling service (so invitations are real)."""

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.i18n import now_utc
from portal.meetings import services
from portal.models import Area, Invitation, User

KABUPATEN = "19.06"


def area(code: str = KABUPATEN) -> Area:
    return db.session.scalar(select(Area).where(Area.code == code))


def plan(org_ids, *, starts_in=timedelta(minutes=30), hours=2, **kw) -> services.MeetingPlan:
    starts = now_utc().replace(microsecond=0) + starts_in
    values = {
        "title": "Rakor Tagana",
        "kind": "rakor",
        "level": "kabupaten",
        "area_id": area().id,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "venue": "Aula Dinas Sosial",
        "agenda": "- Kesiapsiagaan banjir\n- Piket posko",
        "organisation_id": org_ids[0] if org_ids else None,
        "invited_ids": list(org_ids),
    }
    values.update(kw)
    return services.MeetingPlan(**values)


def meeting(actor_id: int, org_ids, **kw):
    """A meeting scheduled by actor_id. starts_in may be negative (already started): then
    it is scheduled 'yesterday', the way it happened."""
    p = plan(org_ids, **kw)
    actor = db.session.get(User, actor_id)
    scheduled = services.schedule(actor, p, now=p.starts_at - timedelta(days=1))
    db.session.commit()  # as the request that scheduled it would
    return scheduled


def invitation(meeting_id: int, user_id: int) -> Invitation | None:
    return db.session.scalar(
        select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.user_id == user_id)
    )


def move(app, meeting_id: int, **times) -> None:
    """Shift a meeting in time (the clock cannot be moved, the meeting can)."""
    from portal.models import Meeting

    with app.app_context():
        db.session.execute(db.update(Meeting).where(Meeting.id == meeting_id).values(**times))
        db.session.commit()
