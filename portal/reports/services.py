"""The monthly report: a member submits a month, a coordinator verifies or returns it."""

from dataclasses import dataclass
from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager, joinedload, selectinload

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
from ..models.organisation import ACTIVE
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


@dataclass
class Page:
    """A page of rows, with what the pager macro needs."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


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


# The coordinator's list: every member of an organisation and their report for a month.


def _organisation_month_query(organisation_id: int, month: date):
    """(membership, report, activities, minutes, people) per member of the month."""
    scope = Scope.for_month(month, organisation_ids=frozenset({organisation_id}))
    stats = (
        select(
            Activity.user_id.label("user_id"),
            func.count(Activity.id).label("activities"),
            func.sum(Activity.duration_minutes).label("minutes"),
            func.sum(Activity.people_served).label("people"),
        )
        .where(*scope.where())
        .group_by(Activity.user_id)
        .subquery()
    )
    report_join = and_(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == Membership.organisation_id,
        MonthlyReport.month == month,
    )
    status = func.coalesce(MonthlyReport.status, DRAFT)
    stmt = (
        select(Membership, MonthlyReport, stats.c.activities, stats.c.minutes, stats.c.people)
        .join(Membership.user)
        .outerjoin(MonthlyReport, report_join)
        .outerjoin(stats, stats.c.user_id == Membership.user_id)
        .where(Membership.organisation_id == organisation_id)
        # Active members, and anyone who left but has a report or activities that month.
        .where(
            or_(
                Membership.status == ACTIVE,
                MonthlyReport.id.is_not(None),
                stats.c.activities.is_not(None),
            )
        )
    )
    return stmt, status


def organisation_month(
    organisation_id: int, month: date, status: str | None, page: int, per_page: int = 30
) -> Page:
    stmt, status_col = _organisation_month_query(organisation_id, month)
    if status in (DRAFT, SUBMITTED, VERIFIED, RETURNED):
        stmt = stmt.where(status_col == status)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    page = max(1, page)
    rows = db.session.execute(
        stmt.options(contains_eager(Membership.user))
        .order_by(User.full_name, Membership.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=rows, page=page, per_page=per_page, total=total)


def status_counts(organisation_id: int, month: date) -> dict[str, int]:
    stmt, status_col = _organisation_month_query(organisation_id, month)
    counted = stmt.with_only_columns(status_col.label("status")).subquery()
    rows = db.session.execute(select(counted.c.status, func.count()).group_by(counted.c.status))
    counts = dict.fromkeys((DRAFT, SUBMITTED, RETURNED, VERIFIED), 0)
    counts.update({row[0]: row[1] for row in rows})
    return counts


def not_submitted(organisation_ids: set[int] | None, month: date, limit: int = 30):
    """Active members with no submitted or verified report for the month; and how many."""
    report_join = and_(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == Membership.organisation_id,
        MonthlyReport.month == month,
    )
    stmt = (
        select(Membership)
        .join(Membership.user)
        .outerjoin(MonthlyReport, report_join)
        .where(Membership.status == ACTIVE)
        .where(or_(MonthlyReport.id.is_(None), MonthlyReport.status.in_((DRAFT, RETURNED))))
    )
    if organisation_ids is not None:
        stmt = stmt.where(Membership.organisation_id.in_(sorted(organisation_ids)))
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.options(contains_eager(Membership.user), joinedload(Membership.organisation))
        .order_by(User.full_name, Membership.id)
        .limit(limit)
    ).all()
    return items, total
