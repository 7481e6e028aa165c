"""The monthly report: a member submits a month, a coordinator verifies or returns it."""

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import audit, notices
from ..activities import months
from ..extensions import db
from ..models import (
    Activity,
    Area,
    AuditEvent,
    Membership,
    MonthlyReport,
    Organisation,
    User,
    utcnow,
)
from ..models.activities import DRAFT, LOCKED_STATUSES, RETURNED, SUBMITTED, VERIFIED
from .totals import Scope

REVIEW_ACTIONS = {"verify": VERIFIED, "return": RETURNED}
STATUS_LABELS = {
    DRAFT: _l("belum dikirim"),
    SUBMITTED: _l("dikirim"),
    VERIFIED: _l("diverifikasi"),
    RETURNED: _l("dikembalikan"),
}


class ReportError(ValueError):
    """A step the report's current state does not allow; str() is for the person."""


def find_report(user_id: int, organisation_id: int, month: date) -> MonthlyReport | None:
    return db.session.scalar(
        select(MonthlyReport)
        .where(
            MonthlyReport.user_id == user_id,
            MonthlyReport.organisation_id == organisation_id,
            MonthlyReport.month == month,
        )
        .options(joinedload(MonthlyReport.reviewer))
    )


def status_of(report: MonthlyReport | None) -> str:
    return report.status if report is not None else DRAFT


def month_activities(membership: Membership, month: date, page: int = 1, per_page: int = 50):
    """One person's activities of a month in one organisation, oldest first."""
    stmt = (
        select(Activity)
        .where(*Scope.for_month(month, user_id=membership.user_id).where())
        .where(Activity.organisation_id == membership.organisation_id)
        .options(
            joinedload(Activity.activity_type),
            joinedload(Activity.desa).joinedload(Area.parent),
            selectinload(Activity.ppks_categories),
            selectinload(Activity.photos),
        )
        .order_by(Activity.done_on, Activity.id)
    )
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def member_scope(membership: Membership, month: date) -> Scope:
    return Scope.for_month(
        month,
        organisation_ids=frozenset({membership.organisation_id}),
        user_id=membership.user_id,
    )


def history(report: MonthlyReport | None) -> list[tuple[AuditEvent, str | None]]:
    """Submitted, returned, verified: who and when, oldest first."""
    if report is None:
        return []
    rows = db.session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_type == "MonthlyReport", AuditEvent.object_id == report.id)
        .order_by(AuditEvent.at, AuditEvent.id)
        .limit(100)
    )
    return [(event, name) for event, name in rows]


def submit(user: User, membership: Membership, month: date) -> tuple[MonthlyReport, bool]:
    """Submit (or resubmit after a return) a month; its activities lock.

    Returns (report, changed): sending the form twice changes nothing the second time.
    """
    if month > months.current():
        raise ReportError(_("Bulan ini belum tiba."))
    report = find_report(user.id, membership.organisation_id, month)
    if report is not None and report.status in LOCKED_STATUSES:
        return report, False
    count = db.session.scalar(
        select(func.count(Activity.id)).where(*member_scope(membership, month).where())
    )
    if not count:
        raise ReportError(
            _("Belum ada kegiatan di %(month)s. Catat kegiatan dulu.", month=months.label(month))
        )
    resubmitted = report is not None and report.status == RETURNED
    if report is None:
        report = MonthlyReport(
            user_id=user.id, organisation_id=membership.organisation_id, month=month
        )
        db.session.add(report)
    report.status = SUBMITTED
    report.submitted_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        # Two sends of the same form at once: the other one created the report.
        db.session.rollback()
        report = find_report(user.id, membership.organisation_id, month)
        return report, False
    audit.record(
        "report.submitted",
        actor=user,
        obj=report,
        subject=user,
        detail={
            "organisation_id": membership.organisation_id,
            "month": months.to_param(month),
            "activities": count,
            "resubmitted": resubmitted,
        },
    )
    db.session.commit()
    return report, True


def review(
    reviewer: User, membership: Membership, month: date, action: str, note: str | None
) -> MonthlyReport:
    """Verify a submitted report, or return it to the member with a note saying what to fix."""
    new_status = REVIEW_ACTIONS[action]
    report = find_report(membership.user_id, membership.organisation_id, month)
    if report is None or report.status != SUBMITTED:
        raise ReportError(_("Laporan ini tidak sedang menunggu verifikasi."))
    if report.user_id == reviewer.id:
        raise ReportError(_("Laporan sendiri diverifikasi oleh koordinator lain atau admin."))
    if new_status == RETURNED and not note:
        raise ReportError(_("Tulis catatan: apa yang perlu diperbaiki anggota."))
    report.status = new_status
    report.reviewer_id = reviewer.id
    report.reviewed_at = utcnow()
    report.note = note or None
    audit.record(
        f"report.{'verified' if new_status == VERIFIED else 'returned'}",
        actor=reviewer,
        obj=report,
        subject=membership.user,
        detail={
            "organisation_id": membership.organisation_id,
            "month": months.to_param(month),
            "note": bool(note),
        },
    )
    label = months.label(month)
    if new_status == VERIFIED:
        text = _("Laporan %(month)s Anda sudah diverifikasi.", month=label)
    else:
        text = _("Laporan %(month)s Anda dikembalikan: %(note)s", month=label, note=note)
    link = url_for("reports.month", membership_id=membership.id, month=month)
    notices.notify(membership.user, text[:500], link)
    db.session.commit()
    return report


def awaiting_review(organisation_ids: set[int] | None, limit: int = 12):
    """(organisation, month, count) of submitted reports waiting for a reviewer, oldest first."""
    if organisation_ids is not None and not organisation_ids:
        return []
    stmt = (
        select(Organisation, MonthlyReport.month, func.count(MonthlyReport.id))
        .join(MonthlyReport.organisation)
        .where(MonthlyReport.status == SUBMITTED)
        .group_by(Organisation.id, MonthlyReport.month)
        .order_by(MonthlyReport.month, Organisation.name)
        .limit(limit)
    )
    if organisation_ids is not None:
        stmt = stmt.where(MonthlyReport.organisation_id.in_(sorted(organisation_ids)))
    return db.session.execute(stmt).all()
