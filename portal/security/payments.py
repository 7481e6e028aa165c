"""Who runs the tali asih: the admin only.

The portal's roles are the admin (User.is_admin) and the membership roles of one
organisation; a treasurer ("bendahara") of the office fits neither without a new kind
of account-wide role, so the admin prepares, fixes and exports the lists.
"""

from . import admin_required, is_admin


def can_run_payments(user) -> bool:
    return is_admin(user)


def can_see_run(user, run) -> bool:
    return is_admin(user)


payments_required = admin_required

TEMPLATE_FUNCTIONS = {"can_run_payments": can_run_payments}
