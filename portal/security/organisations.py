"""Who may decide on memberships, import members, see a member's page, export the roster.

A coordinator acts on their own organisation's people, the admin on everyone's (but
coordinators do not suspend each other). Another organisation's member, import or
activation link is "not found" (404), never a 403 that would confirm it exists.
"""

from ..models import Membership, Organisation
from ..models.organisations import ACTIVE, PENDING, SUSPENDED
from . import can_manage_organisation, is_admin


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


def can_import_members(user, organisation: Organisation | int) -> bool:
    """Coordinators import into their own organisation; the admin into any."""
    return can_manage_organisation(user, organisation)


def can_add_existing_accounts(user) -> bool:
    """Only the admin, who sees every account anyway, may attach existing accounts by phone.

    A coordinator who could would learn who holds an account, and read their profile.
    """
    return is_admin(user)


def can_export_members(user, organisation: Organisation | int) -> bool:
    return can_manage_organisation(user, organisation)


def can_reissue_activation(user, membership: Membership) -> bool:
    return can_manage_organisation(user, membership.organisation_id)


def can_reset_password(user, membership: Membership) -> bool:
    """A reset link for an active account: a coordinator for their organisation's members
    (not for another coordinator, nor an admin), the admin for anyone but themselves."""
    person = membership.user
    if person.id == user.id or person.password_hash is None or not person.is_active:
        return False
    if not is_admin(user) and (person.is_admin or membership.is_coordinator):
        return False
    return can_manage_organisation(user, membership.organisation_id)


TEMPLATE_FUNCTIONS = {
    "can_reset_password": can_reset_password,
    "can_approve": can_approve,
    "can_suspend": can_suspend,
    "can_reinstate": can_reinstate,
    "can_import_members": can_import_members,
    "can_export_members": can_export_members,
    "can_reissue_activation": can_reissue_activation,
    "can_add_existing_accounts": can_add_existing_accounts,
}
