"""Meetings with invitations, made directly (the job runner's tests move the clock, not
the meeting, so they need a meeting at a fixed time)."""

from datetime import timedelta

from portal.extensions import db
from portal.models import Invitation, Meeting

from ..meetings.factories import area


def make_meeting(world, starts, *, invite=(), extra=(), title="Rakor Tagana"):
    meeting = Meeting(
        title=title,
        kind="rakor",
        level="kabupaten",
        area_id=area().id,
        organisation_id=world.org_a,
        created_by_id=world.ids["coordinator"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        venue="Aula Dinas Sosial",
        venue_key="aula dinas sosial",
        checkin_salt="0" * 32,
    )
    db.session.add(meeting)
    db.session.flush()
    user_ids = [world.ids[role] for role in invite] + list(extra)
    db.session.execute(
        Invitation.__table__.insert(),
        [{"meeting_id": meeting.id, "user_id": uid, "rsvp": "pending"} for uid in user_ids],
    ) if user_ids else None
    db.session.commit()
    return meeting
