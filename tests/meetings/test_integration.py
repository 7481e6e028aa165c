"""Fixed query counts, the home panels, the member summary and the personal-data export."""

from datetime import date, timedelta

from sqlalchemy import select

from portal import panels, personal_data
from portal.extensions import db
from portal.i18n import now_utc, to_wib
from portal.meetings import invitations, minutes
from portal.models import Invitation, Meeting, Membership, Organisation, User

from .. import factories
from . import factories as mf

# SELECTs for the meeting page, the same for 3 or 60 invitees and 1 or 12 action items:
# the log-in session, the user, their memberships (3, every page); the meeting with its area,
# organiser and minutes; its invited organisations; my invitation; the action items; and
# for the organiser the answer and attendance counts.
# One of these is the unread-notice count in the menu.
# The session row brings its user and memberships in one query (was 8 and 9).
MEETING_PAGE_QUERIES = {"member": 5, "coordinator": 7}


def _grow(app, world, meeting_id, people: int, items: int) -> None:
    with app.test_request_context():
        org = db.session.get(Organisation, world.org_a)
        for n in range(people):
            factories.member(org, f"Relawan {n}")
        meeting = db.session.get(Meeting, meeting_id)
        invitations.invite_members(meeting, [world.org_a])
        db.session.commit()
        coordinator = db.session.get(User, world.ids["coordinator"])
        minutes.save_minutes(coordinator, meeting, "Isi", "", False)
        minutes.save_minutes(coordinator, meeting, "Isi", "", True, now=meeting.starts_at)
        invitees = db.session.scalars(
            select(User)
            .join(Invitation, Invitation.user_id == User.id)
            .where(Invitation.meeting_id == meeting_id)
        ).all()
        for n in range(items):
            minutes.add_action_item(
                coordinator,
                meeting,
                f"Tugas {n}",
                invitees[n % len(invitees)],
                to_wib(meeting.starts_at).date() + timedelta(days=n),
            )


def test_meeting_page_query_count_is_fixed(app, world, login_as, rakor, count_queries):
    path = f"/rapat/{rakor.id}"
    clients = {role: login_as(role) for role in MEETING_PAGE_QUERIES}
    _grow(app, world, rakor.id, people=1, items=1)
    small = {role: count_queries.get(c, path) for role, c in clients.items()}
    _grow(app, world, rakor.id, people=57, items=11)
    large = {role: count_queries.get(c, path) for role, c in clients.items()}
    assert small == large == MEETING_PAGE_QUERIES


def test_list_and_attendance_pages_do_not_grow_with_rows(app, world, login_as, count_queries):
    with app.test_request_context():
        for n in range(3):
            mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=n + 1))
    client = login_as("coordinator")
    few = count_queries.get(client, "/rapat/")
    with app.test_request_context():
        for n in range(12):
            mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=n + 5))
    assert count_queries.get(client, "/rapat/") == few
    assert count_queries.get(client, "/rapat/1/kehadiran") == count_queries.get(
        client, "/rapat/4/kehadiran"
    )


def test_home_panels_for_members_only(app, world, login_as, rakor):
    home = login_as("member").get("/").get_data(as_text=True)
    assert "Rapat mendatang" in home and f'id="rsvp-{rakor.id}"' in home
    assert "Rapat mendatang" not in login_as("other_coordinator").get("/").get_data(as_text=True)
    assert "Rapat mendatang" not in login_as("pending").get("/").get_data(as_text=True)
    menu = login_as("member").get("/rapat/").get_data(as_text=True)
    assert 'href="/rapat/"' in menu and ">Rapat</a>" in menu


def test_member_summary_counts_attendance(app, world, rakor):
    with app.test_request_context():
        meeting = db.session.get(Meeting, rakor.id)
        mf.invitation(rakor.id, world.ids["member"]).attendance = "hadir"
        meeting.starts_at = now_utc() - timedelta(hours=3)
        meeting.ends_at = now_utc() - timedelta(hours=1)
        db.session.commit()
        membership = db.session.get(Membership, world.memberships["member"])
        # Activities and materials add their own blocks; this one is about attendance.
        [html] = [h for h in panels.member_summaries(membership) if "rapat" in h.lower()]
    assert "Kehadiran rapat (12 bulan terakhir)" in html
    assert "<strong>1</strong> hadir" in html and "<strong>1</strong> diundang" in html


def test_personal_data_export_and_erasure(app, world, login_as, rakor):
    member = login_as("member")
    member.post_form(f"/rapat/{rakor.id}/jawab", {"answer": "no", "note": "Sedang sakit"})
    member.post_form("/rapat/kalender")
    with app.test_request_context():
        user = db.session.get(User, world.ids["member"])
        coordinator = db.session.get(User, world.ids["coordinator"])
        meeting = db.session.get(Meeting, rakor.id)
        minutes.add_action_item(coordinator, meeting, "Lapor", user, date(2030, 1, 1))
        data = personal_data.collect(user)["meetings"]
        assert data["invitations"][0]["rsvp"] == "no"
        assert data["invitations"][0]["rsvp_note"] == "Sedang sakit"
        assert data["action_items"][0]["text"] == "Lapor"
        assert data["calendar_feed"] is not None

        personal_data.erase(user)
        db.session.commit()
        after = personal_data.collect(user)["meetings"]
        assert after["invitations"][0]["rsvp_note"] is None
        assert after["invitations"][0]["rsvp"] == "no"  # the count stays
        assert after["calendar_feed"] is None


def test_attendance_list_pages_through_a_big_meeting(app, world, login_as, rakor):
    with app.test_request_context():
        org = db.session.get(Organisation, world.org_a)
        for n in range(55):
            factories.member(org, f"Relawan {n:02d}")
        invitations.invite_members(db.session.get(Meeting, rakor.id), [world.org_a])
        db.session.commit()
    client = login_as("coordinator")
    first = client.get(f"/rapat/{rakor.id}/kehadiran").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and 'rel="next"' in first
    second = client.get(f"/rapat/{rakor.id}/kehadiran?page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in second and 'rel="prev"' in second
    assert second.count('class="card attendee"') == 57 - 50
    found = client.get(f"/rapat/{rakor.id}/kehadiran?q=relawan 07").get_data(as_text=True)
    assert found.count('class="card attendee"') == 1
