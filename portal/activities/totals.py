"""Aggregates over activities: totals, and by type, PPKS category, desa and organisation.

Every function is one grouped query over the (organisation, date) or (user,
organisation, date) index, however many activities the scope holds.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import aliased

from .. import months
from ..extensions import db
from ..models import Activity, ActivityType, Area, Organisation, PpksCategory
from ..models.activities import activity_ppks


@dataclass(frozen=True)
class Scope:
    """Which activities: a date range, some organisations (None: all), maybe one person."""

    start: date
    end: date  # inclusive
    organisation_ids: frozenset[int] | None = None
    user_id: int | None = None

    @classmethod
    def for_month(cls, month: date, **kw) -> "Scope":
        return cls(month, months.last_day(month), **kw)

    def where(self) -> list:
        clauses = [Activity.done_on >= self.start, Activity.done_on <= self.end]
        if self.organisation_ids is not None:
            clauses.append(Activity.organisation_id.in_(sorted(self.organisation_ids)))
        if self.user_id is not None:
            clauses.append(Activity.user_id == self.user_id)
        return clauses


@dataclass(frozen=True)
class Totals:
    activities: int = 0
    minutes: int = 0
    people: int = 0
    members: int = 0  # people who logged at least one activity


@dataclass
class Comparison:
    """One row of 'this month against last month'."""

    label: str
    this: Totals = field(default_factory=Totals)
    last: Totals = field(default_factory=Totals)


def _sums():
    return (
        func.count(distinct(Activity.id)),
        func.coalesce(func.sum(Activity.duration_minutes), 0),
        func.coalesce(func.sum(Activity.people_served), 0),
        func.count(distinct(Activity.user_id)),
    )


def _totals(row) -> Totals:
    return Totals(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def totals(scope: Scope) -> Totals:
    return _totals(db.session.execute(select(*_sums()).where(*scope.where())).one())


def by_type(scope: Scope) -> list[tuple[str, Totals]]:
    rows = db.session.execute(
        select(ActivityType.name, *_sums())
        .join(Activity.activity_type)
        .where(*scope.where())
        .group_by(ActivityType.id, ActivityType.name)
        .order_by(func.count(distinct(Activity.id)).desc(), ActivityType.name)
    )
    return [(row[0], _totals(row[1:])) for row in rows]


def by_ppks(scope: Scope) -> list[tuple[str, Totals]]:
    """Activities that served each category; one activity may serve several."""
    rows = db.session.execute(
        select(PpksCategory.name, *_sums())
        .select_from(Activity)
        .join(activity_ppks, activity_ppks.c.activity_id == Activity.id)
        .join(PpksCategory, PpksCategory.id == activity_ppks.c.ppks_category_id)
        .where(*scope.where())
        .group_by(PpksCategory.id, PpksCategory.name, PpksCategory.position)
        .order_by(func.count(distinct(Activity.id)).desc(), PpksCategory.position)
    )
    return [(row[0], _totals(row[1:])) for row in rows]


def by_desa(scope: Scope) -> list[tuple[str, Totals]]:
    kecamatan = aliased(Area)
    rows = db.session.execute(
        select(Area.name, kecamatan.name, *_sums())
        .join(Activity.desa)
        .outerjoin(kecamatan, kecamatan.id == Area.parent_id)
        .where(*scope.where())
        .group_by(Area.id, Area.name, kecamatan.name)
        .order_by(func.count(distinct(Activity.id)).desc(), Area.name)
    )
    return [(f"{row[0]}, {row[1]}" if row[1] else row[0], _totals(row[2:])) for row in rows]


def by_organisation(scope: Scope) -> list[tuple[str, Totals]]:
    rows = db.session.execute(
        select(Organisation.name, *_sums())
        .join(Activity.organisation)
        .where(*scope.where())
        .group_by(Organisation.id, Organisation.name)
        .order_by(Organisation.name)
    )
    return [(row[0], _totals(row[1:])) for row in rows]


def compare(grouping, this: Scope, last: Scope) -> list[Comparison]:
    """The same grouping for two periods, side by side; this period's biggest first."""
    rows: dict[str, Comparison] = {}
    for label, value in grouping(this):
        rows[label] = Comparison(label, this=value)
    for label, value in grouping(last):
        rows.setdefault(label, Comparison(label)).last = value
    return sorted(rows.values(), key=lambda c: (-c.this.activities, -c.last.activities, c.label))


def by_organisation_id(scope: Scope) -> list[tuple[int, Totals]]:
    rows = db.session.execute(
        select(Activity.organisation_id, *_sums())
        .where(*scope.where())
        .group_by(Activity.organisation_id)
    )
    return [(row[0], _totals(row[1:])) for row in rows]
