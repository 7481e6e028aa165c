"""Who may do what: every authorisation decision of the portal lives in this package.

This module is the shared core: who is an admin, a member, a coordinator of an
organisation; the role decorators (all made by role_required); and the one loader,
get_or_404 (found_or_404 for an object found otherwise), which answers "not found" for
what a person may not see. Each feature's own rules live in the module named after it
(activities, admin, directory, materials, meetings, organisations, reports, rights).
Views load and authorise through these; templates ask the same predicates what to
show; tests/policy checks every route against a table.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE

from ..extensions import db
from ..models import Organisation


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


def can_manage_organisation(user, organisation: Organisation | int | None) -> bool:
    """A coordinator of this organisation, or an admin: approve members, verify reports,
    schedule meetings, publish. None stands for the office (Dinas Sosial): the admin only."""
    if is_admin(user):
        return True
    if organisation is None:
        return False
    org_id = organisation if isinstance(organisation, int) else organisation.id
    return is_coordinator_of(user, org_id)


def can_manage_some_organisation(user) -> bool:
    """A coordinator of some organisation, or an admin: the coordinators' pages."""
    return is_admin(user) or is_coordinator(user)


def managed_organisation_ids(user) -> set[int] | None:
    """The organisations a person manages; None means all (admin)."""
    if is_admin(user):
        return None
    return user.coordinated_organisation_ids()


def can_see_member_area(user) -> bool:
    """Pending applicants see their status and nothing else of the member area."""
    return is_admin(user) or is_active_member(user)


# Decorators: the only way views ask for a role, all made by role_required.


def role_required(check, *, status: int = 403, description=""):
    """A view decorator: logged in, and check(user) holds; otherwise `status`.

    description is the error's description, or a function of the user giving it:
    "pending" makes the error page explain that the membership awaits approval.
    """

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not check(current_user):
                said = description(current_user) if callable(description) else description
                abort(status, description=said or None)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# An active member of some organisation (or an admin); pending applicants are told why not.
member_required = role_required(can_see_member_area, description="pending")
coordinator_required = role_required(can_manage_some_organisation)
admin_required = role_required(is_admin)


# Loading: the only way views load an object they then authorise.


def found_or_404(obj, can=None):
    """obj, unless it is None or can(current_user, obj) is false: then "not found".

    An object a person may not see does not exist for them (404, never 403), so a
    guessed id confirms nothing.
    """
    if obj is None or (can is not None and not can(current_user, obj)):
        abort(404)
    return obj


def get_or_404(model, ident, can=None, *, options=()):
    """The object with this primary key, if it exists and can(current_user, obj) holds.

    session.get() would return an object already loaded (the person themself, their
    memberships: the login session loads them) as it is, without what the options name,
    which the page then loaded one by one. So with options, an object already in the
    session is taken only if what they name is loaded too; otherwise it is queried."""
    if not options:
        return found_or_404(db.session.get(model, ident), can)
    present = db.session.identity_map.get(db.session.identity_key(model, ident))
    if present is not None and all(_loaded_along(present, option) for option in options):
        return found_or_404(present, can)
    key = inspect(model).primary_key[0]
    stmt = select(model).where(key == ident).options(*options)
    return found_or_404(db.session.scalars(stmt).unique().first(), can)


def _loaded_along(obj, option) -> bool:
    """Whether every attribute on the loader option's paths (joinedload(A.b).selectinload(
    B.c): obj.b, then each b's c) is loaded already; an option of another kind: no."""
    elements = getattr(option, "context", None)
    if not elements:
        return False
    for element in elements:
        objects = [obj]
        for prop in element.path.path[1::2]:
            following = []
            for each in objects:
                if prop.key in inspect(each).unloaded and not _in_session(each, prop):
                    return False
                value = getattr(each, prop.key)
                if isinstance(value, list | set | tuple):
                    following.extend(value)
                elif value is not None:
                    following.append(value)
            objects = following
    return True


def _in_session(obj, prop) -> bool:
    """A many-to-one whose object is in the session already: reading it runs no query
    (SQLAlchemy takes it from the identity map, as for a membership's person)."""
    if prop.direction is not MANYTOONE or prop.secondary is not None:
        return False
    mapper = inspect(type(obj))
    by_remote = {remote: local for local, remote in prop.local_remote_pairs}
    try:
        ident = tuple(
            getattr(obj, mapper.get_property_by_column(by_remote[column]).key)
            for column in prop.mapper.primary_key
        )
    except KeyError:
        return False
    key = db.session.identity_key(prop.mapper.class_, ident)
    return None not in ident and key in db.session.identity_map


def one_of_or_404(mapping, key):
    """mapping[key] for a key taken from the URL (a list's name, say); unknown: "not found"."""
    return found_or_404(mapping.get(key))


def of_managed_organisation_or_404(model, organisation_id: int, object_id: int, options=()):
    """An object of an organisation the current person manages, reached through that
    organisation's address (a member, an import); any other is "not found"."""

    def can(user, obj) -> bool:
        return obj.organisation_id == organisation_id and can_manage_organisation(
            user, organisation_id
        )

    return get_or_404(model, object_id, can=can, options=options)


TEMPLATE_FUNCTIONS = {
    "is_admin": is_admin,
    "is_coordinator": is_coordinator,
    "is_coordinator_of": is_coordinator_of,
    "can_manage_organisation": can_manage_organisation,
    "can_manage_some_organisation": can_manage_some_organisation,
    "can_see_member_area": can_see_member_area,
}
