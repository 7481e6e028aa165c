"""Policy rows for meetings: every route, every role.

The meeting belongs to organisation A; its member and coordinator are invited, the
coordinator of B and the admin are not (the admin manages every meeting)."""

from datetime import date, datetime, timedelta

from flask import current_app

from portal.extensions import db
from portal.i18n import JAKARTA
from portal.meetings import attendance, calendar, minutes
from portal.models import Invitation, Meeting, User

from ..meetings import factories as mf
from .effects import exists
from .table import DENY, HIDDEN, LOGIN, OK, coordinators, member_area, own_org, public, row


def meeting_setup(world) -> dict:
    with current_app.test_request_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a])
        coordinator = db.session.get(User, world.ids["coordinator"])
        item = minutes.add_action_item(
            coordinator,
            meeting,
            "Kirim data posko",
            db.session.get(User, world.ids["member"]),
            date.today() + timedelta(days=7),
        )
        feed = calendar.renew_feed(db.session.get(User, world.ids["member"]))
        db.session.commit()  # as the requests that made them would
        return {
            "meeting": meeting.id,
            "token": attendance.current_code(meeting),
            "invitation": mf.invitation(meeting.id, world.ids["member"]).id,
            "item": item.id,
            "feed_token": calendar.feed_token(feed),
        }


def attended_setup(world) -> dict:
    """The meeting, with the member marked present (so they may count it as an activity)."""
    values = meeting_setup(world)
    invitation = db.session.get(Invitation, values["invitation"])
    invitation.attendance = "hadir"
    db.session.commit()
    return values


def invitees(method, path, *, other_coordinator=HIDDEN, admin=OK, **kw):
    """Those invited (member, coordinator of A) and the admin; B's coordinator gets 404."""
    return row(
        method,
        path,
        anonymous=LOGIN,
        pending=DENY,
        member=OK,
        other_coordinator=other_coordinator,
        coordinator=OK,
        admin=admin,
        setup=meeting_setup,
        **kw,
    )


def checkin(method, path, **kw):
    """A valid code: the invited check in; the uninvited are told so (403), not 404."""
    return invitees(method, path, other_coordinator=DENY, admin=DENY, **kw)


def organiser(method, path, **kw):
    return own_org(method, path, setup=meeting_setup, **kw)


def meeting_form(world, role) -> dict:
    """A rakor in two days, organised by (and for) the person's own organisation."""
    org_id = world.org_b if role == "other_coordinator" else world.org_a
    starts = datetime.now(JAKARTA).replace(second=0, microsecond=0) + timedelta(days=2)
    return {
        "title": "Rakor persiapan musim hujan",
        "kind": "rakor",
        "area": str(mf.area().id),
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "venue": "Aula Dinas Sosial",
        "agenda": "- Posko",
        "organisation": str(org_id),
        "organisations": [str(org_id)],
    }


M = "/rapat/{meeting}"
IN_A_WEEK = (date.today() + timedelta(days=7)).isoformat()

ROWS = [
    member_area("GET", "/rapat/"),
    member_area("GET", "/rapat/?tab=selesai"),
    coordinators("GET", "/rapat/baru"),
    coordinators(
        "POST",
        "/rapat/baru",
        data=meeting_form,
        effect=exists(Meeting, lambda w, r: (Meeting.created_by_id == w.ids[r],)),
    ),
    coordinators("GET", "/rapat/bentrok?starts_at=2030-01-01T09:00&ends_at=2030-01-01T11:00"),
    invitees("GET", M),
    invitees("GET", M + "/rapat.ics"),
    invitees("POST", M + "/jawab", data={"answer": "yes"}, admin=HIDDEN),
    organiser("GET", M + "/ubah"),
    organiser("POST", M + "/ubah", data=meeting_form),
    organiser("POST", M + "/batal", data={"reason": "Cuaca buruk"}),
    organiser("GET", M + "/kode"),
    organiser("GET", M + "/kode.svg"),
    organiser("POST", M + "/kode"),
    checkin("GET", M + "/hadir?token={token}"),
    checkin("POST", M + "/hadir", data={"token": "{token}", "via": "qr"}),
    organiser("GET", M + "/kehadiran"),
    organiser("POST", M + "/kehadiran/{invitation}", data={"status": "izin"}),
    organiser("GET", M + "/hitungan"),
    organiser("GET", M + "/daftar-hadir"),
    organiser("POST", M + "/daftar-hadir.csv", status=200),
    organiser("POST", M + "/daftar-hadir.xlsx", status=200),
    organiser("GET", M + "/notulen"),
    organiser("POST", M + "/notulen", data={"body": "Catatan", "publish": "0"}),
    organiser(
        "POST",
        M + "/tugas",
        data={"text": "Kirim foto posko", "assignee": "user:{user_member}", "due_on": IN_A_WEEK},
    ),
    # Without confirm=hapus nothing is deleted, so every role meets the same item.
    organiser("POST", "/rapat/tugas/{item}/hapus"),
    invitees("POST", "/rapat/tugas/{item}/selesai", data={"done": "1"}),
    member_area("GET", "/rapat/tugas"),
    member_area("GET", "/rapat/kalender"),
    member_area("POST", "/rapat/kalender"),
    member_area("POST", "/rapat/kalender/cabut"),
    # The feed's secret token is its only key: no log-in, and a wrong token is a 404.
    public("GET", "/rapat/kalender.ics?token={feed_token}", setup=meeting_setup),
    row(
        "GET",
        "/rapat/kalender.ics?token=salah",
        anonymous=HIDDEN,
        pending=HIDDEN,
        member=HIDDEN,
        other_coordinator=HIDDEN,
        coordinator=HIDDEN,
        admin=HIDDEN,
    ),
    # Only a person marked present may count the meeting: everyone else gets 404.
    row(
        "POST",
        M + "/catat-kegiatan",
        anonymous=LOGIN,
        pending=DENY,
        member=HIDDEN,
        other_coordinator=HIDDEN,
        coordinator=HIDDEN,
        admin=HIDDEN,
        setup=meeting_setup,
    ),
    row(
        "POST",
        M + "/catat-kegiatan",
        anonymous=LOGIN,
        pending=DENY,
        member=OK,
        other_coordinator=HIDDEN,
        coordinator=HIDDEN,
        admin=HIDDEN,
        setup=attended_setup,
    ),
]
