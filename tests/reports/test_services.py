"""Monthly reports: submit, verify or return with a note, resubmit; lists, totals, overview."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import audit, months, notices
from portal.activities import totals
from portal.activities.totals import Scope
from portal.extensions import db
from portal.models import AuditEvent, Membership, Notice, User
from portal.models.activities import DRAFT, RETURNED, SUBMITTED, VERIFIED
from portal.models.organisations import LEFT
from portal.reports import listing, overview, services
from tests.helpers import notice_texts

from .. import factories
from ..activities import factories as af


@pytest.fixture
def month_of_member(req, world):
    """The member of org A with two activities this month; their membership and reviewers."""
    af.activity(world.ids["member"], world.org_a, minutes=90, people=5, ppks_codes=("ABT",))
    af.activity(
        world.ids["member"],
        world.org_a,
        minutes=30,
        people=2,
        ppks_codes=("ABT", "AT"),
        type_name="Piket posko",
    )
    db.session.commit()
    membership = db.session.get(Membership, af.membership_id(world.ids["member"], world.org_a))
    people = {role: db.session.get(User, uid) for role, uid in world.ids.items()}
    return membership, people


def actions() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("report.%"))
            .order_by(AuditEvent.id)
        )
    )


def test_submit_verify(month_of_member):
    membership, people = month_of_member
    month = months.current()
    report, changed = services.submit(people["member"], membership, month)
    assert changed and report.status == SUBMITTED and report.submitted_at
    assert services.submit(people["member"], membership, month) == (report, False)
    services.review(people["coordinator"], membership, month, "verify", None)
    assert report.status == VERIFIED and report.reviewer_id == people["coordinator"].id
    assert actions() == ["report.submitted", "report.verified"]
    assert notice_texts() == [f"Laporan {months.label(month)} Anda sudah diverifikasi."]


def test_return_with_a_note_then_resubmit(month_of_member):
    membership, people = month_of_member
    month = months.current()
    services.submit(people["member"], membership, month)
    report = services.review(people["admin"], membership, month, "return", "Foto kurang jelas")
    assert report.status == RETURNED and report.note == "Foto kurang jelas"
    notice = db.session.scalar(select(Notice).where(Notice.user_id == people["member"].id))
    assert notices.render(notice).endswith("dikembalikan: Foto kurang jelas")
    assert f"/{membership.id}/" in notice.link
    report, changed = services.submit(people["member"], membership, month)
    assert changed and report.status == SUBMITTED
    assert actions() == ["report.submitted", "report.returned", "report.submitted"]
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.detail["resubmitted"] is True and event.actor_id == people["member"].id


def test_a_month_after_this_one_cannot_be_submitted(month_of_member):
    membership, people = month_of_member
    with pytest.raises(services.ReportError, match="Bulan ini belum tiba"):
        services.submit(people["member"], membership, months.shift(months.current(), 1))


def test_only_a_submitted_report_is_reviewed(month_of_member):
    membership, people = month_of_member
    with pytest.raises(services.ReportError, match="tidak sedang menunggu"):
        services.review(people["coordinator"], membership, months.current(), "verify", None)


def test_nobody_verifies_their_own_report(req, world):
    af.activity(world.ids["coordinator"], world.org_a)
    db.session.commit()
    coordinator = db.session.get(User, world.ids["coordinator"])
    own = db.session.get(Membership, af.membership_id(coordinator.id, world.org_a))
    services.submit(coordinator, own, months.current())
    with pytest.raises(services.ReportError, match="koordinator lain"):
        services.review(coordinator, own, months.current(), "verify", None)


def test_an_empty_month_cannot_be_submitted(req, world):
    member = db.session.get(User, world.ids["member"])
    membership = db.session.get(Membership, af.membership_id(member.id, world.org_a))
    with pytest.raises(services.ReportError, match="Belum ada kegiatan"):
        services.submit(member, membership, months.current())
    assert services.find_report(member.id, world.org_a, months.current()) is None


def test_member_month_totals_by_type_and_ppks(month_of_member):
    membership, _people = month_of_member
    scope = services.member_scope(membership, months.current())
    assert totals.totals(scope) == totals.Totals(activities=2, minutes=120, people=7, members=1)
    assert {name: t.activities for name, t in totals.by_type(scope)} == {
        "Latihan": 1,
        "Piket posko": 1,
    }
    by_ppks = dict(totals.by_ppks(scope))
    assert by_ppks["Anak Balita Telantar"].activities == 2
    assert by_ppks["Anak Telantar"].people == 2


def test_organisation_month_lists_members_with_their_status(month_of_member, world):
    membership, people = month_of_member
    month = months.current()
    services.submit(people["member"], membership, month)
    page = listing.organisation_month(world.org_a, month, None, 1)
    rows = {m.user.full_name: (report, n) for m, report, n, _minutes, _people in page.items}
    assert rows["Anggota Uji"][0].status == SUBMITTED and rows["Anggota Uji"][1] == 2
    assert rows["Koordinator Uji A"] == (None, None)
    assert "Pendaftar Uji" not in rows  # pending applicants have no report to make
    assert listing.status_counts(world.org_a, month) == {
        DRAFT: 1,
        SUBMITTED: 1,
        RETURNED: 0,
        VERIFIED: 0,
    }
    drafts = listing.organisation_month(world.org_a, month, DRAFT, 1)
    assert [m.user.full_name for m, *_ in drafts.items] == ["Koordinator Uji A"]
    # The list page takes its total from the status counts instead of counting again.
    counts = listing.status_counts(world.org_a, month)
    for status in (None, DRAFT, SUBMITTED, RETURNED, VERIFIED, "unknown"):
        counted = listing.organisation_month(world.org_a, month, status, 1)
        given = listing.organisation_month(world.org_a, month, status, 1, counts=counts)
        assert (given.total, given.items) == (counted.total, counted.items), status


def test_someone_who_left_still_appears_for_a_month_they_worked(month_of_member, world):
    membership, _people = month_of_member
    membership.status = LEFT
    db.session.commit()
    page = listing.organisation_month(world.org_a, months.current(), None, 1)
    assert "Anggota Uji" in [m.user.full_name for m, *_ in page.items]
    page = listing.organisation_month(world.org_a, months.shift(months.current(), -1), None, 1)
    assert "Anggota Uji" not in [m.user.full_name for m, *_ in page.items]


def test_overview_compares_with_last_month_and_names_who_has_not_submitted(req, world):
    this, last = months.current(), months.shift(months.current(), -1)
    gantung = factories.desa("Gantung")
    af.activity(world.ids["member"], world.org_a, done_on=this, people=4, desa=gantung)
    af.activity(world.ids["member"], world.org_a, done_on=last, people=3)
    af.activity(world.ids["member"], world.org_a, done_on=last + timedelta(days=1), people=1)
    af.activity(world.ids["other_coordinator"], world.org_b, done_on=this, people=9)
    af.report(world.ids["member"], world.org_a, last, SUBMITTED)
    db.session.commit()
    data = overview.build({world.org_a}, this, per_organisation=False)
    assert (data.overall.this.activities, data.overall.last.activities) == (1, 2)
    assert (data.overall.this.people, data.overall.last.people) == (4, 4)
    assert data.by_desa[0].label == "Gantung, Gantung" and data.by_desa[0].this.activities == 1
    assert [m.user.full_name for m in data.not_submitted] == ["Koordinator Uji A"]
    everyone = overview.build(None, this, per_organisation=True)
    assert everyone.overall.this.activities == 2
    # Biggest this month first; on a tie, the bigger last month.
    assert [c.label for c in everyone.by_organisation] == ["Tagana Uji A", "PSM Uji B"]
    assert everyone.not_submitted_total == 2  # coordinators of A and B; the member submitted


def test_scope_of_a_month_runs_first_to_last_day(ctx):
    scope = Scope.for_month(months.parse("2024-02"))
    assert (scope.start.isoformat(), scope.end.isoformat()) == ("2024-02-01", "2024-02-29")
    assert months.shift(months.parse("2026-01"), -1) == months.parse("2025-12")
    assert months.parse("2026-13") is None and months.parse("26-01") is None


def test_a_report_sent_twice_at_once_keeps_the_first_and_the_rest_of_the_work(
    month_of_member, monkeypatch
):
    membership, people = month_of_member
    first, _created = services.submit(people["member"], membership, months.current())
    db.session.commit()
    audit.record("test.other_work")  # the request's other work, to be kept
    # The second send did not see the first one (it was still being written).
    real_find = services.find_report
    calls = []

    def not_yet_visible(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_find(*args)

    monkeypatch.setattr(services, "find_report", not_yet_visible)
    report, created = services.submit(people["member"], membership, months.current())
    db.session.commit()
    assert (report.id, created) == (first.id, False)
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-1] == "test.other_work"  # and no second "report.submitted"
