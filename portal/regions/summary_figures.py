"""The activity figures of an area page, from ActivitySummary (never the activities):
by desa and month for the area, and at the kabupaten by PPKS category (the summary has no
PPKS by desa)."""

from collections import defaultdict
from datetime import date

from sqlalchemy import case, func, select

from .. import months
from ..activities.totals import Comparison, Totals
from ..extensions import db
from ..models import ActivitySummary, Area, PpksCategory
from ..models.summaries import DESA, PPKS

S = ActivitySummary
HISTORY = 12  # months compared with this one


def total(items) -> Totals:
    items = list(items)
    return Totals(
        sum(t.activities for t in items),
        sum(t.minutes for t in items),
        sum(t.people for t in items),
    )


def _sums():
    return (func.sum(S.activities), func.sum(S.minutes), func.sum(S.people))


def activities_by_month(month, scope, desa_ids, by_kecamatan, rows) -> list[tuple[date, Totals]]:
    """The 12 months before and this one, summed over the area's desa (desa_ids; None:
    all); fills each child row (by kecamatan id, or by desa id) with this month and the
    12 months before. By kecamatan, the database sums the desa rows."""
    first = months.shift(month, -HISTORY)
    key = Area.parent_id if by_kecamatan else S.key_id
    stmt = (
        select(key, S.month, *_sums())
        .where(S.dimension == DESA, S.month >= first, S.month <= month)
        .group_by(key, S.month)
    )
    if by_kecamatan:
        stmt = stmt.join(Area, Area.id == S.key_id)
    if scope is not None:
        stmt = stmt.where(S.organisation_id.in_(sorted(scope)))
    if desa_ids is not None:
        stmt = stmt.where(S.key_id.in_(desa_ids))
    by_month: dict[date, list[Totals]] = defaultdict(list)
    by_child: dict[tuple[int, bool], list[Totals]] = defaultdict(list)
    for child, row_month, *numbers in db.session.execute(stmt):
        totals = Totals(*(int(n or 0) for n in numbers))
        row_month = _as_date(row_month)
        by_month[row_month].append(totals)
        if child in rows:
            by_child[(child, row_month == month)].append(totals)
    for (child, is_this), items in by_child.items():
        if is_this:
            rows[child].this = total(items)
        else:
            rows[child].history = total(items)
    return [
        (m, total(by_month.get(m, ())))
        for m in (months.shift(month, i) for i in range(-HISTORY, 1))
    ]


def by_ppks(month, scope) -> list[Comparison]:
    first = months.shift(month, -HISTORY)
    is_this = case((S.month == month, 1), else_=0)
    stmt = (
        select(PpksCategory.id, PpksCategory.name, is_this, *_sums())
        .join(PpksCategory, PpksCategory.id == S.key_id)
        .where(S.dimension == PPKS, S.month >= first, S.month <= month)
        .group_by(PpksCategory.id, PpksCategory.name, PpksCategory.position, is_this)
        .order_by(PpksCategory.position, PpksCategory.id)
    )
    if scope is not None:
        stmt = stmt.where(S.organisation_id.in_(sorted(scope)))
    found: dict[int, Comparison] = {}
    for category_id, name, this, *numbers in db.session.execute(stmt):
        item = found.setdefault(category_id, Comparison(name))
        totals = Totals(*(int(n or 0) for n in numbers))
        if this:
            item.this = totals
        else:
            item.last = totals
    return list(found.values())


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
