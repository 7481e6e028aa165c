"""Who may do what with meetings: schedule, see, answer, check in, mark attendance, minutes.

A meeting is managed by the admin and by the coordinators of its organising organisation;
it is seen by them and by the people invited to it. Anyone else gets a 404.
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import or_, select, true

from ..extensions import db
from ..models import ActionItem, Invitation, Meeting
from ..models.organisation import ACTIVE
from . import is_admin, is_coordinator, is_coordinator_of, managed_organisation_ids


def can_schedule_meeting(user) -> bool:
    return is_admin(user) or is_coordinator(user)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    """Change, cancel, take attendance, write minutes: the admin, or the organiser's coordinator."""
    if is_admin(user):
        return True
    return meeting.organisation_id is not None and is_coordinator_of(user, meeting.organisation_id)


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


def invitation_of(user, meeting_id: int) -> Invitation | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Invitation).where(Invitation.meeting_id == meeting_id, Invitation.user_id == user.id)
    )


def meeting_to_see_or_404(meeting_id: int, *options) -> tuple[Meeting, Invitation | None]:
    """A meeting the current person is invited to or manages, with their invitation."""
    meeting = db.session.get(Meeting, meeting_id, options=options)
    if meeting is None:
        abort(404)
    invitation = invitation_of(current_user, meeting.id)
    if invitation is None and not can_manage_meeting(current_user, meeting):
        abort(404)
    return meeting, invitation


def meeting_to_manage_or_404(meeting_id: int, *options) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id, options=options)
    if meeting is None or not can_manage_meeting(current_user, meeting):
        abort(404)
    return meeting


def invitation_of_meeting_or_404(meeting: Meeting, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.meeting_id != meeting.id:
        abort(404)
    return invitation


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


def action_item_to_finish_or_404(item_id: int) -> ActionItem:
    item = db.session.get(ActionItem, item_id)
    if item is None or not can_finish_action_item(current_user, item):
        abort(404)
    return item


def action_item_to_manage_or_404(item_id: int) -> ActionItem:
    item = db.session.get(ActionItem, item_id)
    if item is None or not can_manage_meeting(current_user, item.meeting):
        abort(404)
    return item


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
    "can_count_as_activity": can_count_as_activity,
}
