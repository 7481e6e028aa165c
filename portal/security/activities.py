"""Who may log, see, change and review activities, photos and monthly reports.

Owners log and submit their own; coordinators review their organisation's; the admin
reviews everyone's but logs nothing. Anything else is 'not found' (404), never 403.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..extensions import db
from ..models import Activity, ActivityPhoto, Membership
from . import can_manage_organisation, is_active_member, is_admin, is_coordinator


def can_log_activities(user) -> bool:
    """Active members (coordinators too) log their own activities; the admin does not."""
    return is_active_member(user)


def can_review_reports(user) -> bool:
    """Sees the reports pages of some organisation: a coordinator, or the admin."""
    return is_admin(user) or is_coordinator(user)


def can_view_activity(user, activity: Activity) -> bool:
    return activity.user_id == user.id or can_manage_organisation(user, activity.organisation_id)


def can_change_activity(user, activity: Activity) -> bool:
    """Only its author; whether the month is still open is the service's question."""
    return activity.user_id == user.id


def can_view_photo(user, photo: ActivityPhoto) -> bool:
    if photo.activity is None:  # held for a form being corrected: its uploader only
        return photo.user_id == user.id
    return can_view_activity(user, photo.activity)


def can_view_report(user, membership: Membership) -> bool:
    return membership.user_id == user.id or can_manage_organisation(
        user, membership.organisation_id
    )


def can_submit_report(user, membership: Membership) -> bool:
    return membership.user_id == user.id and membership.is_active


def can_review_report(user, membership: Membership) -> bool:
    """Verify or return: a coordinator of the organisation or the admin, never one's own."""
    return membership.user_id != user.id and can_manage_organisation(
        user, membership.organisation_id
    )


def _role_required(check, description=lambda user: ""):
    """A decorator: logged in, and check(user) holds; otherwise 403 (described for pending)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not check(current_user):
                abort(403, description=description(current_user))
            return view(*args, **kwargs)

        return wrapped

    return decorator


# Active members log activities; pending applicants see why not, the admin just 403.
activity_logger_required = _role_required(
    can_log_activities, lambda user: "" if is_admin(user) else "pending"
)
reviewer_required = _role_required(can_review_reports)


def _get_or_404(model, object_id: int, check):
    """The object, if it exists and check(current_user, object) holds; else 'not found'."""
    obj = db.session.get(model, object_id)
    if obj is None or not check(current_user, obj):
        abort(404)
    return obj


def activity_to_view_or_404(activity_id: int) -> Activity:
    return _get_or_404(Activity, activity_id, can_view_activity)


def own_activity_or_404(activity_id: int) -> Activity:
    return _get_or_404(Activity, activity_id, can_change_activity)


def photo_or_404(photo_id: int) -> ActivityPhoto:
    return _get_or_404(ActivityPhoto, photo_id, can_view_photo)


def report_membership_or_404(membership_id: int) -> Membership:
    """The membership whose monthly report the current person may see."""
    return _get_or_404(Membership, membership_id, can_view_report)


TEMPLATE_FUNCTIONS = {
    "can_log_activities": can_log_activities,
    "can_review_reports": can_review_reports,
    "can_change_activity": can_change_activity,
    "can_submit_report": can_submit_report,
    "can_review_report": can_review_report,
}
