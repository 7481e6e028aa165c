"""Who may handle a data-rights request: the admin completes another person's deletion."""

from ..models import DeletionRequest
from ..models.rights import REQUESTED
from . import is_admin


def can_complete_deletion(user, request: DeletionRequest) -> bool:
    """An admin completes another person's request, never their own."""
    return is_admin(user) and request.status == REQUESTED and request.user_id != user.id


TEMPLATE_FUNCTIONS = {
    "can_complete_deletion": can_complete_deletion,
}
