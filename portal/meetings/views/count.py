"""'Count it': add a meeting one attended to one's activities for the month, once."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...security import found_or_404, member_required
from ...security.meetings import can_count_as_activity, meeting_to_see_or_404
from .. import bp, counting
from ..services import MeetingError


@bp.route("/<int:meeting_id>/catat-kegiatan", methods=["POST"])
@member_required
def count_as_activity(meeting_id: int):
    """Record the attended meeting as one "Menghadiri rapat" activity; a second tap adds none."""
    meeting, invitation = meeting_to_see_or_404(meeting_id)
    found_or_404(invitation, can_count_as_activity)
    back = url_for("meetings.detail", meeting_id=meeting.id)
    try:
        activity = counting.count_as_activity(current_user, invitation)
    except MeetingError as exc:
        flash(str(exc), "error")
        return redirect(back, code=303)
    flash(_("Rapat ini tercatat sebagai kegiatan Anda."), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id), code=303)
