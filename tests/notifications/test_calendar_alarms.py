"""The .ics files and the feed remind a day and an hour before, and ask to be refreshed."""

import re
from datetime import timedelta

from icalendar import Calendar

from ..meetings import factories as mf


def _alarms(event) -> list[timedelta]:
    return sorted(a.decoded("TRIGGER") for a in event.walk("VALARM"))


def _feed_path(client) -> str:
    client.post_form("/rapat/kalender")
    html = client.get("/rapat/kalender").get_data(as_text=True)
    url = re.search(r'id="feed-url" type="text" value="([^"]+)"', html).group(1)
    return url.replace("&amp;", "&").removeprefix("https://localhost")


def test_the_ics_and_the_feed_carry_two_alarms_and_a_refresh_interval(app, world, login_as):
    with app.app_context():
        meeting_id = mf.meeting(world.ids["coordinator"], [world.org_a]).id
    member = login_as("member")
    bodies = [
        member.get(f"/rapat/{meeting_id}/rapat.ics").data,
        login_as("anonymous").get(_feed_path(member)).data,
    ]
    for body in bodies:
        calendar = Calendar.from_ical(body)
        [event] = calendar.walk("VEVENT")
        assert _alarms(event) == [-timedelta(days=1), -timedelta(hours=1)]
        assert {str(a["ACTION"]) for a in event.walk("VALARM")} == {"DISPLAY"}
        assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
        assert b"X-PUBLISHED-TTL:PT1H" in body


def test_the_report_page_shows_the_due_date(app, world, login_as):
    from portal import months
    from portal.i18n import long_date

    with app.app_context():
        month = months.current()
    html = (
        login_as("member")
        .get(f"/laporan/{world.memberships['member']}/{months.to_param(month)}")
        .get_data(as_text=True)
    )
    with app.test_request_context():
        due = long_date(months.report_due_on(month))
        assert months.report_due_on(month).day == app.config["REPORT_DUE_DAY"]
    assert f"Batas pengiriman: {due}." in html
