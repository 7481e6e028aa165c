"""Who may log, see and change activities and their photos.

Owners log and change their own; coordinators see their organisation's; the admin sees
everyone's but logs nothing. Anything else is 'not found' (404), never 403.
"""

from ..models import Activity, ActivityPhoto
from . import (
    can_manage_organisation,
    is_active_member,
    is_admin,
    role_required,
)


def can_log_activities(user) -> bool:
    """Active members (coordinators too) log their own activities; the admin does not."""
    return is_active_member(user)


def can_view_activity(user, activity: Activity) -> bool:
    return activity.user_id == user.id or can_manage_organisation(user, activity.organisation_id)


def can_change_activity(user, activity: Activity) -> bool:
    """Only its author; whether the month is still open is the service's question."""
    return activity.user_id == user.id


def can_view_photo(user, photo: ActivityPhoto) -> bool:
    if photo.activity is None:  # held for a form being corrected: its uploader only
        return photo.user_id == user.id
    return can_view_activity(user, photo.activity)


# Active members log activities; pending applicants see why not, the admin just 403.
activity_logger_required = role_required(
    can_log_activities, description=lambda user: "" if is_admin(user) else "pending"
)


TEMPLATE_FUNCTIONS = {
    "can_log_activities": can_log_activities,
    "can_change_activity": can_change_activity,
}
