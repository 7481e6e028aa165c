"""Calendars, parsed with a real iCalendar parser; the secret feed; the WhatsApp link."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from icalendar import Calendar
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import JAKARTA
from portal.meetings import services
from portal.models import CalendarFeed, Meeting, User

from . import factories as mf


def events(body: bytes) -> tuple[Calendar, list]:
    calendar = Calendar.from_ical(body)
    return calendar, list(calendar.walk("VEVENT"))


def test_meeting_ics_carries_the_jakarta_zone_and_sequence(app, world, login_as, rakor):
    client = login_as("member")
    response = client.get(f"/rapat/{rakor.id}/rapat.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar, [event] = events(response.data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    assert event["DTSTART"].params["TZID"] == "Asia/Jakarta"
    with app.app_context():
        meeting = db.session.get(Meeting, rakor.id)
        starts = meeting.starts_at.astimezone(JAKARTA)
    start = event.decoded("DTSTART")
    assert start == starts and start.utcoffset() == timedelta(hours=7)
    assert start.replace(tzinfo=None) == starts.replace(tzinfo=None)  # wall-clock WIB
    assert int(event["SEQUENCE"]) == 0 and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == "Aula Dinas Sosial"
    assert str(event["UID"]) == f"rapat-{rakor.id}@simpul-19.06"
    assert f"/rapat/{rakor.id}" in str(event["URL"])


def test_changes_and_cancellation_raise_the_sequence_in_the_feed(app, world, login_as):
    with app.test_request_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=2))
        meeting_id, uid = meeting.id, f"rapat-{meeting.id}@simpul-19.06"
    member = login_as("member")
    assert member.post_form("/rapat/kalender").status_code == 303
    url = _feed_url(member)

    feed = login_as("anonymous").get(url)  # calendar apps carry no cookie
    assert feed.status_code == 200 and "inline" in feed.headers["Content-Disposition"]
    _calendar, [event] = events(feed.data)
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 0

    with app.test_request_context():
        later = mf.plan([world.org_a], starts_in=timedelta(days=3), title="Rakor Tagana (diundur)")
        coordinator = db.session.get(User, world.ids["coordinator"])
        services.change(coordinator, db.session.get(Meeting, meeting_id), later)
        db.session.commit()
    _calendar, [event] = events(login_as("anonymous").get(url).data)
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == later.starts_at
    assert str(event["SUMMARY"]) == "Rakor Tagana (diundur)"

    login_as("coordinator").post_form(f"/rapat/{meeting_id}/batal", {"reason": "Banjir"})
    _calendar, [event] = events(login_as("anonymous").get(url).data)
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("DIBATALKAN:") and "Banjir" in str(event["DESCRIPTION"])


def _feed_url(client) -> str:
    html = client.get("/rapat/kalender").get_data(as_text=True)
    start = html.index('id="feed-url" type="text" value="') + len(
        'id="feed-url" type="text" value="'
    )
    url = html[start : html.index('"', start)].replace("&amp;", "&")
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_the_feed_is_secret_renewable_and_revocable(app, world, login_as, rakor):
    member = login_as("member")
    member.post_form("/rapat/kalender")
    first = _feed_url(member)
    token = parse_qs(urlsplit(first).query)["token"][0]
    with app.app_context():
        stored = db.session.scalar(select(CalendarFeed))
        assert token not in (stored.token_hash, stored.salt)  # only a hash and a salt are kept
    anonymous = login_as("anonymous")
    assert anonymous.get(first).status_code == 200

    member.post_form("/rapat/kalender")  # renew
    second = _feed_url(member)
    assert second != first
    assert anonymous.get(first).status_code == 404 and anonymous.get(second).status_code == 200

    member.post_form("/rapat/kalender/cabut")
    assert anonymous.get(second).status_code == 404
    assert "Buat alamat kalender" in member.get("/rapat/kalender").get_data(as_text=True)


def test_the_feed_lists_only_the_owners_meetings(app, world, login_as, rakor):
    with app.test_request_context():
        mf.meeting(world.ids["other_coordinator"], [world.org_b], title="Rakor PSM")
    member = login_as("member")
    member.post_form("/rapat/kalender")
    _calendar, found = events(login_as("anonymous").get(_feed_url(member)).data)
    assert [str(e["SUMMARY"]) for e in found] == ["Rakor Tagana"]


def test_whatsapp_link_prefills_the_invitation(app, world, login_as, rakor):
    html = login_as("member").get(f"/rapat/{rakor.id}").get_data(as_text=True)
    start = html.index('href="https://wa.me/?text=') + len('href="')
    link = html[start : html.index('"', start)].replace("&amp;", "&")
    text = parse_qs(urlsplit(link).query)["text"][0]
    lines = text.splitlines()
    assert lines[0] == "Undangan Rapat koordinasi (rakor)" and lines[1] == "*Rakor Tagana*"
    assert lines[2].startswith("Hari/tanggal: ") and lines[3].endswith(" WIB")
    assert lines[4] == "Tempat: Aula Dinas Sosial"
    assert lines[5] == f"https://localhost/rapat/{rakor.id}"


def test_the_feed_ends_with_a_deactivation_and_stays_ended(app, world, login_as, rakor):
    member = login_as("member")
    member.post_form("/rapat/kalender")
    url = _feed_url(member)
    anonymous = login_as("anonymous")
    assert anonymous.get(url).status_code == 200
    admin = login_as("admin")
    status = f"/admin/pengguna/{world.ids['member']}/status"
    assert admin.post_form(status, {"deactivate": "1"}).status_code == 303
    assert anonymous.get(url).status_code == 404
    assert admin.post_form(status, {"deactivate": "0"}).status_code == 303
    assert anonymous.get(url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed)) is None
