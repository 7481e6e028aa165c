"""Monthly totals kept beside the rows they count (portal/summaries keeps them current)."""

from datetime import date

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

# What key_id is the id of: one row per month, organisation and value of the dimension.
MEMBER, DESA, TYPE, PPKS = "member", "desa", "type", "ppks"
DIMENSIONS = (MEMBER, DESA, TYPE, PPKS)


class ActivitySummary(db.Model):
    """Activities, minutes and people served of one month and organisation, by member
    (user id), desa (area id), activity type or PPKS category (an activity serving three
    categories counts once in each). Kecamatan and kabupaten figures sum the desa rows;
    an organisation's month sums its member rows (and counts them: members active)."""

    __tablename__ = "activity_summary"
    __table_args__ = (
        # The area pages: one dimension and value over months and organisations.
        Index("ix_activity_summary_dimension_key", "dimension", "key_id", "month"),
    )

    month: Mapped[date] = mapped_column(primary_key=True)  # the first day
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(8), primary_key=True)
    key_id: Mapped[int] = mapped_column(primary_key=True)
    activities: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
