"""Piket at the posko: shifts, taking and assigning them, check-in and check-out with the
posko's code, and each completed shift counted as one activity ("Respons bencana")."""

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import audit, codes
from ..activities.services import (
    MAX_MINUTES,
    ActivityError,
    ActivityInput,
    active_membership,
    by_submission,
    create_activity,
)
from ..extensions import db
from ..i18n import datetime_wib, now_utc, to_wib
from ..models import ActivityType, Incident, OrganisationKind, Shift, ShiftAssignment, User
from .services import IncidentError, check_open, posko_code

ACTIVITY_TYPE = "Respons bencana"
CHECKIN_OPENS_BEFORE = timedelta(hours=1)
MAX_SHIFT = timedelta(hours=24)


def add_shift(
    actor: User, incident: Incident, starts_at: datetime, ends_at: datetime, needed: int
) -> Shift:
    check_open(incident)
    if ends_at <= starts_at:
        raise IncidentError(_("Piket harus selesai setelah mulai."), "ends_at")
    if ends_at - starts_at > MAX_SHIFT:
        raise IncidentError(
            _("Satu piket paling lama 24 jam; bagi menjadi beberapa piket."), "ends_at"
        )
    shift = Shift(
        incident_id=incident.id, starts_at=starts_at, ends_at=ends_at, people_needed=needed
    )
    db.session.add(shift)
    db.session.flush()
    audit.record("incident.shift_added", actor=actor, obj=incident, detail={"shift_id": shift.id})
    return shift


def shifts_of(incident: Incident, limit: int = 200) -> list[Shift]:
    """The incident's shifts with their people, in two queries."""
    return list(
        db.session.scalars(
            select(Shift)
            .where(Shift.incident_id == incident.id)
            .options(selectinload(Shift.assignments).joinedload(ShiftAssignment.user))
            .order_by(Shift.starts_at, Shift.id)
            .limit(limit)
        )
    )


def shift_count(incident: Incident) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Shift).where(Shift.incident_id == incident.id)
    )


def _overlapping(user_id: int, shift: Shift) -> Shift | None:
    return db.session.scalar(
        select(Shift)
        .join(ShiftAssignment, ShiftAssignment.shift_id == Shift.id)
        .where(
            ShiftAssignment.user_id == user_id,
            Shift.id != shift.id,
            Shift.cancelled_at.is_(None),
            Shift.starts_at < shift.ends_at,
            Shift.ends_at > shift.starts_at,
        )
        .limit(1)
    )


def join_shift(
    person: User, incident: Incident, shift: Shift, actor: User | None = None
) -> ShiftAssignment:
    """Take a shift (actor None) or be assigned to it by the coordinator (actor)."""
    check_open(incident)
    if shift.cancelled_at is not None or shift.ends_at <= now_utc():
        raise IncidentError(_("Piket ini sudah lewat atau dibatalkan."))
    if not any(m.organisation_id == incident.organisation_id for m in person.active_memberships):
        raise IncidentError(
            _(
                "Hanya anggota aktif %(org)s yang dapat piket di sini.",
                org=incident.organisation.name,
            )
        )
    if any(a.user_id == person.id for a in shift.assignments):
        raise IncidentError(_("%(name)s sudah ada di piket ini.", name=person.full_name))
    taken = db.session.scalar(
        select(func.count())
        .select_from(ShiftAssignment)
        .where(ShiftAssignment.shift_id == shift.id)
    )
    if taken >= shift.people_needed:
        raise IncidentError(_("Piket ini sudah penuh (%(n)d orang).", n=shift.people_needed))
    other = _overlapping(person.id, shift)
    if other is not None:
        raise IncidentError(
            _(
                "%(name)s sudah piket %(start)s sampai %(end)s; piket tidak boleh bertumpuk.",
                name=person.full_name,
                start=datetime_wib(other.starts_at),
                end=datetime_wib(other.ends_at),
            )
        )
    assignment = ShiftAssignment(
        shift_id=shift.id, user_id=person.id, assigned_by_id=actor.id if actor else None
    )
    try:
        with db.session.begin_nested():
            db.session.add(assignment)
    except IntegrityError as exc:
        raise IncidentError(_("%(name)s sudah ada di piket ini.", name=person.full_name)) from exc
    audit.record(
        "incident.shift_assigned" if actor else "incident.shift_taken",
        actor=actor or person,
        obj=incident,
        subject=person,
        detail={"shift_id": shift.id},
    )
    return assignment


def _check_code(incident: Incident, code: str) -> None:
    if not codes.same(code, posko_code(incident)):
        raise IncidentError(_("Kode posko salah. Periksa lagi kode yang tampil di posko."), "code")


def check_in(
    person: User,
    incident: Incident,
    assignment: ShiftAssignment,
    code: str,
    now: datetime | None = None,
) -> None:
    now = now or now_utc()
    check_open(incident)
    shift = assignment.shift
    if assignment.checked_in_at is not None:
        raise IncidentError(_("Anda sudah tercatat masuk piket ini."), "code")
    _check_code(incident, code)
    if now < shift.starts_at - CHECKIN_OPENS_BEFORE:
        raise IncidentError(
            _(
                "Masuk piket baru bisa mulai %(when)s.",
                when=datetime_wib(shift.starts_at - CHECKIN_OPENS_BEFORE),
            ),
            "code",
        )
    if now > shift.ends_at or shift.cancelled_at is not None:
        raise IncidentError(_("Piket ini sudah selesai; tidak bisa masuk lagi."), "code")
    assignment.checked_in_at = now
    audit.record("incident.checked_in", actor=person, obj=incident, detail={"shift_id": shift.id})


def check_out(
    person: User,
    incident: Incident,
    assignment: ShiftAssignment,
    code: str,
    now: datetime | None = None,
) -> str | None:
    """Check out and count the shift as an activity. Returns why it was not counted, if not."""
    now = now or now_utc()
    check_open(incident)
    if assignment.checked_in_at is None:
        raise IncidentError(
            _("Anda belum tercatat masuk piket ini; catat masuk dulu, baru keluar."), "code"
        )
    if assignment.checked_out_at is not None:
        raise IncidentError(_("Anda sudah tercatat keluar dari piket ini."), "code")
    _check_code(incident, code)
    audit.record(
        "incident.checked_out", actor=person, obj=incident, detail={"shift_id": assignment.shift_id}
    )
    return complete(assignment, incident, now)


def complete(assignment: ShiftAssignment, incident: Incident, now: datetime) -> str | None:
    """The shift is done for this person: checked out and one activity for the month."""
    assignment.checked_out_at = max(now, assignment.checked_in_at)
    try:
        activity = _log_activity(assignment, incident)
    except ActivityError as exc:
        return str(exc)
    assignment.activity_id = activity.id
    return None


def activity_type() -> ActivityType | None:
    return db.session.scalar(
        select(ActivityType)
        .outerjoin(OrganisationKind, OrganisationKind.id == ActivityType.kind_id)
        .where(ActivityType.name == ACTIVITY_TYPE, ActivityType.is_active.is_(True))
        .order_by(OrganisationKind.code == "TAGANA")
        .limit(1)
    )


def _log_activity(assignment: ShiftAssignment, incident: Incident):
    """Through the activities feature's service: the month's rules (open month, active
    membership) hold as for any activity; the same shift counts once."""
    user = assignment.user
    submission_id = f"piket:{assignment.id}"
    existing = by_submission(user, submission_id)
    if existing is not None:
        return existing
    kind = activity_type()
    if kind is None:
        raise ActivityError(_("Jenis kegiatan 'Respons bencana' belum ada di daftar."))
    minutes = int((assignment.checked_out_at - assignment.checked_in_at).total_seconds() // 60)
    data = ActivityInput(
        membership=active_membership(user, incident.organisation_id),
        done_on=to_wib(assignment.checked_in_at).date(),
        activity_type=kind,
        desa=incident.desa,
        duration_minutes=min(max(minutes, 1), MAX_MINUTES),
        people_served=0,
        title=_("Piket posko %(kind)s %(desa)s", kind=incident.kind.name, desa=incident.desa.name)[
            :120
        ],
        description=_("Posko: %(posko)s", posko=incident.posko)[:1000],
    )
    return create_activity(user, data, submission_id=submission_id)


def my_assignments(user: User, incident: Incident) -> dict[int, ShiftAssignment]:
    """This person's places on the incident's shifts, by shift id."""
    rows = db.session.scalars(
        select(ShiftAssignment)
        .join(Shift, Shift.id == ShiftAssignment.shift_id)
        .where(Shift.incident_id == incident.id, ShiftAssignment.user_id == user.id)
    )
    return {a.shift_id: a for a in rows}
