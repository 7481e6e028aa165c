"""Who took part and for how long, for the printable summary, the XLSX and the final report."""

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import to_wib
from ..models import Incident, Shift, ShiftAssignment, User
from ..models.incidents import COUNT_FIELDS
from . import reports


@dataclass
class Participant:
    name: str
    shifts: int = 0
    minutes: int = 0


def participants(incident: Incident) -> list[Participant]:
    """Everyone who served a shift (checked in), with their shifts and minutes, in one query."""
    rows = db.session.scalars(
        select(ShiftAssignment)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .join(User, User.id == ShiftAssignment.user_id)
        .where(Shift.incident_id == incident.id, ShiftAssignment.checked_in_at.is_not(None))
        .options(joinedload(ShiftAssignment.user))
        .order_by(User.full_name, ShiftAssignment.id)
    )
    people: dict[int, Participant] = {}
    for a in rows:
        person = people.setdefault(a.user_id, Participant(a.user.full_name))
        person.shifts += 1
        person.minutes += a.minutes
    return list(people.values())


REPORT_HEADERS = (_l("Waktu (WIB)"), *reports.COUNT_LABELS.values(), _l("Kebutuhan"), _l("Catatan"))
PEOPLE_HEADERS = (_l("Nama"), _l("Jumlah piket"), _l("Lama (menit)"))


def report_rows(incident: Incident):
    for r in reversed(reports.timeline(incident, limit=5000)):
        yield (
            to_wib(r.reported_at).replace(tzinfo=None),
            *(getattr(r, name) for name in COUNT_FIELDS),
            ", ".join(str(n) for n in reports.needs_of(r)),
            r.note,
        )


def people_rows(incident: Incident):
    for p in participants(incident):
        yield (p.name, p.shifts, p.minutes)


def totals(people: list[Participant]) -> dict:
    return defaultdict(
        int, shifts=sum(p.shifts for p in people), minutes=sum(p.minutes for p in people)
    )
