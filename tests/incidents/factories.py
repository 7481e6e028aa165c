"""Incidents for tests, made through the service as a coordinator would."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from portal.activities.photos import process
from portal.extensions import db
from portal.i18n import now_utc
from portal.incidents import callouts, reports, services, shifts
from portal.models import (
    Area,
    Incident,
    IncidentKind,
    Organisation,
    ShiftAssignment,
    SituationReport,
    User,
)

from .. import factories
from ..activities import factories as af


def incident(coordinator_id: int, organisation_id: int, *, public=False, kind="BANJIR") -> Incident:
    """An open flood in the first desa, begun an hour ago."""
    with current_app.test_request_context():
        actor = db.session.get(User, coordinator_id)
        data = services.IncidentInput(
            organisation=db.session.get(Organisation, organisation_id),
            kind=db.session.scalar(select(IncidentKind).where(IncidentKind.code == kind)),
            desa=factories.desa(),
            began_at=now_utc() - timedelta(hours=1),
            description="Air naik setinggi lutut di dua RT.",
            posko="Balai desa",
            is_public=public,
        )
        made = services.open_incident(actor, data)
        db.session.commit()
        return made


def call_everyone(incident_id: int, actor_id: int, kecamatan: tuple[Area, ...] = ()) -> int:
    with current_app.test_request_context():
        found = db.session.get(Incident, incident_id)
        n = callouts.call_out(
            db.session.get(User, actor_id), found, callouts.CalloutScope(kecamatan)
        )
        db.session.commit()
        return n


def shift(incident_id: int, actor_id: int, *, start_in=timedelta(minutes=-30), hours=4, needed=3):
    with current_app.test_request_context():
        found = db.session.get(Incident, incident_id)
        starts = now_utc().replace(microsecond=0) + start_in
        made = shifts.add_shift(
            db.session.get(User, actor_id), found, starts, starts + timedelta(hours=hours), needed
        )
        db.session.commit()
        return made


def assign(shift_id: int, user_id: int, *, checked_in=False) -> ShiftAssignment:
    """Put a person on a shift directly (checked in half an hour ago, if asked)."""
    made = ShiftAssignment(
        shift_id=shift_id,
        user_id=user_id,
        checked_in_at=now_utc() - timedelta(minutes=30) if checked_in else None,
    )
    db.session.add(made)
    db.session.commit()
    return made


def report(incident_id: int, actor_id: int, *, photo=False, **counts) -> SituationReport:
    """A situation report (with one processed photo, if asked)."""
    with current_app.test_request_context():
        found = db.session.get(Incident, incident_id)
        photos = [process(af.jpeg(exif=af.gps_exif()), "lokasi.jpg")] if photo else []
        data = reports.ReportInput(
            counts=counts or {"people_affected": 120, "kk_affected": 35}, needs={}
        )
        made = reports.add_report(db.session.get(User, actor_id), found, data, photos)
        db.session.commit()
        return made


def kind(code: str) -> IncidentKind:
    return db.session.scalar(select(IncidentKind).where(IncidentKind.code == code))


def posko_code(incident_id: int) -> str:
    with current_app.test_request_context():
        return services.posko_code(db.session.get(Incident, incident_id))


def call_everyone_in(app, incident_id: int, actor_id: int) -> int:
    with app.app_context():
        return call_everyone(incident_id, actor_id)
