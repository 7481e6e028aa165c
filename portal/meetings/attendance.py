"""Check-in with the meeting's rotating code, attendance marked by hand, and the counts."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import joinedload

from .. import audit, codes
from ..database import contains
from ..extensions import db
from ..i18n import datetime_wib, now_utc
from ..models import Area, Invitation, Meeting, Organisation, User
from ..models.meetings import ATTENDANCE, BY_HAND, HADIR, RSVP_ANSWERS, SCHEDULED
from ..paging import paginate
from .services import MeetingError

CHECKIN_OPENS_BEFORE = timedelta(hours=1)


class NotInvited(MeetingError):
    """A valid code, but the person is not on the invitation list."""


def checkin_opens_at(meeting: Meeting) -> datetime:
    return meeting.starts_at - CHECKIN_OPENS_BEFORE


def checkin_is_open(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or now_utc()
    return not meeting.is_cancelled and checkin_opens_at(meeting) <= now <= meeting.ends_at


def current_code(meeting: Meeting) -> str:
    return codes.checkin_code(meeting.id, meeting.checkin_salt)


def display_code(code: str) -> str:
    """'K7QF2M9A' -> 'K7QF-2M9A', easier to read aloud and type."""
    return f"{code[:4]}-{code[4:]}"


def rotate_code(actor: User, meeting: Meeting) -> None:
    """A new code; the old one stops working at once (and says it was replaced)."""
    meeting.previous_checkin_salt = meeting.checkin_salt
    meeting.checkin_salt = codes.new_salt()
    audit.record("meeting.checkin_code_rotated", actor=actor, obj=meeting)


def verify_code(meeting: Meeting, user: User, code: str, now: datetime) -> None:
    """code: as CheckinForm reads it (normalised, not empty). Raises MeetingError with what
    is wrong: rotated, another meeting's, wrong, too early, or expired."""
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; tidak ada kehadiran yang dicatat."), "token")
    if not codes.same(code, current_code(meeting)):
        previous = meeting.previous_checkin_salt
        if previous and codes.same(code, codes.checkin_code(meeting.id, previous)):
            raise MeetingError(
                _("Kode ini sudah diganti penyelenggara. Pindai kode yang tampil sekarang."),
                "token",
            )
        other = _open_meeting_with_code(user, code, meeting.id, now)
        if other is not None:
            raise MeetingError(
                _(
                    "Kode ini untuk rapat lain: %(title)s. Buka rapat itu untuk hadir.",
                    title=other.title,
                ),
                "token",
            )
        raise MeetingError(_("Kode kehadiran salah. Periksa lagi kode di layar rapat."), "token")
    if now < checkin_opens_at(meeting):
        raise MeetingError(
            _(
                "Kode kehadiran baru berlaku mulai %(when)s.",
                when=datetime_wib(checkin_opens_at(meeting)),
            ),
            "token",
        )
    if now > meeting.ends_at:
        raise MeetingError(_("Rapat sudah selesai; kode kehadiran tidak berlaku lagi."), "token")


def _open_meeting_with_code(user: User, code: str, exclude_id: int, now: datetime):
    """Another meeting of this person, open for check-in now, whose code this is."""
    candidates = db.session.scalars(
        select(Meeting)
        .join(Invitation, Invitation.meeting_id == Meeting.id)
        .where(
            Invitation.user_id == user.id,
            Meeting.id != exclude_id,
            Meeting.status == SCHEDULED,
            Meeting.starts_at <= now + CHECKIN_OPENS_BEFORE,
            Meeting.ends_at >= now,
        )
        .limit(20)
    )
    return next((m for m in candidates if codes.same(code, current_code(m))), None)


def check_in(
    meeting: Meeting,
    invitation: Invitation | None,
    user: User,
    code: str,
    method: str,
    now: datetime | None = None,
) -> tuple[Invitation, bool]:
    """Mark the person present. Returns (invitation, newly): checking in twice counts once."""
    now = now or now_utc()
    verify_code(meeting, user, code, now)
    if invitation is None:
        raise NotInvited(
            _(
                "Anda tidak ada dalam daftar undangan rapat ini. "
                "Minta penyelenggara mencatat kehadiran Anda."
            ),
            "token",
        )
    # One conditional UPDATE, so two taps at once still count once.
    result = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            or_(Invitation.attendance.is_(None), Invitation.attendance != HADIR),
        )
        .values(
            attendance=HADIR, checked_in_at=now, checkin_method=method, attendance_by_id=user.id
        )
        .execution_options(synchronize_session=False)
    )
    newly = result.rowcount == 1
    if newly:
        audit.record(
            "meeting.checked_in", actor=user, obj=meeting, subject=user, detail={"method": method}
        )
    db.session.expire(invitation)  # the UPDATE bypassed it: read back the new state
    return invitation, newly


def mark(
    actor: User, meeting: Meeting, invitation: Invitation, status: str, now: datetime | None = None
) -> Invitation:
    """The organiser records hadir / izin / sakit / tidak hadir (checked by AttendanceForm)
    for one invitee."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; kehadiran tidak dicatat."), "status")
    if now < checkin_opens_at(meeting):
        raise MeetingError(
            _("Kehadiran dapat dicatat mulai satu jam sebelum rapat dimulai."), "status"
        )
    if status == HADIR:
        if invitation.attendance != HADIR:
            invitation.checked_in_at = now
            invitation.checkin_method = BY_HAND
    else:
        invitation.checked_in_at = None
        invitation.checkin_method = None
    invitation.attendance = status
    invitation.attendance_by_id = actor.id
    audit.record(
        "meeting.attendance_marked",
        actor=actor,
        obj=meeting,
        subject=invitation.user,
        detail={"status": status, "invitation_id": invitation.id},
    )
    return invitation


@dataclass
class Counts:
    invited: int = 0
    rsvp: dict = field(default_factory=lambda: dict.fromkeys(("pending", *RSVP_ANSWERS), 0))
    attendance: dict = field(default_factory=lambda: dict.fromkeys(ATTENDANCE, 0))

    @property
    def unmarked(self) -> int:
        return self.invited - sum(self.attendance.values())


def counts(meeting_id: int) -> Counts:
    """Answers and attendance of one meeting, in one grouped query."""
    result = Counts()
    rows = db.session.execute(
        select(Invitation.rsvp, Invitation.attendance, func.count())
        .where(Invitation.meeting_id == meeting_id)
        .group_by(Invitation.rsvp, Invitation.attendance)
    )
    for rsvp, attendance, n in rows:
        result.invited += n
        result.rsvp[rsvp] = result.rsvp.get(rsvp, 0) + n
        if attendance:
            result.attendance[attendance] = result.attendance.get(attendance, 0) + n
    return result


def attendees_page(meeting: Meeting, query: str | None, status: str | None, page: int, per_page=50):
    """Invitees for marking attendance: by name, filterable; one query per page."""
    stmt = (
        select(Invitation)
        .join(User, User.id == Invitation.user_id)
        .where(Invitation.meeting_id == meeting.id)
        .options(joinedload(Invitation.user), joinedload(Invitation.organisation))
        .order_by(User.full_name, Invitation.id)
    )
    if query:
        stmt = stmt.where(contains(User.full_name, query))
    if status == "belum":
        stmt = stmt.where(Invitation.attendance.is_(None))
    elif status in ATTENDANCE:
        stmt = stmt.where(Invitation.attendance == status)
    return paginate(stmt, page, per_page)


def attendance_list(meeting: Meeting, limit: int = 5000) -> list[Invitation]:
    """The daftar hadir: every invitee by organisation and name, in one query."""
    return list(
        db.session.scalars(
            select(Invitation)
            .join(User, User.id == Invitation.user_id)
            .outerjoin(Organisation, Organisation.id == Invitation.organisation_id)
            .where(Invitation.meeting_id == meeting.id)
            .options(
                joinedload(Invitation.user).joinedload(User.home_desa).joinedload(Area.parent),
                joinedload(Invitation.organisation),
            )
            .order_by(Organisation.name, User.full_name, Invitation.id)
            .limit(limit)
        )
    )
