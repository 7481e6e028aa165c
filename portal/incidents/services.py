"""Opening, marking public and closing an incident; the rules every incident change shares."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit, codes
from ..extensions import db
from ..i18n import now_utc
from ..models import Area, Incident, IncidentKind, Organisation, Shift, ShiftAssignment, User
from ..models.incidents import CLOSED

POSKO_PURPOSE = "posko-checkin"


class IncidentError(ValueError):
    """A change the rules refuse; str() is the message for the person, field the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class IncidentInput:
    """What the open form hands over, its choices already loaded."""

    organisation: Organisation
    kind: IncidentKind
    desa: Area
    began_at: datetime
    description: str
    posko: str
    is_public: bool = False


def check_open(incident: Incident) -> None:
    if not incident.is_open:
        raise IncidentError(_("Kejadian ini sudah ditutup; tidak ada lagi yang dapat diubah."))


def open_incident(actor: User, data: IncidentInput) -> Incident:
    if data.began_at > now_utc():
        raise IncidentError(_("Waktu mulai kejadian tidak boleh di masa depan."), "began_at")
    incident = Incident(
        organisation_id=data.organisation.id,
        kind_id=data.kind.id,
        desa_id=data.desa.id,
        began_at=data.began_at,
        description=data.description,
        posko=data.posko,
        is_public=data.is_public,
        checkin_salt=codes.new_salt(),
        created_by_id=actor.id,
    )
    db.session.add(incident)
    db.session.flush()
    audit.record("incident.opened", actor=actor, obj=incident, detail={"kind": data.kind.code})
    return incident


def set_public(actor: User, incident: Incident, public: bool) -> None:
    incident.is_public = public
    audit.record("incident.visibility", actor=actor, obj=incident, detail={"public": public})


def posko_code(incident: Incident) -> str:
    """The code shown at the posko; members type it to check in and out of their shift."""
    return codes.checkin_code(incident.id, incident.checkin_salt, POSKO_PURPOSE)


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def close_incident(actor: User, incident: Incident, note: str, now: datetime | None = None) -> int:
    """Close it: shifts under way end now (those checked in are checked out and counted as
    activities), shifts not begun are cancelled. Returns how many were checked out."""
    from . import shifts

    check_open(incident)
    now = now or now_utc()
    checked_out = 0
    for shift in db.session.scalars(
        select(Shift).where(Shift.incident_id == incident.id, Shift.cancelled_at.is_(None))
    ):
        if shift.starts_at > now:
            shift.cancelled_at = now
            continue
        if shift.ends_at > now:
            shift.ends_at = now
    for assignment in db.session.scalars(
        select(ShiftAssignment)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .where(
            Shift.incident_id == incident.id,
            ShiftAssignment.checked_in_at.is_not(None),
            ShiftAssignment.checked_out_at.is_(None),
        )
        # Each shift becomes an activity of its person, in an active membership of theirs.
        .options(joinedload(ShiftAssignment.user).selectinload(User.memberships))
    ):
        shifts.complete(assignment, incident, now)
        checked_out += 1
    incident.status = CLOSED
    incident.closed_at = now
    incident.closed_by_id = actor.id
    incident.closing_note = note or ""
    audit.record("incident.closed", actor=actor, obj=incident, detail={"checked_out": checked_out})
    return checked_out
