"""Scheduling rules: who is invited, clashes, changes, cancellation, answers, new members."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.meetings import invitations, services
from portal.models import AuditEvent, Invitation, Meeting, Membership, Notice, Organisation, User
from portal.models.organisations import PENDING, SUSPENDED
from portal.organisations import services as organisation_services
from tests.helpers import notice_texts

from .. import factories
from . import factories as mf


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _user(world, role) -> User:
    return db.session.get(User, world.ids[role])


def test_schedule_invites_every_active_member_once(req, world):
    org_a = db.session.get(Organisation, world.org_a)
    org_b = db.session.get(Organisation, world.org_b)
    both = factories.member(org_a, "Di Dua Organisasi")
    db.session.add(Membership(user_id=both.id, organisation_id=org_b.id, status="active"))
    factories.member(org_a, "Ditangguhkan", status=SUSPENDED)
    factories.member(org_a, "Akun Nonaktif", is_deactivated=True)
    db.session.commit()

    meeting = mf.meeting(world.ids["coordinator"], [world.org_a, world.org_b])

    invited = set(
        db.session.scalars(select(Invitation.user_id).where(Invitation.meeting_id == meeting.id))
    )
    expected = {
        world.ids["member"],
        world.ids["coordinator"],
        world.ids["other_coordinator"],
        both.id,
    }
    assert invited == expected  # not the pending applicant, suspended or deactivated
    assert _count(Notice, Notice.user_id.in_(expected)) == len(expected)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.scheduled"))
    assert event.detail["invitations"] == 4 and event.actor_id == world.ids["coordinator"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hours": -1}, "ends_at", "Waktu selesai harus sesudah waktu mulai."),
        ({"starts_in": timedelta(hours=-2)}, "starts_at", "Waktu mulai sudah lewat."),
        ({"hours": 24 * 15}, "ends_at", "paling lama 14 hari"),
    ],
)
def test_schedule_refuses_bad_times_and_writes_nothing(req, world, change, field, message):
    plan = mf.plan([world.org_a], **change)
    with pytest.raises(services.MeetingError) as caught:
        services.schedule(_user(world, "coordinator"), plan)
    assert caught.value.field == field and message in str(caught.value)
    db.session.rollback()
    assert _count(Meeting) == 0 and _count(Invitation) == 0 and _count(Notice) == 0


def test_clashes_same_venue_or_shared_organisation_overlapping(req, world):
    base = mf.meeting(world.ids["coordinator"], [world.org_a], venue="Aula Dinas Sosial")
    starts, ends = base.starts_at, base.ends_at

    venue = services.clashes(
        starts + timedelta(hours=1), ends, "  aula  DINAS sosial ", [world.org_b]
    )
    assert [(c.meeting.id, c.same_venue, c.organisations) for c in venue] == [(base.id, True, [])]

    org = services.clashes(starts, ends, "Kantor Camat Gantung", [world.org_a, world.org_b])
    assert [(c.meeting.id, c.same_venue, c.organisations) for c in org] == [
        (base.id, False, ["Tagana Uji A"])
    ]
    # Back to back is no clash; neither is another place with other people, nor itself.
    assert (
        services.clashes(ends, ends + timedelta(hours=1), "Aula Dinas Sosial", [world.org_a]) == []
    )
    assert services.clashes(starts, ends, "Balai Desa", [world.org_b]) == []
    assert services.clashes(starts, ends, "Aula Dinas Sosial", [world.org_a], base.id) == []


def test_cancelled_meetings_do_not_clash(req, world):
    base = mf.meeting(world.ids["coordinator"], [world.org_a])
    services.cancel(_user(world, "coordinator"), base, None)
    assert services.clashes(base.starts_at, base.ends_at, base.venue, [world.org_a]) == []


def test_reschedule_raises_sequence_keeps_old_time_and_tells_invitees(req, world):
    meeting = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=2))
    old_start = meeting.starts_at
    db.session.execute(db.delete(Notice))
    db.session.commit()
    plan = mf.plan([world.org_a], starts_in=timedelta(days=3), change_note="Bentrok dengan apel")

    services.change(_user(world, "coordinator"), meeting, plan)

    assert meeting.sequence == 1 and meeting.previous_starts_at == old_start
    assert meeting.starts_at == plan.starts_at and meeting.change_note == "Bentrok dengan apel"
    texts = notice_texts()
    assert len(texts) == 2 and all(t.startswith("Jadwal rapat berubah") for t in texts)


def test_change_of_invited_organisations_invites_and_uninvites(req, world):
    meeting = mf.meeting(world.ids["coordinator"], [world.org_a, world.org_b], organisation_id=None)
    admin = _user(world, "admin")
    # The coordinator of B also joins A: dropping B must keep (and move) their invitation.
    db.session.add(
        Membership(
            user_id=world.ids["other_coordinator"], organisation_id=world.org_a, status="active"
        )
    )
    org_b = db.session.get(Organisation, world.org_b)
    only_b = factories.member(org_b, "Hanya di B")
    db.session.commit()
    assert invitations.invite_members(meeting, [world.org_b]) == [only_b.id]
    db.session.commit()

    same_time = {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at}
    services.change(admin, meeting, mf.plan([world.org_a], organisation_id=None, **same_time))

    rows = dict(
        db.session.execute(
            select(Invitation.user_id, Invitation.organisation_id).where(
                Invitation.meeting_id == meeting.id
            )
        ).all()
    )
    assert only_b.id not in rows
    assert rows[world.ids["other_coordinator"]] == world.org_a
    assert meeting.sequence == 0  # the invitees changed, not the event


def test_no_change_once_started_and_no_cancel_once_over(req, world):
    started = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(minutes=-10))
    coordinator = _user(world, "coordinator")
    with pytest.raises(services.MeetingError, match="sudah dimulai"):
        services.change(coordinator, started, mf.plan([world.org_a], starts_in=timedelta(days=1)))
    db.session.rollback()
    with pytest.raises(services.MeetingError, match="sudah selesai"):
        services.cancel(coordinator, started, None, now=started.ends_at + timedelta(minutes=1))
    db.session.rollback()
    assert started.sequence == 0 and started.status == "scheduled"


def test_cancel_raises_sequence_tells_everyone_once(req, world):
    meeting = mf.meeting(world.ids["coordinator"], [world.org_a])
    services.cancel(_user(world, "coordinator"), meeting, "Cuaca buruk")
    assert (meeting.status, meeting.sequence, meeting.change_note) == (
        "cancelled",
        1,
        "Cuaca buruk",
    )
    cancelled = notice_texts(Notice.kind == "meeting.cancelled")
    assert len(cancelled) == 2 and all(t.startswith("Rapat dibatalkan: ") for t in cancelled)
    with pytest.raises(services.MeetingError, match="sudah dibatalkan"):
        services.cancel(_user(world, "coordinator"), meeting, None)


def test_answer_until_the_start_only(req, world):
    meeting = mf.meeting(world.ids["coordinator"], [world.org_a])
    invitation = mf.invitation(meeting.id, world.ids["member"])
    services.answer(invitation, meeting, "maybe", "Masih di laut")
    assert (invitation.rsvp, invitation.rsvp_note) == ("maybe", "Masih di laut")
    services.answer(invitation, meeting, "yes", None)
    db.session.commit()  # as the request would
    assert (invitation.rsvp, invitation.rsvp_note) == ("yes", None)

    with pytest.raises(services.MeetingError, match="sudah dimulai"):
        services.answer(invitation, meeting, "no", None, now=meeting.starts_at)
    db.session.rollback()
    assert mf.invitation(meeting.id, world.ids["member"]).rsvp == "yes"


def test_a_member_approved_before_the_start_is_invited(req, world):
    upcoming = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=1))
    running = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(minutes=-5))
    other_org = mf.meeting(
        world.ids["other_coordinator"], [world.org_b], starts_in=timedelta(days=1)
    )
    membership = db.session.get(Membership, world.memberships["pending"])
    assert membership.status == PENDING

    organisation_services.decide(_user(world, "coordinator"), membership, "approve")

    invited = set(
        db.session.scalars(
            select(Invitation.meeting_id).where(Invitation.user_id == world.ids["pending"])
        )
    )
    assert invited == {upcoming.id}
    assert running.id not in invited and other_org.id not in invited
    (invitation_notice,) = notice_texts(
        Notice.user_id == world.ids["pending"], Notice.kind == "meeting.invited"
    )
    assert invitation_notice.startswith("Undangan Rakor: ")


def test_the_signal_adds_nothing_when_the_approval_rolls_back(req, world):
    mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=1))
    membership = db.session.get(Membership, world.memberships["pending"])
    membership.status = "active"
    invitations.invite_new_member(None, membership=membership)
    db.session.rollback()  # the sender's transaction failed: nothing of ours stays
    assert _count(Invitation, Invitation.user_id == world.ids["pending"]) == 0


def test_notice_outside_a_request(app, world):
    """The CLI or a signal may schedule or invite without a request: read in the default
    locale."""
    with app.app_context():
        mf.meeting(world.ids["coordinator"], [world.org_a])
        (text,) = notice_texts(Notice.user_id == world.ids["member"])
    assert text.startswith("Undangan Rakor: Rakor Tagana, ")
    assert text.endswith("WIB, di Aula Dinas Sosial.")
