"""Minutes and action items: the organiser writes them; assignees mark their tasks done."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ...htmx import is_fragment_request
from ...i18n import today_wib
from ...models import ActionItem, Meeting
from ...paging import page_number
from ...security import coordinator_required, get_or_404, member_required
from ...security.meetings import (
    can_finish_action_item,
    can_manage_action_item,
    can_manage_meeting,
)
from ...urls import safe_next
from .. import bp, minutes
from ..forms import ActionItemForm, MinutesForm
from ..services import MeetingError

# An item is shown with its meeting and whom it is assigned to (its rights need the meeting).
_ITEM_SHOWN = (
    joinedload(ActionItem.meeting),
    joinedload(ActionItem.assignee_user),
    joinedload(ActionItem.assignee_organisation),
)


def _minutes_page(meeting, form=None, item_form=None, status=200):
    item_form = item_form or ActionItemForm(formdata=None, assignees=minutes.assignees(meeting))
    if form is None:
        form = MinutesForm(formdata=None, obj=meeting.minutes)
    return render_template(
        "meetings/minutes.html",
        meeting=meeting,
        form=form,
        item_form=item_form,
        items=minutes.meeting_items(meeting),
        today=today_wib(),
    ), status


@bp.route("/<int:meeting_id>/notulen", methods=["GET", "POST"])
@coordinator_required
def minutes_edit(meeting_id: int):
    """Write the notulen and decisions; publishing tells every invitee."""
    meeting = get_or_404(
        Meeting,
        meeting_id,
        can=can_manage_meeting,
        options=(joinedload(Meeting.minutes), selectinload(Meeting.organisations)),
    )
    if request.method == "GET":
        return _minutes_page(meeting)
    form = MinutesForm()
    if form.validate_on_submit():
        publish = request.form.get("publish") == "1"
        try:
            minutes.save_minutes(
                current_user, meeting, form.body.data, form.decisions.data, publish
            )
        except MeetingError as exc:
            form.body.errors.append(str(exc))
        else:
            published = meeting.minutes.published_at is not None
            flash(
                _("Notulen diterbitkan.") if published else _("Notulen disimpan sebagai draf."),
                "success",
            )
            return redirect(url_for("meetings.minutes_edit", meeting_id=meeting.id), code=303)
    return _minutes_page(meeting, form=form, status=422)


@bp.route("/<int:meeting_id>/tugas", methods=["POST"])
@coordinator_required
def item_add(meeting_id: int):
    """Add an action item: what, who (a member or an organisation), by when."""
    meeting = get_or_404(
        Meeting,
        meeting_id,
        can=can_manage_meeting,
        options=(joinedload(Meeting.minutes), selectinload(Meeting.organisations)),
    )
    form = ActionItemForm(assignees=minutes.assignees(meeting))
    if form.validate_on_submit():
        try:
            minutes.add_action_item(
                current_user, meeting, form.text.data, form.chosen_assignee(), form.due_on.data
            )
        except MeetingError as exc:
            getattr(form, exc.field or "text").errors.append(str(exc))
        else:
            flash(_("Tindak lanjut ditambahkan."), "success")
            return redirect(
                url_for("meetings.minutes_edit", meeting_id=meeting.id) + "#tugas", code=303
            )
    return _minutes_page(meeting, item_form=form, status=422)


@bp.route("/tugas/<int:item_id>/hapus", methods=["POST"])
@coordinator_required
def item_delete(item_id: int):
    """Remove an action item written by mistake."""
    item = get_or_404(
        ActionItem, item_id, can=can_manage_action_item, options=(joinedload(ActionItem.meeting),)
    )
    meeting_id = item.meeting_id
    # The button carries confirm=hapus, so only a deliberate press deletes.
    if request.form.get("confirm") == "hapus":
        minutes.delete_action_item(current_user, item)
        flash(_("Tindak lanjut dihapus."), "success")
    return redirect(url_for("meetings.minutes_edit", meeting_id=meeting_id) + "#tugas", code=303)


@bp.route("/tugas/<int:item_id>/selesai", methods=["POST"])
@member_required
def item_done(item_id: int):
    """Mark an action item done (or open again); htmx swaps just that item."""
    item = get_or_404(ActionItem, item_id, can=can_finish_action_item, options=_ITEM_SHOWN)
    minutes.set_done(current_user, item, request.form.get("done") != "0")
    if is_fragment_request():
        return make_response(
            render_template(
                "meetings/_item.html",
                item=item,
                today=today_wib(),
                place=request.form.get("place", "mine"),
                back=request.form.get("next", ""),
            )
        )
    if item.done_at:
        flash(_("Tugas ditandai selesai."), "success")
    back = safe_next(request.form.get("next"), url_for("meetings.my_items"))
    return redirect(back, code=303)


@bp.route("/tugas")
@member_required
def my_items():
    """My action items (and my organisations'), open ones first by due date."""
    show = "selesai" if request.args.get("tampil") == "selesai" else "terbuka"
    page = minutes.my_items_page(current_user, show, page_number())
    return render_template("meetings/my_items.html", page=page, show=show, today=today_wib())
