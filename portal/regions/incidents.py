"""The musibah of an area page: the incidents in the area that were going on during the
page's month (open, or closed in or after it), those the person may see, in one query."""

from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from .. import months
from ..extensions import db
from ..i18n import JAKARTA
from ..models import Area, Incident
from ..models.incidents import OPEN
from ..security.incidents import visible_incidents
from .places import KABUPATEN


def during(user, level: str, desa_ids: list[int] | None, month: date) -> list[Incident]:
    """desa_ids: the desa of the page (None: the whole kabupaten)."""
    start = datetime.combine(month, time(), JAKARTA)
    end = datetime.combine(months.shift(month, 1), time(), JAKARTA)
    stmt = (
        select(Incident)
        .where(
            visible_incidents(user),
            Incident.began_at < end,
            or_(Incident.status == OPEN, Incident.closed_at >= start),
        )
        .options(joinedload(Incident.kind), joinedload(Incident.desa).joinedload(Area.parent))
        .order_by(Incident.began_at.desc(), Incident.id.desc())
    )
    if level != KABUPATEN:
        stmt = stmt.where(Incident.desa_id.in_(desa_ids))
    return list(db.session.scalars(stmt))
