"""The overview: a month against the month before, for some organisations or all of them."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from .. import months
from ..activities.totals import Comparison
from ..extensions import db
from ..models import Membership
from ..models.organisations import ACTIVE
from ..summaries import queries as summaries
from . import listing


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
    """A fixed number of queries over the summary table, whatever the number of activities."""
    ids = frozenset(organisation_ids) if organisation_ids is not None else None
    last_month = months.shift(month, -1)
    members = select(func.count(Membership.id)).where(Membership.status == ACTIVE)
    if ids is not None:
        members = members.where(Membership.organisation_id.in_(sorted(ids)))
    items, total = listing.not_submitted(organisation_ids, last_month)
    by_organisation = summaries.by_organisation(month, last_month, ids) if per_organisation else []
    return Overview(
        month=month,
        last_month=last_month,
        overall=(
            summaries.overall_of(by_organisation)
            if per_organisation
            else summaries.overall(month, last_month, ids)
        ),
        members=db.session.scalar(members),
        by_desa=summaries.by_desa(month, last_month, ids),
        by_ppks=summaries.by_ppks(month, last_month, ids),
        by_organisation=by_organisation,
        not_submitted=items,
        not_submitted_total=total,
    )
