"""A person's monthly reports in their data export."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import months
from ..extensions import db
from ..models import MonthlyReport
from ..personal_data import Field, labels
from .services import STATUS_LABELS

LABEL = _l("Laporan bulanan")
FIELDS = {
    "organisation": Field(_l("Organisasi")),
    "month": Field(_l("Bulan"), lambda value: months.label(date.fromisoformat(f"{value}-01"))),
    "status": Field(_l("Status"), labels(STATUS_LABELS)),
    "submitted_at": Field(_l("Dikirim")),
    "reviewed_at": Field(_l("Diperiksa")),
    "note": Field(_l("Catatan pemeriksa")),
}


def reports_data(user) -> list[dict]:
    reports = db.session.scalars(
        select(MonthlyReport)
        .where(MonthlyReport.user_id == user.id)
        .options(joinedload(MonthlyReport.organisation))
        .order_by(MonthlyReport.month, MonthlyReport.id)
    )
    return [
        {
            "organisation": r.organisation.name,
            "month": r.month.strftime("%Y-%m"),
            "status": r.status,
            "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
            "note": r.note,
        }
        for r in reports
    ]
