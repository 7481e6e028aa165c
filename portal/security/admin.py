"""Who may do what in the admin pages (the pages themselves are admin_required)."""

from ..models import User
from . import is_admin


def can_manage_user(user, target: User) -> bool:
    """Deactivate or reactivate an account: the admin, never their own."""
    return is_admin(user) and target.id != user.id
