"""What invitees are told, as in-app notices, and the links those notices carry."""

from datetime import datetime

from flask import current_app, has_request_context, url_for

from .. import notices
from ..i18n import N_, datetime_wib
from ..models import Meeting
from .labels import kind_short


def _when(value: str) -> str:
    return datetime_wib(datetime.fromisoformat(value))


INVITED = notices.kind(
    "meeting.invited",
    N_("Undangan %(kind)s: %(title)s, %(when)s, di %(venue)s."),
    kind=kind_short,
    when=_when,
)
CHANGED = notices.kind(
    "meeting.changed",
    N_("Jadwal rapat berubah: %(title)s, sekarang %(when)s, di %(venue)s."),
    when=_when,
)
CANCELLED = notices.kind(
    "meeting.cancelled", N_("Rapat dibatalkan: %(title)s (%(when)s)."), when=_when
)
MINUTES_PUBLISHED = notices.kind(
    "meeting.minutes_published", N_("Notulen rapat %(title)s sudah terbit.")
)
TASK_ASSIGNED = notices.kind(
    "meeting.task_assigned", N_("Tugas baru dari rapat %(title)s: %(text)s")
)


def meeting_path(meeting: Meeting, endpoint: str = "meetings.detail") -> str:
    """The meeting's path, also outside a request (a membership approved from the CLI)."""
    if has_request_context():
        return url_for(endpoint, meeting_id=meeting.id)
    return current_app.url_map.bind("localhost").build(endpoint, {"meeting_id": meeting.id})


def tell(user_ids, meeting: Meeting, kind: str, anchor: str = "", **params) -> int:
    """Tell these people about the meeting, linking to its page (at anchor)."""
    return notices.notify_many(
        user_ids,
        kind,
        meeting_path(meeting) + anchor,
        kind=meeting.kind,
        title=meeting.title,
        when=meeting.starts_at,
        venue=meeting.venue,
        **params,
    )
