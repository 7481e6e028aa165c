"""A coordinator decides on their own organisation's people, never another's."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Membership, Notice, Organisation
from portal.organisations import services
from portal.signals import membership_activated
from tests.helpers import notice_texts

from .. import factories


def _decide(client, membership_id, action, note=""):
    return client.post_form(
        f"/organisasi/keanggotaan/{membership_id}/keputusan",
        {"action": action, "note": note},
        token_from="/organisasi/pendaftar",
    )


def _membership(app, membership_id):
    with app.app_context():
        m = db.session.get(Membership, membership_id)
        return m.status, m.decision_note, m.decided_by_id, m.joined_on


def test_coordinator_sees_only_own_applicants(app, world, login_as):
    with app.app_context():
        org_b = db.session.get(Organisation, world.org_b)
        factories.member(org_b, "Pelamar Organisasi B", status="pending")
        db.session.commit()
    html = login_as("coordinator").get("/organisasi/pendaftar").get_data(as_text=True)
    assert "Pendaftar Uji" in html and "Pelamar Organisasi B" not in html
    html = login_as("admin").get("/organisasi/pendaftar").get_data(as_text=True)
    assert "Pendaftar Uji" in html and "Pelamar Organisasi B" in html


def test_approve_with_note_notifies_and_audits(app, world, login_as):
    response = _decide(
        login_as("coordinator"), world.memberships["pending"], "approve", "Selamat datang di Tagana"
    )
    assert response.status_code == 303
    status, note, decided_by, joined = _membership(app, world.memberships["pending"])
    assert (status, note, decided_by) == (
        "active",
        "Selamat datang di Tagana",
        world.ids["coordinator"],
    )
    assert joined is not None
    with app.app_context():
        (text,) = notice_texts(Notice.user_id == world.ids["pending"])
        assert "disetujui" in text and "Catatan koordinator: Selamat datang di Tagana" in text
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "membership.approved")
        )
        assert event.actor_id == world.ids["coordinator"]
        assert event.subject_user_id == world.ids["pending"]
    # At their next visit the person sees the notice and the member area opens.
    applicant = login_as("pending")
    assert "Selamat datang di Tagana" in applicant.get("/").get_data(as_text=True)
    assert applicant.get("/akun/").status_code == 200


def test_reject_then_no_second_decision(app, world, login_as):
    client = login_as("coordinator")
    assert (
        _decide(client, world.memberships["pending"], "reject", "Data belum lengkap").status_code
        == 303
    )
    assert _membership(app, world.memberships["pending"])[0] == "rejected"
    response = _decide(client, world.memberships["pending"], "approve")
    assert response.status_code == 303
    assert _membership(app, world.memberships["pending"])[0] == "rejected"


def test_suspend_and_reinstate(app, world, login_as):
    client = login_as("coordinator")
    _decide(client, world.memberships["member"], "suspend", "Tidak aktif 6 bulan")
    assert _membership(app, world.memberships["member"])[0] == "suspended"
    assert login_as("member").get("/organisasi/pendaftar").status_code == 403
    _decide(client, world.memberships["member"], "reinstate")
    assert _membership(app, world.memberships["member"])[0] == "active"
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"membership.suspended", "membership.reinstated"} <= actions


def test_coordinator_cannot_suspend_a_fellow_coordinator(app, world, login_as):
    with app.app_context():
        org = db.session.get(Membership, world.memberships["coordinator"]).organisation
        second = factories.member(org, "Koordinator Kedua", role="coordinator")
        db.session.commit()
        second_membership = second.memberships[0].id
    _decide(login_as("coordinator"), second_membership, "suspend")
    assert _membership(app, second_membership)[0] == "active"


def test_other_organisations_coordinator_gets_404_and_nothing_changes(app, world, login_as):
    response = _decide(login_as("other_coordinator"), world.memberships["pending"], "approve")
    assert response.status_code == 404
    assert _membership(app, world.memberships["pending"])[0] == "pending"
    response = login_as("other_coordinator").get(f"/organisasi/{world.org_a}/anggota")
    assert response.status_code == 404


def test_unknown_action_changes_nothing(app, world, login_as):
    _decide(login_as("coordinator"), world.memberships["pending"], "promote")
    assert _membership(app, world.memberships["pending"])[0] == "pending"


def test_activation_signal_is_sent_inside_the_transaction(app, world):
    seen = []

    def receiver(sender, membership):
        seen.append(membership.id)

    membership_activated.connect(receiver)
    try:
        with app.test_request_context():
            from portal.models import User

            coordinator = db.session.get(User, world.ids["coordinator"])
            membership = db.session.get(Membership, world.memberships["pending"])
            services.decide(coordinator, membership, "approve")
    finally:
        membership_activated.disconnect(receiver)
    assert seen == [world.memberships["pending"]]


def test_member_list_filters_by_status(app, world, login_as):
    client = login_as("coordinator")
    html = client.get(f"/organisasi/{world.org_a}/anggota?status=pending").get_data(as_text=True)
    assert "Pendaftar Uji" in html and "Anggota Uji" not in html
