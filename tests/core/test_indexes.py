"""The main queries use an index, on SQLite and on PostgreSQL (EXPLAIN). PostgreSQL is
told to avoid sequential scans, as it would on a table of a few test rows: the question
is whether an index can serve the query, not what the planner prefers for ten rows."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal import database
from portal.extensions import db
from portal.models import Activity, ActivitySummary, AuditEvent, Membership, MonthlyReport
from portal.models.summaries import DESA, MEMBER
from portal.reports import listing
from portal.summaries import queries

MONTH, LAST = date(2026, 11, 1), date(2026, 10, 1)


def plan(stmt) -> str:
    connection = db.session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql(f"EXPLAIN {sql}")
    else:
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
    return "\n".join(" ".join(str(c) for c in row) for row in rows)


def uses(text: str, index: str) -> bool:
    lowered = text.lower()
    return any(
        f"{how} {index}" in lowered
        for how in ("index", "using", "on", "covering index", "primary key")
    )


S = ActivitySummary
CASES = {
    "summary: an organisation's month (overview, report list, home)": (
        lambda: select(S.month, S.activities).where(
            S.dimension == MEMBER, S.month.in_([MONTH, LAST]), S.organisation_id.in_([1, 2])
        ),
        # Either of the table's two indexes serves it; the planners differ in which.
        (
            "pk_activity_summary",
            "sqlite_autoindex_activity_summary_1",
            "ix_activity_summary_dimension_key",
        ),
    ),
    "summary: one desa over months (the area pages)": (
        lambda: select(S.activities).where(S.dimension == DESA, S.key_id == 7, S.month >= LAST),
        ("ix_activity_summary_dimension_key",),
    ),
    "summary: a person's months (home panel)": (
        lambda: select(S.activities).where(
            S.dimension == MEMBER, S.key_id == 3, S.month.in_([MONTH, LAST])
        ),
        ("ix_activity_summary_dimension_key",),
    ),
    "activities of a member's month (month page)": (
        lambda: select(Activity.id).where(
            Activity.user_id == 3,
            Activity.organisation_id == 1,
            Activity.done_on >= MONTH,
            Activity.done_on <= date(2026, 11, 30),
        ),
        # On a fresh PostgreSQL database the planner may take the organisation's index.
        ("ix_activity_user_org_date", "ix_activity_org_date"),
    ),
    "activities of an organisation's month (exports)": (
        lambda: select(Activity.id).where(Activity.organisation_id == 1, Activity.done_on >= MONTH),
        ("ix_activity_org_date",),
    ),
    "members of an organisation (report list, member list)": (
        lambda: select(Membership.id).where(
            Membership.organisation_id == 1, Membership.status == "active"
        ),
        # PostgreSQL may take the area pages' index for it too (status, then organisation).
        ("ix_membership_org_status", "ix_membership_status_user"),
    ),
    "active members of the regency (the area pages)": (
        lambda: select(Membership.user_id, Membership.organisation_id).where(
            Membership.status == "active"
        ),
        ("ix_membership_status_user",),
    ),
    "reports of an organisation's month (status counts)": (
        lambda: select(MonthlyReport.id).where(
            MonthlyReport.organisation_id == 1, MonthlyReport.month == MONTH
        ),
        ("ix_monthly_report_org_month_status",),
    ),
    "reports waiting for review (the reviewers' home panel)": (
        lambda: (
            select(MonthlyReport.organisation_id, MonthlyReport.month, func.count())
            .where(MonthlyReport.status == "submitted", MonthlyReport.organisation_id.in_([1, 2]))
            .group_by(MonthlyReport.organisation_id, MonthlyReport.month)
        ),
        ("ix_monthly_report_status_org_month",),
    ),
    "audit log, a keyset page": (
        lambda: (
            select(AuditEvent.id)
            .where(AuditEvent.id < 500)
            .order_by(AuditEvent.id.desc())
            .limit(50)
        ),
        ("pk_audit_event", "integer primary key"),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_query_uses_its_index(ctx, name):
    build, indexes = CASES[name]
    explained = plan(build())
    assert any(uses(explained, index) for index in indexes), explained
    assert "temp b-tree for order by" not in explained.lower(), explained


def test_the_overview_reads_no_activities(ctx, count_queries):
    with count_queries() as seen:
        queries.overall(MONTH, LAST, None)
        queries.by_desa(MONTH, LAST, {1})
        queries.by_ppks(MONTH, LAST, {1})
    assert seen and not any(" activity " in f" {s} " or "FROM activity\n" in s for s in seen)


def test_who_has_not_reported_reads_the_index_alone(app, world):
    """Each active member's report for the month is looked up in the index that holds its
    status too. SQLite picks that index over the unique key only from statistics, so the
    housekeeping job refreshes them (database.refresh_statistics); tables with rows then."""
    with app.app_context():
        for number, membership in enumerate(db.session.scalars(select(Membership)).all()):
            status = ("submitted", "verified", "returned", "draft")[number % 4]
            db.session.add(
                MonthlyReport(
                    user_id=membership.user_id,
                    organisation_id=membership.organisation_id,
                    month=MONTH,
                    status=status,
                )
            )
        db.session.flush()
        database.refresh_statistics()
        stmt = listing.not_submitted_query(None, MONTH).with_only_columns(func.count())
        explained = plan(stmt)
        if db.session.connection().dialect.name == "sqlite":
            assert uses(explained, "ix_monthly_report_owner_status"), explained
        else:  # PostgreSQL's choice among a few test rows is arbitrary; an index serves it
            assert "seq scan on monthly_report" not in explained.lower(), explained
            assert "on monthly_report" in explained.lower(), explained
