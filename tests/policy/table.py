"""The policy table's vocabulary: roles, expected outcomes, and rows.

A row names one route (by a concrete path and method) and what each role gets. "ok"
means the role's request did what it asks: a POST row carries valid data, and an allowed
role must get the row's exact status (303 after a POST unless the row says otherwise) and,
where the row names one, the effect. Feature files `rows_<feature>.py` in this folder
each define ROWS; test_policy.py collects them all and fails for any route of the app
that has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "pending", "member", "other_coordinator", "coordinator", "admin")
NEW_PASSWORD = "pantai manggar indah sekali"
# Logged-in people are sent home (302) from the login and registration forms.
SENT_HOME = {role: 302 for role in ROLES if role != "anonymous"}

OK = "ok"  # allowed, and it worked: the row's status (200 for a GET, 303 after a POST)
LOGIN = "login"  # 302 to the login page
DENY = "deny"  # 403
HIDDEN = "hidden"  # 404: the object is not this person's business, and we don't confirm it exists


@dataclass(frozen=True)
class Row:
    method: str
    path: str  # may hold {fields} from the world and from setup()
    expect: dict[str, str]
    # Valid form data ({fields} filled in), or a callable (world, role) -> data.
    data: dict | Callable = field(default_factory=dict)
    # Makes objects the path needs, inside an app context: (world) -> {field: value}.
    setup: Callable | None = None
    # What an allowed role gets: one status for all, or {role: status} for some.
    status: int | dict | None = None
    # After an allowed POST, in an app context: (world, role) -> True if it took effect.
    effect: Callable | None = None

    def id(self) -> str:
        return f"{self.method} {self.path}"

    def status_for(self, role: str) -> int:
        default = 200 if self.method == "GET" else 303
        if isinstance(self.status, dict):
            return self.status.get(role, default)
        return self.status or default


def row(
    method,
    path,
    *,
    anonymous,
    pending,
    member,
    other_coordinator,
    coordinator,
    admin,
    data=None,
    setup=None,
    status=None,
    effect=None,
) -> Row:
    return Row(
        method,
        path,
        {
            "anonymous": anonymous,
            "pending": pending,
            "member": member,
            "other_coordinator": other_coordinator,
            "coordinator": coordinator,
            "admin": admin,
        },
        data or {},
        setup,
        status,
        effect,
    )


def public(method, path, **kw) -> Row:
    return row(
        method,
        path,
        anonymous=OK,
        pending=OK,
        member=OK,
        other_coordinator=OK,
        coordinator=OK,
        admin=OK,
        **kw,
    )


def logged_in(method, path, **kw) -> Row:
    """Any account, pending applicants included (own profile, consent, data)."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=OK,
        member=OK,
        other_coordinator=OK,
        coordinator=OK,
        admin=OK,
        **kw,
    )


def member_area(method, path, *, admin=OK, **kw) -> Row:
    """Active members (coordinators are members too); pending applicants see 403."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=OK,
        other_coordinator=OK,
        coordinator=OK,
        admin=admin,
        **kw,
    )


def own_org(method, path, **kw) -> Row:
    """A coordinator of organisation A, or the admin; the other coordinator gets 404."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=DENY,
        other_coordinator=HIDDEN,
        coordinator=OK,
        admin=OK,
        **kw,
    )


def coordinators(method, path, **kw) -> Row:
    """Any coordinator (each sees only their own organisations), or the admin."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=DENY,
        other_coordinator=OK,
        coordinator=OK,
        admin=OK,
        **kw,
    )


def admin_only(method, path, **kw) -> Row:
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=DENY,
        other_coordinator=DENY,
        coordinator=DENY,
        admin=OK,
        **kw,
    )
