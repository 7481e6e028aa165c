"""The coordinator's list: every member of an organisation and their report for a month."""

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import Membership, MonthlyReport, User
from ..models.activities import DRAFT, RETURNED, SUBMITTED, VERIFIED
from ..models.organisations import ACTIVE
from ..paging import Page, paginate
from ..summaries import queries as summaries


def _organisation_month_query(organisation_id: int, month: date):
    """(membership, report, activities, minutes, people) per member of the month."""
    stats = summaries.per_member(organisation_id, month)
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
    organisation_id: int,
    month: date,
    status: str | None,
    page: int,
    per_page: int = 30,
    counts: dict[str, int] | None = None,
) -> Page:
    """One page of the members; with status_counts() already run, no count of its own
    (the page's total is the chosen status's count, or all of them)."""
    stmt, status_col = _organisation_month_query(organisation_id, month)
    total = None
    if status in (DRAFT, SUBMITTED, VERIFIED, RETURNED):
        stmt = stmt.where(status_col == status)
        total = counts[status] if counts is not None else None
    elif counts is not None:
        total = sum(counts.values())
    stmt = stmt.options(contains_eager(Membership.user)).order_by(User.full_name, Membership.id)
    return paginate(stmt, page, per_page, total=total)


def status_counts(organisation_id: int, month: date) -> dict[str, int]:
    stmt, status_col = _organisation_month_query(organisation_id, month)
    counted = stmt.with_only_columns(status_col.label("status")).subquery()
    rows = db.session.execute(select(counted.c.status, func.count()).group_by(counted.c.status))
    counts = dict.fromkeys((DRAFT, SUBMITTED, RETURNED, VERIFIED), 0)
    counts.update({row[0]: row[1] for row in rows})
    return counts


def not_submitted(organisation_ids: set[int] | None, month: date, limit: int = 30):
    """Active members with no submitted or verified report for the month; and how many."""
    stmt = not_submitted_query(organisation_ids, month)
    # Counted without the people (every membership has one); listed by name.
    total = db.session.scalar(stmt.with_only_columns(func.count()).order_by(None))
    items = db.session.scalars(
        stmt.join(Membership.user)
        .options(contains_eager(Membership.user), joinedload(Membership.organisation))
        .order_by(User.full_name, Membership.id)
        .limit(limit)
    ).all()
    return items, total


def not_submitted_query(organisation_ids: set[int] | None, month: date):
    """The memberships of not_submitted; each report looked up in ix_monthly_report_owner_status
    (tests/core/test_indexes.py)."""
    report_join = and_(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == Membership.organisation_id,
        MonthlyReport.month == month,
    )
    stmt = (
        select(Membership)
        .outerjoin(MonthlyReport, report_join)
        .where(Membership.status == ACTIVE)
        .where(or_(MonthlyReport.id.is_(None), MonthlyReport.status.in_((DRAFT, RETURNED))))
    )
    if organisation_ids is not None:
        stmt = stmt.where(Membership.organisation_id.in_(sorted(organisation_ids)))
    return stmt
