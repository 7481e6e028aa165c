"""The overview: a month against the month before, for some organisations or all of them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..activities import months
from ..extensions import db
from ..models import Membership
from ..models.organisation import ACTIVE
from . import listing, totals
from .totals import Comparison, Scope


@dataclass
class Overview:
    month: date
    last_month: date
    overall: Comparison
    members: int  # active memberships in scope
    by_desa: list[Comparison]
    by_ppks: list[Comparison]
    by_organisation: list[Comparison]
    not_submitted: list  # memberships without a submitted report for last month
    not_submitted_total: int


def build(organisation_ids: set[int] | None, month: date, per_organisation: bool) -> Overview:
    """A fixed number of grouped queries, whatever the number of activities."""
    ids = frozenset(organisation_ids) if organisation_ids is not None else None
    last_month = months.shift(month, -1)
    this = Scope.for_month(month, organisation_ids=ids)
    last = Scope.for_month(last_month, organisation_ids=ids)
    members = select(func.count(Membership.id)).where(Membership.status == ACTIVE)
    if ids is not None:
        members = members.where(Membership.organisation_id.in_(sorted(ids)))
    items, total = listing.not_submitted(organisation_ids, last_month)
    return Overview(
        month=month,
        last_month=last_month,
        overall=Comparison("", this=totals.totals(this), last=totals.totals(last)),
        members=db.session.scalar(members),
        by_desa=totals.compare(totals.by_desa, this, last),
        by_ppks=totals.compare(totals.by_ppks, this, last),
        by_organisation=(
            totals.compare(totals.by_organisation, this, last) if per_organisation else []
        ),
        not_submitted=items,
        not_submitted_total=total,
    )
