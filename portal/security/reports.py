"""Who may see, submit, verify and return a monthly report, and see the reports pages.

Owners submit their own; coordinators review their organisation's; the admin reviews
everyone's. Anything else is "not found" (404), never 403.
"""

from ..models import Membership
from . import can_manage_organisation, can_manage_some_organisation, role_required


def can_review_reports(user) -> bool:
    """Sees the reports pages of some organisation: a coordinator, or the admin."""
    return can_manage_some_organisation(user)


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


reviewer_required = role_required(can_review_reports)


TEMPLATE_FUNCTIONS = {
    "can_review_reports": can_review_reports,
    "can_submit_report": can_submit_report,
    "can_review_report": can_review_report,
}
