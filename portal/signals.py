"""Domain events other features react to, without the sender knowing them.

    from portal.signals import membership_activated
    membership_activated.connect(handler)   # handler(sender, membership=...)

Receivers run inside the sender's transaction; they add to the session and the
sender commits, so both land or neither.
"""

from blinker import Namespace

_signals = Namespace()

# A membership became active: approved, reinstated, imported, or added by an admin.
membership_activated = _signals.signal("membership-activated")

# An admin deactivated an account (sender: the admin; user=the account). Whatever
# keeps working without a session (the calendar feed's secret address) ends here for
# good: reactivating the account does not bring it back.
account_deactivated = _signals.signal("account-deactivated")
