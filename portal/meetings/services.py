"""Scheduling: create, change and cancel meetings, clash warnings, invitations and answers."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import selectinload

from .. import audit, notices
from ..extensions import db
from ..i18n import datetime_wib, now_utc
from ..models import Invitation, Meeting, Membership, Organisation, User
from ..models.meetings import (
    CANCELLED,
    RSVP_ANSWERS,
    RSVP_PENDING,
    SCHEDULED,
    meeting_organisation,
)
from ..models.organisation import ACTIVE
from . import codes
from .labels import kind_short

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


def venue_key(venue: str) -> str:
    return " ".join(venue.lower().split())[:200]


def meeting_path(meeting: Meeting, endpoint: str = "meetings.detail") -> str:
    """The meeting's path, also outside a request (a membership approved from the CLI)."""
    if has_request_context():
        return url_for(endpoint, meeting_id=meeting.id)
    return current_app.url_map.bind("localhost").build(endpoint, {"meeting_id": meeting.id})


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
    notices.notify_many(invited, _notice(meeting, "invited"), meeting_path(meeting))
    audit.record(
        "meeting.scheduled",
        actor=actor,
        obj=meeting,
        detail={"organisations": sorted(plan.invited_ids), "invitations": len(invited)},
    )
    db.session.commit()
    return meeting


def _organisations(ids) -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(set(ids)))))


def invite_members(meeting: Meeting, organisation_ids) -> list[int]:
    """Invite the active members of these organisations not yet invited: one bulk INSERT.

    Someone in two invited organisations gets one invitation (through the first)."""
    if not organisation_ids:
        return []
    already = exists().where(
        Invitation.meeting_id == meeting.id, Invitation.user_id == Membership.user_id
    )
    rows = db.session.execute(
        select(Membership.user_id, func.min(Membership.organisation_id))
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id.in_(set(organisation_ids)),
            Membership.status == ACTIVE,
            User.is_deactivated.is_(False),
            User.erased_at.is_(None),
            ~already,
        )
        .group_by(Membership.user_id)
    ).all()
    if rows:
        created = now_utc()
        db.session.execute(
            insert(Invitation),
            [
                {
                    "meeting_id": meeting.id,
                    "user_id": user_id,
                    "organisation_id": org_id,
                    "rsvp": RSVP_PENDING,
                    "created_at": created,
                }
                for user_id, org_id in rows
            ],
        )
    return [user_id for user_id, _org in rows]


def invitee_ids(meeting: Meeting) -> list[int]:
    return list(
        db.session.scalars(select(Invitation.user_id).where(Invitation.meeting_id == meeting.id))
    )


def change(
    actor: User, meeting: Meeting, plan: MeetingPlan, now: datetime | None = None
) -> Meeting:
    """Change a meeting that has not started. A new time or place is announced to every
    invitee and raises the calendar SEQUENCE."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini sudah dibatalkan dan tidak dapat diubah."))
    if meeting.starts_at <= now:
        raise MeetingError(_("Rapat sudah dimulai; jadwalnya tidak dapat diubah lagi."))
    check_times(plan, now, meeting)
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
    uninvited = _uninvite(meeting, removed, set(plan.invited_ids)) if removed else 0
    db.session.flush()
    added = invite_members(meeting, plan.invited_ids)
    notices.notify_many(added, _notice(meeting, "invited"), meeting_path(meeting))
    if moved or relocated:
        fresh = set(added)
        others = [uid for uid in invitee_ids(meeting) if uid not in fresh]
        notices.notify_many(others, _notice(meeting, "changed"), meeting_path(meeting))
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
    db.session.commit()
    return meeting


def _uninvite(meeting: Meeting, removed: set[int], remaining: set[int]) -> int:
    """Invitations through an organisation no longer invited go, unless the person is an
    active member of a remaining one (then they move to it) or attendance is recorded."""
    if remaining:
        other_org = (
            select(func.min(Membership.organisation_id))
            .where(
                Membership.user_id == Invitation.user_id,
                Membership.organisation_id.in_(remaining),
                Membership.status == ACTIVE,
            )
            .scalar_subquery()
        )
        db.session.execute(
            update(Invitation)
            .where(
                Invitation.meeting_id == meeting.id,
                Invitation.organisation_id.in_(removed),
                other_org.is_not(None),
            )
            .values(organisation_id=other_org)
            .execution_options(synchronize_session=False)
        )
    gone = db.session.execute(
        delete(Invitation)
        .where(
            Invitation.meeting_id == meeting.id,
            Invitation.organisation_id.in_(removed),
            Invitation.attendance.is_(None),
        )
        .execution_options(synchronize_session=False)
    )
    return gone.rowcount or 0


def cancel(actor: User, meeting: Meeting, reason: str | None, now: datetime | None = None) -> None:
    """Cancel: every invitee is told, and calendars show the event as cancelled."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini sudah dibatalkan."))
    if meeting.ends_at <= now:
        raise MeetingError(_("Rapat sudah selesai dan tidak dapat dibatalkan."))
    meeting.status = CANCELLED
    meeting.cancelled_at = now
    meeting.change_note = reason or None
    meeting.sequence += 1
    notices.notify_many(invitee_ids(meeting), _notice(meeting, "cancelled"), meeting_path(meeting))
    audit.record("meeting.cancelled", actor=actor, obj=meeting, detail={"reason": bool(reason)})
    db.session.commit()


def answer(
    invitation: Invitation,
    meeting: Meeting,
    rsvp: str,
    note: str | None,
    now: datetime | None = None,
) -> Invitation:
    """Hadir / tidak hadir / mungkin, with an optional note; changeable until the start."""
    now = now or now_utc()
    if rsvp not in RSVP_ANSWERS:
        raise MeetingError(_("Pilih hadir, tidak hadir, atau mungkin."), "answer")
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; jawaban tidak diperlukan lagi."), "answer")
    if meeting.starts_at <= now:
        raise MeetingError(_("Rapat sudah dimulai; jawaban tidak dapat diubah lagi."), "answer")
    invitation.rsvp = rsvp
    invitation.rsvp_note = note or None
    invitation.rsvp_at = now
    db.session.commit()
    return invitation


def invite_new_member(_sender, membership: Membership, **_extra) -> None:
    """membership_activated: invite the person to the organisation's meetings not yet begun.

    Runs inside the approving transaction: adds to the session, never commits."""
    now = now_utc()
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .join(meeting_organisation, meeting_organisation.c.meeting_id == Meeting.id)
            .where(
                meeting_organisation.c.organisation_id == membership.organisation_id,
                Meeting.status == SCHEDULED,
                Meeting.starts_at > now,
                ~exists().where(
                    and_(
                        Invitation.meeting_id == Meeting.id,
                        Invitation.user_id == membership.user_id,
                    )
                ),
            )
            .order_by(Meeting.starts_at)
        )
    )
    if not meetings:
        return
    db.session.execute(
        insert(Invitation),
        [
            {
                "meeting_id": m.id,
                "user_id": membership.user_id,
                "organisation_id": membership.organisation_id,
                "rsvp": RSVP_PENDING,
                "created_at": now,
            }
            for m in meetings
        ],
    )
    for meeting in meetings:
        notices.notify(membership.user_id, _notice(meeting, "invited"), meeting_path(meeting))


def _notice(meeting: Meeting, what: str) -> str:
    if has_request_context():
        return _notice_text(meeting, what)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _notice_text(meeting, what)


def _notice_text(meeting: Meeting, what: str) -> str:
    values = {
        "kind": kind_short(meeting.kind),
        "title": meeting.title,
        "when": datetime_wib(meeting.starts_at),
        "venue": meeting.venue,
    }
    text = {
        "invited": _("Undangan %(kind)s: %(title)s, %(when)s, di %(venue)s.", **values),
        "changed": _("Jadwal rapat berubah: %(title)s, sekarang %(when)s, di %(venue)s.", **values),
        "cancelled": _("Rapat dibatalkan: %(title)s (%(when)s).", **values),
    }[what]
    return text[:500]
