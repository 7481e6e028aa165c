"""Who may do what with incidents (musibah): open, call out, staff the posko, report, close.

An incident is managed by the admin and by the coordinators of its (Tagana) organisation;
it is seen by them, by the people called out to it or put on one of its shifts, and, when
marked public, by every member of the portal. Anyone else gets a 404.
"""

from flask_login import current_user
from sqlalchemy import or_, select, true
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (
    Callout,
    Incident,
    IncidentPhoto,
    Organisation,
    OrganisationKind,
    Shift,
    ShiftAssignment,
)
from . import (
    can_manage_organisation,
    can_see_member_area,
    found_or_404,
    get_or_404,
    is_admin,
    role_required,
)

TAGANA = "TAGANA"


def tagana_organisations(user) -> list:
    """The Tagana organisations this person coordinates (the admin: none of their own)."""
    if not (user and user.is_authenticated):
        return []
    coordinated = [m.organisation for m in user.active_memberships if m.is_coordinator]
    if not coordinated:
        return []
    # The person is loaded with their organisations but not their kinds: ask which are Tagana.
    tagana = set(
        db.session.scalars(
            select(Organisation.id)
            .join(OrganisationKind, OrganisationKind.id == Organisation.kind_id)
            .where(
                Organisation.id.in_([o.id for o in coordinated]), OrganisationKind.code == TAGANA
            )
        )
    )
    return [o for o in coordinated if o.id in tagana]


def can_open_incident(user) -> bool:
    """A coordinator of a Tagana organisation, or an admin."""
    return is_admin(user) or bool(tagana_organisations(user))


def can_manage_incident(user, incident: Incident) -> bool:
    """Call out, shifts, situation reports, close: the admin or the organisation's coordinator."""
    return can_manage_organisation(user, incident.organisation_id)


def callout_of(user, incident_id: int) -> Callout | None:
    if not (user and user.is_authenticated):
        return None
    return db.session.scalar(
        select(Callout).where(Callout.incident_id == incident_id, Callout.user_id == user.id)
    )


def _on_a_shift(user, incident_id: int):
    return (
        select(ShiftAssignment.id)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .where(Shift.incident_id == incident_id, ShiftAssignment.user_id == user.id)
        .exists()
    )


def can_see_incident(user, incident: Incident, callout: Callout | None) -> bool:
    """Called out, managing, put on a shift without a call-out, or public for members."""
    return (
        callout is not None
        or can_manage_incident(user, incident)
        or (incident.is_public and can_see_member_area(user))
        or bool(user.is_authenticated and db.session.scalar(select(_on_a_shift(user, incident.id))))
    )


def visible_incidents(user):
    """A WHERE clause: incidents this person was called out to, manages, or may see as public."""
    if is_admin(user):
        return true()
    clauses = [
        Incident.id.in_(select(Callout.incident_id).where(Callout.user_id == user.id)),
        Incident.is_public.is_(True),
        _on_a_shift(user, Incident.id),
    ]
    managed = user.coordinated_organisation_ids()
    if managed:
        clauses.append(Incident.organisation_id.in_(managed))
    return or_(*clauses)


def incident_to_see_or_404(incident_id: int, *options) -> tuple[Incident, Callout | None]:
    """An incident the current person may see, with their call-out (if any)."""
    incident = get_or_404(Incident, incident_id, options=options)
    callout = callout_of(current_user, incident.id)
    found_or_404(incident, lambda user, i: can_see_incident(user, i, callout))
    return incident, callout


def incident_to_manage_or_404(incident_id: int, *options) -> Incident:
    return get_or_404(Incident, incident_id, can=can_manage_incident, options=options)


def shift_of_incident_or_404(incident: Incident, shift_id: int, *options) -> Shift:
    return get_or_404(
        Shift, shift_id, can=lambda user, s: s.incident_id == incident.id, options=options
    )


def own_assignment_or_404(shift: Shift) -> ShiftAssignment:
    """The current person's place on this shift, with the shift; someone else's does not
    exist for them."""
    assignment = db.session.scalar(
        select(ShiftAssignment)
        .where(ShiftAssignment.shift_id == shift.id, ShiftAssignment.user_id == current_user.id)
        .options(joinedload(ShiftAssignment.shift))
    )
    return found_or_404(assignment)


def photo_of_incident_or_404(incident: Incident, photo_id: int) -> IncidentPhoto:
    return get_or_404(
        IncidentPhoto,
        photo_id,
        can=lambda user, p: p.report.incident_id == incident.id,
        options=(joinedload(IncidentPhoto.report),),
    )


incident_opener_required = role_required(can_open_incident)


TEMPLATE_FUNCTIONS = {
    "can_open_incident": can_open_incident,
    "can_manage_incident": can_manage_incident,
}
