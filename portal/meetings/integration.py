"""How meetings show up elsewhere: home panels, the member summary, the data export."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import now_utc, today_wib
from ..models import ActionItem, CalendarFeed, Invitation
from ..personal_data import Field
from ..security import can_see_member_area
from . import labels, minutes, queries
from .forms import RsvpForm

DATA_LABEL = _l("Rapat")
DATA_FIELDS = {
    "invitations": Field(_l("Undangan rapat")),
    "meeting": Field(_l("Rapat")),
    "starts_at": Field(_l("Mulai")),
    "venue": Field(_l("Tempat")),
    "rsvp": Field(_l("Jawaban"), labels.rsvp_label),
    "rsvp_note": Field(_l("Catatan jawaban")),
    "rsvp_at": Field(_l("Dijawab")),
    "attendance": Field(_l("Kehadiran"), labels.attendance_label),
    "checked_in_at": Field(_l("Check-in")),
    "checkin_method": Field(_l("Cara check-in"), labels.method_label),
    "action_items": Field(_l("Tindak lanjut")),
    "text": Field(_l("Isi")),
    "due_on": Field(_l("Tenggat")),
    "done_at": Field(_l("Selesai")),
    "calendar_feed": Field(_l("Tautan kalender")),
    "created_at": Field(_l("Dibuat")),
}


def upcoming_panel(user) -> dict | None:
    """Home: my next meetings, each with one-tap hadir / tidak hadir / mungkin."""
    if not can_see_member_area(user):
        return None
    now = now_utc()
    invitations = queries.upcoming_invitations(user, now)
    if not invitations:
        return None
    return {"invitations": invitations, "rsvp_form": RsvpForm(formdata=None), "now": now}


def action_items_panel(user) -> dict | None:
    """Home: my open action items, overdue ones counted."""
    if not can_see_member_area(user):
        return None
    total, overdue, items = minutes.my_open_summary(user)
    if not total:
        return None
    return {"total": total, "overdue": overdue, "items": items, "today": today_wib()}


def member_summary(membership) -> str | None:
    """For a coordinator looking at one member: attendance over the last twelve months."""
    summary = queries.attendance_summary(membership.user_id, membership.organisation_id, now_utc())
    return render_template("meetings/_member_summary.html", summary=summary)


def personal_data(user) -> dict:
    """Invitations and answers, attendance, action items, and whether a feed exists."""
    invitations = db.session.scalars(
        select(Invitation)
        .where(Invitation.user_id == user.id)
        .options(joinedload(Invitation.meeting))
        .order_by(Invitation.id)
        .limit(5000)
    )
    items = db.session.scalars(
        select(ActionItem)
        .where(ActionItem.assignee_user_id == user.id)
        .options(joinedload(ActionItem.meeting))
        .order_by(ActionItem.id)
        .limit(5000)
    )
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return {
        "invitations": [
            {
                "meeting": inv.meeting.title,
                "starts_at": inv.meeting.starts_at.isoformat(),
                "venue": inv.meeting.venue,
                "rsvp": inv.rsvp,
                "rsvp_note": inv.rsvp_note,
                "rsvp_at": inv.rsvp_at.isoformat() if inv.rsvp_at else None,
                "attendance": inv.attendance,
                "checked_in_at": inv.checked_in_at.isoformat() if inv.checked_in_at else None,
                "checkin_method": inv.checkin_method,
            }
            for inv in invitations
        ],
        "action_items": [
            {
                "meeting": item.meeting.title,
                "text": item.text,
                "due_on": item.due_on.isoformat(),
                "done_at": item.done_at.isoformat() if item.done_at else None,
            }
            for item in items
        ],
        "calendar_feed": {"created_at": feed.created_at.isoformat()} if feed else None,
    }


def erase_personal_data(user) -> None:
    """On a completed deletion request: notes and the feed go; attendance counts stay."""
    db.session.execute(
        update(Invitation).where(Invitation.user_id == user.id).values(rsvp_note=None)
    )
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
