"""Status changes two people make at once are decided once (database.transition), on
SQLite and on PostgreSQL, with real threads.

Each pair of requests is held at database.transition until both have read the old status,
so the two always race for the same row: exactly one wins, the other is told plainly.
"""

import contextlib
import threading

import pytest
from sqlalchemy import func, select

from portal import database
from portal.extensions import db
from portal.models import AuditEvent, DeletionRequest, Meeting, Membership, MonthlyReport, Notice
from portal.models.activities import RETURNED, SUBMITTED, VERIFIED

from ..activities import factories as af
from ..factories import PASSWORD
from ..meetings import factories as mf

ALREADY_REVIEWED = "Laporan ini sudah diperiksa oleh orang lain; muat ulang halaman."


def at_once(monkeypatch, *requests):
    """Run each request in its own thread, all of them past their reads before any writes."""
    barrier = threading.Barrier(len(requests), timeout=10)
    real = database.transition

    def synced(*args, **kwargs):
        # A request that stopped before its transition breaks the barrier; go on then.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(database, "transition", synced)
    results = [None] * len(requests)

    def run(index, make_request):
        results[index] = make_request()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    monkeypatch.setattr(database, "transition", real)
    return results


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _flash(client, response) -> str:
    assert response.status_code == 303, response.status_code
    return client.get(response.location).get_data(as_text=True)


@pytest.fixture
def submitted(app, world):
    """The member's report of this month, submitted, with one activity in it."""
    with app.app_context():
        af.activity(world.ids["member"], world.org_a)
        mid = af.membership_id(world.ids["member"], world.org_a)
        month = af.this_month()
        af.report(world.ids["member"], world.org_a, af.months.current(), SUBMITTED)
        db.session.commit()
    return f"/laporan/{mid}/{month}"


@pytest.mark.parametrize(
    ("first", "second"), [("verify", "return"), ("return", "verify"), ("verify", "verify")]
)
def test_two_reviews_at_once_decide_the_report_once(
    app, world, login_as, monkeypatch, submitted, first, second
):
    admin, coordinator = login_as("admin"), login_as("coordinator")
    tokens = [c.csrf_token(submitted) for c in (admin, coordinator)]

    def review(client, token, action):
        data = {"action": action, "note": "Lengkapi foto.", "csrf_token": token}
        return lambda: client.post(submitted + "/tinjau", data=data)

    responses = at_once(
        monkeypatch,
        review(admin, tokens[0], first),
        review(coordinator, tokens[1], second),
    )
    pages = [_flash(c, r) for c, r in zip((admin, coordinator), responses, strict=True)]
    lost = [ALREADY_REVIEWED in page for page in pages]
    assert sorted(lost) == [False, True]  # exactly one of the two lost, and was told so
    winner = (first, second)[lost.index(False)]
    reviews = AuditEvent.action.in_(["report.verified", "report.returned"])
    assert _count(app, AuditEvent, reviews) == 1
    assert _count(app, Notice, Notice.user_id == world.ids["member"]) == 1
    with app.app_context():
        report = db.session.scalar(select(MonthlyReport))
        assert report.status == (VERIFIED if winner == "verify" else RETURNED)
        assert report.reviewer_id == world.ids["admin" if not lost[0] else "coordinator"]


def test_a_stale_review_page_says_someone_else_reviewed_it(app, world, login_as, submitted):
    login_as("admin").post_form(submitted + "/tinjau", {"action": "verify"})
    coordinator = login_as("coordinator")
    response = coordinator.post_form(submitted + "/tinjau", {"action": "return", "note": "x"})
    assert ALREADY_REVIEWED in _flash(coordinator, response)
    assert _count(app, Notice, Notice.user_id == world.ids["member"]) == 1


def test_two_coordinators_decide_an_applicant_once(app, world, login_as, monkeypatch):
    path = f"/organisasi/keanggotaan/{world.memberships['pending']}/keputusan"
    admin, coordinator = login_as("admin"), login_as("coordinator")
    tokens = [c.csrf_token("/organisasi/pendaftar") for c in (admin, coordinator)]

    def decide(client, token, action):
        return lambda: client.post(path, data={"action": action, "csrf_token": token})

    responses = at_once(
        monkeypatch, decide(admin, tokens[0], "approve"), decide(coordinator, tokens[1], "reject")
    )
    pages = [_flash(c, r) for c, r in zip((admin, coordinator), responses, strict=True)]
    told = ["sudah diputuskan oleh orang lain" in page for page in pages]
    assert sorted(told) == [False, True]
    decisions = AuditEvent.action.in_(["membership.approved", "membership.rejected"])
    assert _count(app, AuditEvent, decisions) == 1
    assert _count(app, Notice, Notice.user_id == world.ids["pending"]) == 1
    with app.app_context():
        status = db.session.get(Membership, world.memberships["pending"]).status
        assert status == ("active" if not told[0] else "rejected")


def test_a_meeting_cancelled_twice_at_once_is_cancelled_once(app, world, login_as, monkeypatch):
    with app.app_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a])
        meeting_id, sequence = meeting.id, meeting.sequence
    path = f"/rapat/{meeting_id}/batal"
    admin, coordinator = login_as("admin"), login_as("coordinator")
    tokens = [c.csrf_token(f"/rapat/{meeting_id}") for c in (admin, coordinator)]

    def cancel(client, token):
        return lambda: client.post(path, data={"reason": "Cuaca buruk", "csrf_token": token})

    responses = at_once(monkeypatch, cancel(admin, tokens[0]), cancel(coordinator, tokens[1]))
    assert [r.status_code for r in responses].count(303) >= 1
    assert _count(app, AuditEvent, AuditEvent.action == "meeting.cancelled") == 1
    cancelled_notices = Notice.kind == "meeting.cancelled"
    assert _count(app, Notice, cancelled_notices, Notice.user_id == world.ids["member"]) == 1
    with app.app_context():
        assert db.session.get(Meeting, meeting_id).sequence == sequence + 1


def test_a_deletion_cancelled_while_the_admin_completes_it_is_decided_once(
    app, world, login_as, monkeypatch
):
    member, admin = login_as("member"), login_as("admin")
    member.post_form("/akun/hapus", {"reason": "Pindah", "password": PASSWORD, "confirm": "y"})
    with app.app_context():
        request_id = db.session.scalar(select(DeletionRequest.id))
    member_token = member.csrf_token("/akun/hapus")
    admin_token = admin.csrf_token(f"/admin/permintaan-hapus/{request_id}")
    responses = at_once(
        monkeypatch,
        lambda: member.post("/akun/hapus/batal", data={"csrf_token": member_token}),
        lambda: admin.post(
            f"/admin/permintaan-hapus/{request_id}",
            data={"confirm": "y", "csrf_token": admin_token},
        ),
    )
    assert [r.status_code for r in responses] == [303, 303]
    outcomes = AuditEvent.action.in_(["account.deletion_cancelled", "account.erased"])
    assert _count(app, AuditEvent, outcomes) == 1
    erased = _count(app, AuditEvent, AuditEvent.action == "account.erased")
    with app.app_context():
        status = db.session.get(DeletionRequest, request_id).status
    assert status == ("completed" if erased else "cancelled")
