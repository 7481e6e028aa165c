"""The area figures against a count from scratch over the rows themselves (activities,
memberships, reports), for the admin and a coordinator, at every level."""

from collections import Counter

import pytest
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.i18n import now_utc, to_wib
from portal.models import (
    Activity,
    Invitation,
    Meeting,
    Membership,
    MonthlyReport,
    Organisation,
    User,
)
from portal.models.meetings import HADIR, SCHEDULED
from portal.models.organisations import ACTIVE
from portal.regions import figures, places
from portal.summaries import upkeep

from .factories import regency


@pytest.fixture
def land(app, world):
    with app.app_context():
        return regency(world)


def _desa_ids(tree, level, area):
    if level == places.KABUPATEN:
        return {d.id for k in tree.kecamatan for d in tree.desa_of(k)}
    if level == places.KECAMATAN:
        return {d.id for d in tree.desa_of(area)}
    return {area.id}


def _from_scratch(tree, level, area, month, scope):
    desa = _desa_ids(tree, level, area)
    in_scope = lambda org_id: scope is None or org_id in scope  # noqa: E731
    kinds = {o.id: o.kind.code for o in db.session.scalars(select(Organisation))}
    members = [
        (m, u)
        for m, u in db.session.execute(
            select(Membership, User).join(User, User.id == Membership.user_id)
        )
        if m.status == ACTIVE
        and in_scope(m.organisation_id)
        and (level == places.KABUPATEN or u.home_desa_id in desa)
    ]
    reports = {
        (r.user_id, r.organisation_id): r.status
        for r in db.session.scalars(select(MonthlyReport).where(MonthlyReport.month == month))
    }
    statuses = Counter(
        (m.organisation_id, reports.get((m.user_id, m.organisation_id), "draft"))
        for m, _u in members
    )
    series = Counter()
    ppks = Counter()
    for a in db.session.scalars(select(Activity)):
        if a.desa_id in desa and in_scope(a.organisation_id):
            m = a.done_on.replace(day=1)
            series[(m, "activities")] += 1
            series[(m, "minutes")] += a.duration_minutes
            series[(m, "people")] += a.people_served
            if months.shift(month, -12) <= m <= month:
                for c in a.ppks_categories:
                    ppks[(c.name, m == month)] += 1
    attendance = Counter()
    for invitation, meeting, user in db.session.execute(
        select(Invitation, Meeting, User)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .join(User, User.id == Invitation.user_id)
    ):
        held_in = to_wib(meeting.starts_at).date().replace(day=1)
        if (
            meeting.status == SCHEDULED
            and held_in == month
            and meeting.ends_at <= now_utc()
            and in_scope(invitation.organisation_id)
            and (level == places.KABUPATEN or user.home_desa_id in desa)
        ):
            attendance[(invitation.organisation_id, "invited")] += 1
            attendance[(invitation.organisation_id, "attended")] += invitation.attendance == HADIR
    lived = {(kinds[m.organisation_id], u.home_desa_id) for m, u in members}
    desa_gaps = {
        code: sorted(d for d in desa if (code, d) not in lived) for code in ("PSM", "TAGANA")
    }
    return statuses, series, ppks, desa_gaps, len(members), attendance


@pytest.mark.parametrize("role", ["admin", "coordinator", "other_coordinator"])
def test_every_level_matches_a_count_from_scratch(app, world, land, role):
    with app.app_context():
        scope = None if role == "admin" else {world.org_a if role == "coordinator" else world.org_b}
        tree = places.load()
        kec = tree.by_code[land.manggar]
        for level, area in (
            (places.KABUPATEN, tree.kabupaten),
            (places.KECAMATAN, kec),
            (places.DESA, tree.by_code[land.desa[1]]),
        ):
            data = figures.build(tree, level, area, land.month, scope)
            statuses, series, ppks, desa_gaps, count, attendance = _from_scratch(
                tree, level, area, land.month, scope
            )
            assert data.members == count
            got = Counter()
            for org in data.organisations:
                assert scope is None or org.id in scope
                for status, n in org.reports.items():
                    if n:
                        got[(org.id, status)] = n
            assert got == statuses, level
            present = Counter()
            for org in data.organisations:
                present[(org.id, "invited")] += org.invited
                present[(org.id, "attended")] += org.attended
            assert +present == +attendance, level
            assert attendance or level == places.DESA  # the ended meeting counts
            assert data.invited == sum(n for (_, k), n in attendance.items() if k == "invited")
            for m, totals in data.series:
                assert totals.activities == series[(m, "activities")], (level, m)
                assert totals.minutes == series[(m, "minutes")], (level, m)
                assert totals.people == series[(m, "people")], (level, m)
            assert sum(c.members for c in data.children) <= data.members
            for gap in data.gaps:
                if gap.level == places.DESA:
                    assert sorted(a.id for a in gap.areas) == desa_gaps[gap.kind.code]
            if level == places.KABUPATEN:
                found = Counter()
                for c in data.ppks:
                    found[(c.label, True)] = c.this.activities
                    found[(c.label, False)] = c.last.activities
                assert +found == +ppks
            else:
                assert data.ppks is None


def test_a_coordinator_sees_only_gaps_of_their_own_kind(app, world, land):
    with app.app_context():
        tree = places.load()
        data = figures.build(tree, places.KABUPATEN, tree.kabupaten, land.month, {world.org_a})
        assert {g.kind.code for g in data.gaps} == {"TAGANA"}
        assert [o.id for o in data.organisations] == [world.org_a]
        admin = figures.build(tree, places.KABUPATEN, tree.kabupaten, land.month, None)
        assert {(g.kind.code, g.level) for g in admin.gaps} == {
            ("PSM", "desa"),
            ("TAGANA", "desa"),
            ("TKSK", "kecamatan"),
        }
        tksk = next(g for g in admin.gaps if g.kind.code == "TKSK")
        # The TKSK member lives in Manggar: every other kecamatan lacks one.
        assert land.manggar not in {a.code for a in tksk.areas}
        assert len(tksk.areas) == len(tree.kecamatan) - 1


def test_the_figures_come_from_the_summary_not_the_activities(app, world, land):
    """After a rebuild the same; the page's queries never read the activity table."""
    with app.app_context():
        tree = places.load()
        before = figures.build(tree, places.KABUPATEN, tree.kabupaten, land.month, None)
        upkeep.rebuild()
        db.session.commit()
        after = figures.build(tree, places.KABUPATEN, tree.kabupaten, land.month, None)
        assert before.series == after.series
