"""Who may do what: every authorisation decision of the portal lives in this package.

Views call these functions (through the decorators and loaders below) and templates
call them to decide what to show; tests/policy checks every route against a table.
Feature modules of this package add the rules of their own objects.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..models import Membership, Organisation, User
from ..models.organisation import ACTIVE, PENDING, SUSPENDED


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_admin)


def is_active_member(user) -> bool:
    """Has at least one active membership (a coordinator is a member too)."""
    return bool(user and user.is_authenticated and user.active_memberships)


def is_coordinator_of(user, organisation_id: int) -> bool:
    return bool(
        user and user.is_authenticated and organisation_id in user.coordinated_organisation_ids()
    )


def is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and user.coordinated_organisation_ids())


def can_manage_organisation(user, organisation: Organisation | int) -> bool:
    """Approve members, verify reports, schedule meetings, publish: own org, or admin."""
    org_id = organisation if isinstance(organisation, int) else organisation.id
    return is_admin(user) or is_coordinator_of(user, org_id)


def managed_organisation_ids(user) -> set[int] | None:
    """The organisations a person manages; None means all (admin)."""
    if is_admin(user):
        return None
    return user.coordinated_organisation_ids()


def can_decide_membership(user, membership: Membership) -> bool:
    return can_manage_organisation(user, membership.organisation_id)


def can_approve(user, membership: Membership) -> bool:
    return can_decide_membership(user, membership) and membership.status == PENDING


def can_suspend(user, membership: Membership) -> bool:
    # Coordinators do not suspend each other or themselves; the admin names coordinators.
    if membership.user_id == user.id or (membership.is_coordinator and not is_admin(user)):
        return False
    return can_decide_membership(user, membership) and membership.status == ACTIVE


def can_reinstate(user, membership: Membership) -> bool:
    return can_decide_membership(user, membership) and membership.status == SUSPENDED


def can_see_member_area(user) -> bool:
    """Pending applicants see their status and nothing else of the member area."""
    return is_admin(user) or is_active_member(user)


def can_manage_user(user, target: User) -> bool:
    return is_admin(user) and target.id != user.id


# Decorators: the only way views ask for a role.


def member_required(view):
    """An active member of some organisation (or an admin); pending applicants get 403."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not can_see_member_area(current_user):
            abort(403, description="pending")
        return view(*args, **kwargs)

    return wrapped


def coordinator_required(view):
    """A coordinator of some organisation, or an admin."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not (is_admin(current_user) or is_coordinator(current_user)):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not is_admin(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def managed_organisation_or_404(organisation_id: int) -> Organisation:
    """An organisation the current person manages; any other is 'not found'."""
    from ..extensions import db

    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not can_manage_organisation(current_user, organisation):
        abort(404)
    return organisation


def membership_to_decide_or_404(membership_id: int) -> Membership:
    from ..extensions import db

    membership = db.session.get(Membership, membership_id)
    if membership is None or not can_decide_membership(current_user, membership):
        abort(404)
    return membership


TEMPLATE_FUNCTIONS = {
    "is_admin": is_admin,
    "is_coordinator": is_coordinator,
    "is_coordinator_of": is_coordinator_of,
    "can_manage_organisation": can_manage_organisation,
    "can_approve": can_approve,
    "can_suspend": can_suspend,
    "can_reinstate": can_reinstate,
    "can_see_member_area": can_see_member_area,
}
