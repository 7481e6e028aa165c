"""The area figures against a count from scratch over the rows themselves (activities,
memberships, reports), for the admin and a coordinator, at every level."""

from collections import Counter

import pytest

from portal.extensions import db
from portal.regions import figures, places
from portal.summaries import upkeep

from .counting import from_scratch
from .factories import regency


@pytest.fixture
def land(app, world):
    with app.app_context():
        return regency(world)


@pytest.mark.parametrize("role", ["admin", "coordinator", "other_coordinator"])
def test_every_level_matches_a_countfrom_scratch(app, world, land, role):
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
            statuses, series, ppks, desa_gaps, count, attendance = from_scratch(
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
