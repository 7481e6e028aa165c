"""Minutes (notulen) and action items: written by the organiser, finished by the assignees."""

from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload

from .. import audit
from ..extensions import db
from ..i18n import now_utc, to_wib, today_wib
from ..models import ActionItem, Invitation, Meeting, Minutes, Organisation, User
from ..models.organisations import ACTIVE
from ..paging import paginate
from . import announce
from .invitations import invitee_ids
from .services import MeetingError

ITEMS_ON_MEETING_PAGE = 200


def save_minutes(
    actor: User,
    meeting: Meeting,
    body: str,
    decisions: str,
    publish: bool,
    now: datetime | None = None,
) -> Minutes:
    """Save the notulen; the first publication tells every invitee."""
    now = now or now_utc()
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; tidak ada notulen."), "body")
    if publish and now < meeting.starts_at:
        raise MeetingError(_("Notulen dapat diterbitkan setelah rapat dimulai."), "body")
    if publish and not (body or "").strip():
        raise MeetingError(_("Tulis isi notulen sebelum menerbitkannya."), "body")
    minutes = meeting.minutes or Minutes(meeting=meeting)
    minutes.body = body or ""
    minutes.decisions = decisions or ""
    minutes.updated_by_id = actor.id
    db.session.add(minutes)
    first_publication = publish and minutes.published_at is None
    if first_publication:
        minutes.published_at = now
        minutes.published_by_id = actor.id
        announce.tell(invitee_ids(meeting), meeting, announce.MINUTES_PUBLISHED, "#notulen")
    db.session.flush()
    audit.record(
        "meeting.minutes_published" if first_publication else "meeting.minutes_saved",
        actor=actor,
        obj=meeting,
        detail={"minutes_id": minutes.id},
    )
    return minutes


def assignees(meeting: Meeting, limit: int = 300) -> tuple[list[Organisation], list[User]]:
    """Who an action item can go to: an invited organisation, or an invitee.

    A big meeting offers those who attended or said they would come, so the list stays short."""
    people = (
        select(User)
        .join(Invitation, Invitation.user_id == User.id)
        .where(Invitation.meeting_id == meeting.id)
        .order_by(User.full_name, User.id)
    )
    total = db.session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.meeting_id == meeting.id)
    )
    if total > limit:
        people = people.where(or_(Invitation.attendance == "hadir", Invitation.rsvp == "yes"))
    return list(meeting.organisations), list(db.session.scalars(people.limit(limit)))


def add_action_item(
    actor: User, meeting: Meeting, text: str, assignee: User | Organisation, due_on: date
) -> ActionItem:
    """assignee: an invitee or an invited organisation (the form offers only those)."""
    if meeting.is_cancelled:
        raise MeetingError(_("Rapat ini dibatalkan; tidak ada tindak lanjut."), "text")
    if due_on < to_wib(meeting.starts_at).date():
        raise MeetingError(_("Batas waktu tidak boleh sebelum tanggal rapat."), "due_on")
    item = ActionItem(meeting_id=meeting.id, text=text, due_on=due_on, created_by_id=actor.id)
    if isinstance(assignee, Organisation):
        item.assignee_organisation_id = assignee.id
    else:
        item.assignee_user_id = assignee.id
    db.session.add(item)
    db.session.flush()
    audit.record(
        "meeting.action_item_added", actor=actor, obj=item, detail={"meeting_id": meeting.id}
    )
    if item.assignee_user_id:
        announce.tell([item.assignee_user_id], meeting, announce.TASK_ASSIGNED, "#tugas", text=text)
    return item


def set_done(actor: User, item: ActionItem, done: bool, now: datetime | None = None) -> ActionItem:
    if done and item.done_at is None:
        item.done_at = now or now_utc()
        item.done_by_id = actor.id
        audit.record("meeting.action_item_done", actor=actor, obj=item)
    elif not done and item.done_at is not None:
        item.done_at = None
        item.done_by_id = None
        audit.record("meeting.action_item_reopened", actor=actor, obj=item)
    return item


def delete_action_item(actor: User, item: ActionItem) -> None:
    audit.record(
        "meeting.action_item_deleted", actor=actor, obj=item, detail={"meeting_id": item.meeting_id}
    )
    db.session.delete(item)


def meeting_items(meeting: Meeting) -> list[ActionItem]:
    """A meeting's action items, open ones first by due date; one query."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.meeting_id == meeting.id)
            .options(
                joinedload(ActionItem.assignee_user), joinedload(ActionItem.assignee_organisation)
            )
            .order_by(ActionItem.done_at.is_not(None), ActionItem.due_on, ActionItem.id)
            .limit(ITEMS_ON_MEETING_PAGE)
        )
    )


def _mine(user: User):
    org_ids = [m.organisation_id for m in user.memberships if m.status == ACTIVE]
    return or_(
        ActionItem.assignee_user_id == user.id,
        ActionItem.assignee_organisation_id.in_(org_ids),
    )


def my_items_page(user: User, show: str, page: int, per_page: int = 20):
    """'My action items': mine and my organisations'; open first by due date."""
    stmt = (
        select(ActionItem)
        .where(_mine(user))
        .options(
            joinedload(ActionItem.meeting),
            joinedload(ActionItem.assignee_user),
            joinedload(ActionItem.assignee_organisation),
        )
    )
    if show == "selesai":
        stmt = stmt.where(ActionItem.done_at.is_not(None)).order_by(ActionItem.done_at.desc())
    else:
        stmt = stmt.where(ActionItem.done_at.is_(None)).order_by(ActionItem.due_on, ActionItem.id)
    return paginate(stmt, page, per_page)


def my_open_summary(user: User, limit: int = 3) -> tuple[int, int, list[ActionItem]]:
    """(open, overdue, the next few) for the home panel: two queries."""
    today = today_wib()
    total, overdue = db.session.execute(
        select(
            func.count(), func.coalesce(func.sum(case((ActionItem.due_on < today, 1), else_=0)), 0)
        )
        .select_from(ActionItem)
        .where(_mine(user), ActionItem.done_at.is_(None))
    ).one()
    items = []
    if total:
        items = list(
            db.session.scalars(
                select(ActionItem)
                .where(_mine(user), ActionItem.done_at.is_(None))
                .options(joinedload(ActionItem.meeting))
                .order_by(ActionItem.due_on, ActionItem.id)
                .limit(limit)
            )
        )
    return total, overdue, items
