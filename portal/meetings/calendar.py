"""Sharing a meeting: .ics files, the personal calendar feed, the WhatsApp invitation."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit, codes, whatsapp
from ..extensions import db
from ..i18n import long_date, now_utc, time_wib, to_wib
from ..models import CalendarFeed, Invitation, Meeting, User
from ..text import plain_text
from .labels import kind_label

if TYPE_CHECKING:
    from icalendar import Event

FEED_PAST = timedelta(days=90)
FEED_LIMIT = 500
# Calendar apps remind a day and an hour before, as the portal's own reminders do, and
# fetch the feed again every hour (changes and cancellations reach them the same day).
ALARMS = (timedelta(days=1), timedelta(hours=1))
REFRESH = timedelta(hours=1)


def time_range(meeting: Meeting) -> str:
    """'09.00–11.00 WIB' on one day; with both dates when it spans days."""
    start, end = to_wib(meeting.starts_at), to_wib(meeting.ends_at)
    if start.date() == end.date():
        return f"{time_wib(start).removesuffix(' WIB')}–{time_wib(end)}"
    return f"{time_wib(start)} – {long_date(end)}, {time_wib(end)}"


def _event(meeting: Meeting, url: str, host: str, stamp: datetime) -> "Event":
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", f"rapat-{meeting.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("created", meeting.created_at)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", to_wib(meeting.starts_at))
    event.add("dtend", to_wib(meeting.ends_at))
    event.add("sequence", meeting.sequence)
    title = meeting.title
    if meeting.is_cancelled:
        title = _("DIBATALKAN: %(title)s", title=title)
    event.add("summary", title)
    event.add("location", meeting.venue)
    description = [kind_label(meeting.kind)]
    if meeting.change_note:
        description.append(meeting.change_note)
    if meeting.agenda:
        description.append(plain_text(meeting.agenda))
    description.append(url)
    event.add("description", "\n\n".join(description))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if not meeting.is_cancelled:
        for before in ALARMS:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", -before)
            event.add_component(alarm)
    return event


def ics(meetings, url_of, host: str, name: str | None = None) -> bytes:
    """An iCalendar file with the Asia/Jakarta VTIMEZONE; url_of(meeting) -> its page.
    icalendar (3.2 MB) is imported here, by the requests that ask for a calendar."""
    from icalendar import Calendar, vDuration

    cal = Calendar()
    cal.add("prodid", "-//Simpul//Rapat//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Asia/Jakarta")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    stamp = now_utc()
    for meeting in meetings:
        cal.add_component(_event(meeting, url_of(meeting), host, stamp))
    cal.add_missing_timezones()
    return cal.to_ical()


def whatsapp_text(meeting: Meeting, url: str) -> str:
    lines = []
    if meeting.is_cancelled:
        lines.append(_("DIBATALKAN"))
    lines += [
        _("Undangan %(kind)s", kind=kind_label(meeting.kind)),
        f"*{meeting.title}*",
        _("Hari/tanggal: %(date)s", date=long_date(meeting.starts_at)),
        _("Pukul: %(time)s", time=time_range(meeting)),
        _("Tempat: %(venue)s", venue=meeting.venue),
        url,
    ]
    return "\n".join(lines)


def whatsapp_link(meeting: Meeting, url: str) -> str:
    """wa.me with no number: WhatsApp asks whom (or which group) to send it to."""
    return whatsapp.share_url(whatsapp_text(meeting, url))


# The personal feed: a secret, revocable URL.


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_token(feed: CalendarFeed) -> str:
    return codes.feed_token(feed.user_id, feed.salt)


def renew_feed(user: User) -> CalendarFeed:
    """A new secret address; the old one (if any) stops working at once."""
    feed = feed_of(user)
    renewed = feed is not None
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.salt = codes.new_salt()
    feed.token_hash = codes.token_hash(codes.feed_token(user.id, feed.salt))
    feed.created_at = now_utc()
    db.session.flush()
    audit.record(
        "meeting.calendar_feed_renewed" if renewed else "meeting.calendar_feed_created",
        actor=user,
        obj=feed,
        subject=user,
    )
    return feed


def revoke_feed(user: User) -> bool:
    feed = feed_of(user)
    if feed is None:
        return False
    audit.record("meeting.calendar_feed_revoked", actor=user, obj=feed, subject=user)
    db.session.delete(feed)
    return True


def end_feed_of_deactivated(admin: User, *, user: User) -> None:
    """signals.account_deactivated: the feed's address stops working, also after a
    reactivation (the person makes a new one)."""
    feed = feed_of(user)
    if feed is not None:
        audit.record("meeting.calendar_feed_revoked", actor=admin, obj=feed, subject=user)
        db.session.delete(feed)


def user_for_feed(token: str | None) -> User | None:
    """The owner of a feed token, if it is current and the account still active."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        select(CalendarFeed)
        .where(CalendarFeed.token_hash == codes.token_hash(token))
        .options(joinedload(CalendarFeed.user))
    )
    if feed is None or not codes.same(token, feed_token(feed)):
        return None  # e.g. the secret key changed since: the address is void
    return feed.user if feed.user.is_active else None


def feed_meetings(user: User, now: datetime | None = None) -> list[Meeting]:
    """The person's meetings from three months back on, cancelled ones included."""
    since = (now or now_utc()) - FEED_PAST
    return list(
        db.session.scalars(
            select(Meeting)
            .join(Invitation, Invitation.meeting_id == Meeting.id)
            .where(Invitation.user_id == user.id, Meeting.ends_at >= since)
            .order_by(Meeting.starts_at)
            .limit(FEED_LIMIT)
        )
    )
