"""'Count it': a meeting a member attended becomes one activity in their monthly report."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..activities import meeting_attendance
from ..activities.services import ActivityError
from ..extensions import db
from ..i18n import to_wib, today_wib
from ..models import Activity, Invitation, User
from .services import MeetingError


def counted_activity_id(user: User, meeting_id: int) -> int | None:
    return db.session.scalar(
        select(Activity.id).where(Activity.user_id == user.id, Activity.meeting_id == meeting_id)
    )


def count_as_activity(user: User, invitation: Invitation) -> Activity:
    """One activity of type 'Menghadiri rapat', once per meeting; in the organisation through
    which the person was invited, or else their first active one."""
    active = user.active_organisation_ids()
    if invitation.organisation_id in active:
        organisation_id = invitation.organisation_id
    elif active:
        organisation_id = min(active)
    else:
        raise MeetingError(_("Anda belum menjadi anggota aktif organisasi mana pun."))
    meeting = invitation.meeting
    minutes = int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    try:
        return meeting_attendance.log_meeting_attendance(
            user,
            organisation_id,
            meeting.title,
            # Check-in opens an hour early: a meeting past midnight still counts today.
            min(to_wib(meeting.starts_at).date(), today_wib()),
            minutes,
            meeting.area_id,
            meeting.id,
        )
    except ActivityError as exc:
        raise MeetingError(str(exc)) from exc
