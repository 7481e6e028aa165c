"""Read-side queries: the meeting list, the home panel, a member's attendance summary."""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from ..extensions import db
from ..models import Invitation, Meeting, User
from ..models.meetings import SCHEDULED
from ..paging import paginate
from ..security.meetings import visible_meetings


def meetings_page(user: User, tab: str, page: int, now: datetime, per_page: int = 20):
    """(pagination of meetings, {meeting_id: my invitation}): three queries a page."""
    stmt = (
        select(Meeting)
        .where(visible_meetings(user))
        .options(joinedload(Meeting.area), joinedload(Meeting.organisation))
    )
    if tab == "selesai":
        stmt = stmt.where(Meeting.ends_at < now).order_by(Meeting.starts_at.desc(), Meeting.id)
    else:
        stmt = stmt.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
    pagination = paginate(stmt, page, per_page)
    ids = [m.id for m in pagination.items]
    invitations = {}
    if ids:
        invitations = {
            inv.meeting_id: inv
            for inv in db.session.scalars(
                select(Invitation).where(
                    Invitation.user_id == user.id, Invitation.meeting_id.in_(ids)
                )
            )
        }
    return pagination, invitations


def upcoming_invitations(user: User, now: datetime, limit: int = 3) -> list[Invitation]:
    """My next meetings that have not ended (cancelled ones too: the change must show)."""
    return list(
        db.session.scalars(
            select(Invitation)
            .join(Meeting, Meeting.id == Invitation.meeting_id)
            .where(Invitation.user_id == user.id, Meeting.ends_at >= now)
            .options(contains_eager(Invitation.meeting))
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(limit)
        )
    )


def attendance_summary(user_id: int, organisation_id: int, now: datetime, days: int = 365) -> dict:
    """Held meetings this person was invited to through this organisation, by attendance."""
    rows = db.session.execute(
        select(Invitation.attendance, func.count())
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Invitation.user_id == user_id,
            Invitation.organisation_id == organisation_id,
            Meeting.status == SCHEDULED,
            Meeting.ends_at < now,
            Meeting.starts_at >= now - timedelta(days=days),
        )
        .group_by(Invitation.attendance)
    )
    summary = {"invited": 0, "hadir": 0, "izin": 0, "sakit": 0, "tidak_hadir": 0, "unrecorded": 0}
    for status, n in rows:
        summary["invited"] += n
        summary[status or "unrecorded"] += n
    return summary
