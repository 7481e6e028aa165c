"""What the activities feature adds to shared pages: the home panel and the member summary."""

from flask import render_template
from flask_babel import gettext as _
from sqlalchemy import select

from .. import months
from ..extensions import db
from ..i18n import number
from ..models import MonthlyReport
from ..models.activities import RETURNED
from . import choices, totals

SUMMARY_MONTHS = 3


def duration(minutes: int | None) -> str:
    """135 -> '2 jam 15 menit'; 0 -> '0 menit'."""
    hours, rest = divmod(int(minutes or 0), 60)
    parts = [_("%(n)s jam", n=number(hours))] if hours else []
    if rest or not hours:
        parts.append(_("%(n)d menit", n=rest))
    return " ".join(parts)


def decimal_hours(minutes: int | None) -> str:
    """90 -> '1,5' (hours, one decimal), for tables that compare."""
    return number(round((minutes or 0) / 60, 1))


def home_panel(user) -> dict | None:
    """This month's report for each organisation, and what to do next."""
    memberships = choices.active_memberships(user)
    if not memberships:
        return None
    this_month, last_month = months.current(), months.shift(months.current(), -1)
    reports = db.session.scalars(
        select(MonthlyReport).where(
            MonthlyReport.user_id == user.id,
            (MonthlyReport.month >= last_month) | (MonthlyReport.status == RETURNED),
        )
    ).all()
    by_key = {(r.organisation_id, r.month): r for r in reports}
    from ..summaries.queries import member_months

    found = member_months(user.id, [this_month, last_month])
    this_totals = {org: t for (org, month), t in found.items() if month == this_month}
    last_totals = {org: t for (org, month), t in found.items() if month == last_month}
    items = [
        {
            "membership": m,
            "this": by_key.get((m.organisation_id, this_month)),
            "last": by_key.get((m.organisation_id, last_month)),
            "this_totals": this_totals.get(m.organisation_id, totals.Totals()),
            "last_totals": last_totals.get(m.organisation_id, totals.Totals()),
            "returned": [
                r
                for r in reports
                if r.organisation_id == m.organisation_id and r.status == RETURNED
            ],
        }
        for m in memberships
    ]
    return {"items": items, "this_month": this_month, "last_month": last_month}


def member_summary(membership) -> str | None:
    """For a coordinator's page about one member: activities and hours of recent months."""
    if membership.status not in ("active", "suspended", "left"):
        return None
    recent = [months.shift(months.current(), -i) for i in range(SUMMARY_MONTHS)]
    reports = {
        r.month: r
        for r in db.session.scalars(
            select(MonthlyReport).where(
                MonthlyReport.user_id == membership.user_id,
                MonthlyReport.organisation_id == membership.organisation_id,
                MonthlyReport.month >= recent[-1],
            )
        )
    }
    rows = [
        (
            month,
            totals.totals(
                totals.Scope.for_month(
                    month,
                    user_id=membership.user_id,
                    organisation_ids=frozenset({membership.organisation_id}),
                )
            ),
            reports.get(month),
        )
        for month in recent
    ]
    return render_template("activities/_member_summary.html", membership=membership, rows=rows)
