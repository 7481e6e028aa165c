"""Who may see the directory, import members, see a member's page, and handle data rights.

Another organisation's member, import or activation link is "not found" (404), never a
403 that would confirm it exists.
"""

from flask import abort
from flask_login import current_user

from ..extensions import db
from ..models import (
    DeletionRequest,
    MemberImport,
    Membership,
    Organisation,
)
from ..models.directory import REQUESTED
from . import can_manage_organisation, is_admin, managed_organisation_or_404


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


def can_complete_deletion(user, request: DeletionRequest) -> bool:
    """An admin completes another person's request, never their own."""
    return is_admin(user) and request.status == REQUESTED and request.user_id != user.id


def listed_organisation_or_404(organisation_id: int) -> Organisation:
    """The public page of an organisation exists only while the office lists it."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.is_listed:
        abort(404)
    return organisation


def _of_managed_organisation_or_404(model, organisation_id: int, object_id: int):
    """An object of an organisation the current person manages, reached through that
    organisation's address; any other is "not found"."""
    organisation = managed_organisation_or_404(organisation_id)
    obj = db.session.get(model, object_id)
    if obj is None or obj.organisation_id != organisation.id:
        abort(404)
    return obj


def managed_membership_or_404(organisation_id: int, membership_id: int) -> Membership:
    """One member of an organisation the current person manages."""
    return _of_managed_organisation_or_404(Membership, organisation_id, membership_id)


def import_batch_or_404(organisation_id: int, batch_id: int) -> MemberImport:
    """An import of an organisation the current person manages."""
    return _of_managed_organisation_or_404(MemberImport, organisation_id, batch_id)


def deletion_request_to_complete_or_404(request_id: int) -> DeletionRequest:
    request = db.session.get(DeletionRequest, request_id)
    if request is None or not can_complete_deletion(current_user, request):
        abort(404)
    return request


TEMPLATE_FUNCTIONS = {
    "can_import_members": can_import_members,
    "can_export_members": can_export_members,
    "can_reissue_activation": can_reissue_activation,
    "can_complete_deletion": can_complete_deletion,
    "can_add_existing_accounts": can_add_existing_accounts,
}
