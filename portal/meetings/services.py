"""Scheduling: create, change and cancel meetings, clash warnings, and answers (RSVP)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .. import audit, codes, database
from ..extensions import db
from ..i18n import now_utc
from ..models import Invitation, Meeting, Organisation, User
from ..models.meetings import CANCELLED, SCHEDULED, meeting_organisation
from . import announce
from .invitations import invite_members, invitee_ids, uninvite

MAX_DURATION = timedelta(days=14)


class MeetingError(ValueError):
    """A rule the request breaks; `field` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class MeetingPlan:
    """What the scheduling form says, in domain terms (times aware, UTC or WIB)."""

    title: str
    kind: str
    level: str
    area_id: int
    starts_at: datetime
    ends_at: datetime
    venue: str
    agenda: str
    organisation_id: int | None  # the organiser; None: Dinas Sosial
    invited_ids: list[int]
    change_note: str | None = None


@dataclass(frozen=True)
class Clash:
    meeting: Meeting
    same_venue: bool
    organisations: list[str]  # invited organisations both meetings share
    # The person scheduling may not see that meeting: the warning names nothing of it.
    hidden: bool = False


def venue_key(venue: str) -> str:
    return " ".join(venue.lower().split())[:200]


def check_times(plan: MeetingPlan, now: datetime, meeting: Meeting | None = None) -> None:
    if plan.ends_at <= plan.starts_at:
        raise MeetingError(_("Waktu selesai harus sesudah waktu mulai."), "ends_at")
    if plan.ends_at - plan.starts_at > MAX_DURATION:
        raise MeetingError(_("Satu rapat paling lama 14 hari."), "ends_at")
    moved = meeting is None or plan.starts_at != meeting.starts_at
    if moved and plan.starts_at <= now:
        raise MeetingError(_("Waktu mulai sudah lewat. Pilih waktu yang akan datang."), "starts_at")


def clashes(
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    organisation_ids,
    exclude_id: int | None = None,
    limit: int = 10,
) -> list[Clash]:
    """Scheduled meetings overlapping in time at the same venue or with a shared organisation."""
    wanted = set(organisation_ids)
    key = venue_key(venue or "")
    shared = select(meeting_organisation.c.meeting_id).where(
        meeting_organisation.c.organisation_id.in_(wanted)
    )
    stmt = (
        select(Meeting)
        .where(
            Meeting.status == SCHEDULED,
            Meeting.starts_at < ends_at,
            Meeting.ends_at > starts_at,
            or_(Meeting.venue_key == key, Meeting.id.in_(shared)),
        )
        .options(selectinload(Meeting.organisations))
        .order_by(Meeting.starts_at)
        .limit(limit)
    )
    if exclude_id is not None:
        stmt = stmt.where(Meeting.id != exclude_id)
    return [
        Clash(
            m, bool(key) and m.venue_key == key, [o.name for o in m.organisations if o.id in wanted]
        )
        for m in db.session.scalars(stmt)
    ]


def schedule(actor: User, plan: MeetingPlan, now: datetime | None = None) -> Meeting:
    """A new meeting; every active member of the invited organisations is invited."""
    check_times(plan, now or now_utc())
    meeting = Meeting(
        title=plan.title,
        kind=plan.kind,
        level=plan.level,
        area_id=plan.area_id,
        organisation_id=plan.organisation_id,
        created_by_id=actor.id,
        starts_at=plan.starts_at,
        ends_at=plan.ends_at,
        venue=plan.venue,
        venue_key=venue_key(plan.venue),
        agenda=plan.agenda or "",
        checkin_salt=codes.new_salt(),
    )
    meeting.organisations = _organisations(plan.invited_ids)
    db.session.add(meeting)
    db.session.flush()
    invited = invite_members(meeting, plan.invited_ids)
    announce.tell(invited, meeting, announce.INVITED)
    audit.record(
        "meeting.scheduled",
        actor=actor,
        obj=meeting,
        detail={"organisations": sorted(plan.invited_ids), "invitations": len(invited)},
    )
    return meeting


def _organisations(ids) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(set(ids)))))


def change(
    actor: User, meeting: Meeting, plan: MeetingPlan, now: datetime | None = None
) -> Meeting:
    """Change a meeting that has not started. A new time or place is announced to every
    invitee and raises the calendar SEQUENCE."""
    now = now or now_utc()
    cancelled = MeetingError(_("Rapat ini sudah dibatalkan dan tidak dapat diubah."))
    if meeting.is_cancelled:
        raise cancelled
    if meeting.starts_at <= now:
        raise MeetingError(_("Rapat sudah dimulai; jadwalnya tidak dapat diubah lagi."))
    check_times(plan, now, meeting)
    # Still scheduled, and held so (a no-op UPDATE): a cancellation at the same moment
    # comes before or after this change, never in the middle of it.
    if not database.transition(meeting, "status", SCHEDULED):
        raise cancelled
    moved = (plan.starts_at, plan.ends_at) != (meeting.starts_at, meeting.ends_at)
    relocated = venue_key(plan.venue) != meeting.venue_key
    calendar_changed = (
        moved or relocated or plan.title != meeting.title or ((plan.agenda or "") != meeting.agenda)
    )
    if moved or relocated:
        meeting.previous_starts_at = meeting.starts_at
        meeting.rescheduled_at = now
        meeting.change_note = plan.change_note or None
    if calendar_changed:
        meeting.sequence += 1
    for name in ("title", "kind", "level", "area_id", "organisation_id", "starts_at", "ends_at"):
        setattr(meeting, name, getattr(plan, name))
    meeting.venue, meeting.venue_key, meeting.agenda = (
        plan.venue,
        venue_key(plan.venue),
        plan.agenda,
    )
    before = {o.id for o in meeting.organisations}
    meeting.organisations = _organisations(plan.invited_ids)
    removed = before - set(plan.invited_ids)
    uninvited = uninvite(meeting, removed, set(plan.invited_ids)) if removed else 0
    db.session.flush()
    added = invite_members(meeting, plan.invited_ids)
    announce.tell(added, meeting, announce.INVITED)
    if moved or relocated:
        fresh = set(added)
        others = [uid for uid in invitee_ids(meeting) if uid not in fresh]
        announce.tell(others, meeting, announce.CHANGED)
    audit.record(
        "meeting.rescheduled" if moved or relocated else "meeting.updated",
        actor=actor,
        obj=meeting,
        detail={
            "moved": moved,
            "relocated": relocated,
            "invited": len(added),
            "uninvited": uninvited,
            "sequence": meeting.sequence,
        },
    )
    return meeting


def cancel(actor: User, meeting: Meeting, reason: str | None, now: datetime | None = None) -> None:
    """Cancel: every invitee is told, and calendars show the event as cancelled."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini sudah dibatalkan."))
    if meeting.ends_at <= now:
        raise MeetingError(_("Rapat sudah selesai dan tidak dapat dibatalkan."))
    cancelled = database.transition(
        meeting,
        "status",
        SCHEDULED,
        status=CANCELLED,
        cancelled_at=now,
        change_note=reason or None,
        sequence=Meeting.sequence + 1,
    )
    if not cancelled:  # another organiser cancelled it a moment ago
        raise MeetingError(_("Rapat ini sudah dibatalkan."))
    announce.tell(invitee_ids(meeting), meeting, announce.CANCELLED)
    audit.record("meeting.cancelled", actor=actor, obj=meeting, detail={"reason": bool(reason)})


def answer(
    invitation: Invitation,
    meeting: Meeting,
    rsvp: str,
    note: str | None,
    now: datetime | None = None,
) -> Invitation:
    """Hadir / tidak hadir / mungkin (checked by RsvpForm), with an optional note;
    changeable until the start."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; jawaban tidak diperlukan lagi."), "answer")
    if meeting.starts_at <= now:
        raise MeetingError(_("Rapat sudah dimulai; jawaban tidak dapat diubah lagi."), "answer")
    invitation.rsvp = rsvp
    invitation.rsvp_note = note or None
    invitation.rsvp_at = now
    return invitation
