"""What invitees are told, as in-app notices, and the links those notices carry."""

from flask import current_app, has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from ..i18n import datetime_wib
from ..models import Meeting
from .labels import kind_short


def meeting_path(meeting: Meeting, endpoint: str = "meetings.detail") -> str:
    """The meeting's path, also outside a request (a membership approved from the CLI)."""
    if has_request_context():
        return url_for(endpoint, meeting_id=meeting.id)
    return current_app.url_map.bind("localhost").build(endpoint, {"meeting_id": meeting.id})


def notice(meeting: Meeting, what: str) -> str:
    if has_request_context():
        return _notice_text(meeting, what)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return _notice_text(meeting, what)


def _notice_text(meeting: Meeting, what: str) -> str:
    values = {
        "kind": kind_short(meeting.kind),
        "title": meeting.title,
        "when": datetime_wib(meeting.starts_at),
        "venue": meeting.venue,
    }
    text = {
        "invited": _("Undangan %(kind)s: %(title)s, %(when)s, di %(venue)s.", **values),
        "changed": _("Jadwal rapat berubah: %(title)s, sekarang %(when)s, di %(venue)s.", **values),
        "cancelled": _("Rapat dibatalkan: %(title)s (%(when)s).", **values),
    }[what]
    return text[:500]
