"""Who may do what with meetings: schedule, see, answer, check in, mark attendance, minutes.

A meeting is managed by the admin and by the coordinators of its organising organisation;
it is seen by them and by the people invited to it. Anyone else gets a 404.
"""

from dataclasses import replace

from flask_login import current_user
from sqlalchemy import or_, select, true

from ..extensions import db
from ..models import ActionItem, Invitation, Meeting
from ..models.organisations import ACTIVE
from . import (
    can_manage_organisation,
    can_manage_some_organisation,
    found_or_404,
    get_or_404,
    is_admin,
    managed_organisation_ids,
)


def can_schedule_meeting(user) -> bool:
    return can_manage_some_organisation(user)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Change, cancel, take attendance, write minutes: the admin, or the organiser's coordinator."""
    return can_manage_organisation(user, meeting.organisation_id)


def can_invite_organisations(user, organisation_ids) -> bool:
    managed = managed_organisation_ids(user)
    return managed is None or set(organisation_ids) <= managed


def visible_meetings(user):
    """A WHERE clause: the meetings this person is invited to or manages (admin: all)."""
    if is_admin(user):
        return true()
    clauses = [Meeting.id.in_(select(Invitation.meeting_id).where(Invitation.user_id == user.id))]
    managed = user.coordinated_organisation_ids()
    if managed:
        clauses.append(Meeting.organisation_id.in_(managed))
    return or_(*clauses)


def as_seen_by(user, clashes: list) -> list:
    """Clashes with the meetings this person may not see marked hidden: a warning tells
    them only that the time is taken, never another organisation's meeting title."""
    ids = [c.meeting.id for c in clashes]
    if not ids:
        return clashes
    seen = set(
        db.session.scalars(select(Meeting.id).where(Meeting.id.in_(ids), visible_meetings(user)))
    )
    return [c if c.meeting.id in seen else replace(c, hidden=True) for c in clashes]


def invitation_of(user, meeting_id: int) -> Invitation | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.user_id == user.id)
    )


def meeting_to_see_or_404(meeting_id: int, *options) -> tuple[Meeting, Invitation | None]:
    """A meeting the current person is invited to or manages, with their invitation."""
    meeting = get_or_404(Meeting, meeting_id, options=options)
    invitation = invitation_of(current_user, meeting.id)
    found_or_404(meeting, lambda user, m: invitation is not None or can_manage_meeting(user, m))
    return meeting, invitation


def can_see_checkin(
    user, meeting: Meeting, invitation: Invitation | None, valid_code: bool
) -> bool:
    """The check-in page: for the invited and the organisers; for anyone else only with the
    meeting's valid code in hand, to be told they are not on the list. Without it, another
    organisation's meeting does not exist."""
    return valid_code or invitation is not None or can_manage_meeting(user, meeting)


def checkin_or_404(meeting: Meeting, invitation: Invitation | None, valid_code: bool) -> None:
    found_or_404(meeting, lambda user, m: can_see_checkin(user, m, invitation, valid_code))


def invitation_of_meeting_or_404(meeting: Meeting, invitation_id: int, *options) -> Invitation:
    return get_or_404(
        Invitation, invitation_id, can=lambda user, i: i.meeting_id == meeting.id, options=options
    )


def can_finish_action_item(user, item: ActionItem) -> bool:
    """The member it is assigned to, an active member of the organisation it is assigned to,
    or whoever manages the meeting."""
    if not (user and user.is_authenticated):
        return False
    if item.assignee_user_id is not None and item.assignee_user_id == user.id:
        return True
    if item.assignee_organisation_id is not None and any(
        m.organisation_id == item.assignee_organisation_id and m.status == ACTIVE
        for m in user.memberships
    ):
        return True
    return can_manage_meeting(user, item.meeting)


def can_manage_action_item(user, item: ActionItem) -> bool:
    """Change or delete an action item: whoever manages its meeting."""
    return can_manage_meeting(user, item.meeting)


def can_count_as_activity(user, invitation: Invitation | None) -> bool:
    """A person marked present at a meeting that took place may count it as an activity."""
    return bool(
        invitation is not None
        and user
        and user.is_authenticated
        and invitation.user_id == user.id
        and invitation.attendance == "hadir"
        and not invitation.meeting.is_cancelled
    )


TEMPLATE_FUNCTIONS = {
    "can_schedule_meeting": can_schedule_meeting,
    "can_manage_meeting": can_manage_meeting,
    "can_finish_action_item": can_finish_action_item,
    "can_manage_action_item": can_manage_action_item,
    "can_count_as_activity": can_count_as_activity,
}
