"""Situation reports (laporan situasi): aggregated counts and needs, with site photos.

No names or identities of the people affected: only counts. Photos go through the
activity photo pipeline (checked by content, re-encoded without EXIF/GPS, downscaled).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..activities import photo_store
from ..activities.photos import ProcessedPhoto
from ..extensions import db
from ..models import Incident, IncidentPhoto, SituationReport, User
from ..models.incidents import COUNT_FIELDS, NEED_FIELDS
from .services import check_open

PHOTO_FOLDER = "incident_photos"
MAX_PHOTOS = 3

COUNT_LABELS = {
    "kk_affected": _l("KK terdampak"),
    "people_affected": _l("Jiwa terdampak"),
    "displaced": _l("Pengungsi"),
    "houses_light": _l("Rumah rusak ringan"),
    "houses_medium": _l("Rumah rusak sedang"),
    "houses_heavy": _l("Rumah rusak berat"),
    "injured": _l("Korban luka"),
    "dead": _l("Korban meninggal"),
    "missing": _l("Korban hilang"),
}
NEED_LABELS = {
    "needs_logistics": _l("Logistik"),
    "needs_evacuation": _l("Evakuasi"),
    "needs_kitchen": _l("Dapur umum"),
}


@dataclass(frozen=True)
class ReportInput:
    counts: dict[str, int]
    needs: dict[str, bool]
    note: str = ""


def add_report(
    actor: User, incident: Incident, data: ReportInput, photos: Sequence[ProcessedPhoto] = ()
) -> SituationReport:
    check_open(incident)
    report = SituationReport(
        incident_id=incident.id,
        reported_by_id=actor.id,
        note=data.note or "",
        **{name: int(data.counts.get(name) or 0) for name in COUNT_FIELDS},
        **{name: bool(data.needs.get(name)) for name in NEED_FIELDS},
    )
    for photo in photos:
        report.photos.append(IncidentPhoto(**photo_store.saved_files(photo, PHOTO_FOLDER)))
    db.session.add(report)
    db.session.flush()
    audit.record(
        "incident.report_added",
        actor=actor,
        obj=incident,
        detail={"report_id": report.id, "photos": len(photos)},
    )
    return report


def timeline(incident: Incident, limit: int = 100) -> list[SituationReport]:
    """The reports, newest first, with their photos and authors, in two queries."""
    return list(
        db.session.scalars(
            select(SituationReport)
            .where(SituationReport.incident_id == incident.id)
            .options(selectinload(SituationReport.photos), joinedload(SituationReport.reported_by))
            .order_by(SituationReport.reported_at.desc(), SituationReport.id.desc())
            .limit(limit)
        )
    )


def needs_of(report: SituationReport) -> list:
    return [label for name, label in NEED_LABELS.items() if getattr(report, name)]
