"""The monthly report: a member submits a month, a coordinator verifies or returns it."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import audit, database, months, notices
from ..activities.services import ActivityError, hold_membership
from ..activities.totals import Scope
from ..extensions import db
from ..i18n import N_, to_wib, today_wib
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
from ..paging import paginate

REVIEW_ACTIONS = {"verify": VERIFIED, "return": RETURNED}
STATUS_LABELS = {
    DRAFT: _l("belum dikirim"),
    SUBMITTED: _l("dikirim"),
    VERIFIED: _l("diverifikasi"),
    RETURNED: _l("dikembalikan"),
}


def _month_label(value: str) -> str:
    return months.label(date.fromisoformat(value))


VERIFIED_NOTICE = notices.kind(
    "report.verified",
    N_("Laporan %(month)s Anda sudah diverifikasi."),
    month=_month_label,
)
RETURNED_NOTICE = notices.kind(
    "report.returned",
    N_("Laporan %(month)s Anda dikembalikan: %(note)s"),
    month=_month_label,
)


ALREADY_REVIEWED = _l("Laporan ini sudah diperiksa oleh orang lain; muat ulang halaman.")


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
    return paginate(stmt, page, per_page)


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
        raise ReportError(str(months.NOT_YET))
    try:
        hold_membership(membership)  # first: a change of the month's activities waits
    except ActivityError as error:
        raise ReportError(str(error)) from None
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
    if report is not None:
        # Sent twice at once after a return: the first send resubmits it.
        sent = database.transition(
            report, "status", {DRAFT, RETURNED}, status=SUBMITTED, submitted_at=utcnow()
        )
        if not sent:
            return report, False
    else:
        report = MonthlyReport(
            user_id=user.id,
            organisation_id=membership.organisation_id,
            month=month,
            status=SUBMITTED,
            submitted_at=utcnow(),
        )
        try:
            # A savepoint: a duplicate undoes only this insert, not the request's other work.
            with db.session.begin_nested():
                db.session.add(report)
        except IntegrityError:
            # Two sends of the same form at once: the other one created the report.
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
    return report, True


def review(
    reviewer: User, membership: Membership, month: date, action: str, note: str | None
) -> MonthlyReport:
    """Verify a submitted report, or return it to the member with a note saying what to fix
    (ReviewForm requires the note of a return)."""
    new_status = REVIEW_ACTIONS[action]
    report = find_report(membership.user_id, membership.organisation_id, month)
    if report is not None and report.status in (VERIFIED, RETURNED):
        raise ReportError(str(ALREADY_REVIEWED))
    if report is None or report.status != SUBMITTED:
        raise ReportError(_("Laporan ini tidak sedang menunggu verifikasi."))
    if report.user_id == reviewer.id:
        raise ReportError(_("Laporan sendiri diverifikasi oleh koordinator lain atau admin."))
    decided = database.transition(
        report,
        "status",
        SUBMITTED,
        status=new_status,
        reviewer_id=reviewer.id,
        reviewed_at=utcnow(),
        note=note or None,
    )
    if not decided:  # someone else verified or returned it a moment ago
        raise ReportError(str(ALREADY_REVIEWED))
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
    link = url_for("reports.month", membership_id=membership.id, month=month)
    notice = VERIFIED_NOTICE if new_status == VERIFIED else RETURNED_NOTICE
    notices.notify(membership.user, notice, link, month=month, note=note or None)
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


@dataclass(frozen=True)
class Signer:
    """Who countersigns a printed report, with which number (NIA or NIP), on which day."""

    id_label: str
    number: str
    dated: date


def print_signer(membership: Membership, report: MonthlyReport | None) -> Signer:
    """A verified report is dated the day it was verified and countersigned by its
    reviewer: their NIA in the organisation, or (the office's admin) a NIP line."""
    if report is None or report.status != VERIFIED or report.reviewed_at is None:
        return Signer(_("NIA"), "", today_wib())
    held = db.session.execute(
        select(Membership.id, Membership.member_number).where(
            Membership.user_id == report.reviewer_id,
            Membership.organisation_id == membership.organisation_id,
        )
    ).first()
    reviewer_is_member, number = held is not None, held[1] if held else None
    return Signer(
        _("NIA") if reviewer_is_member else _("NIP"),
        number or "",
        to_wib(report.reviewed_at).date(),
    )
