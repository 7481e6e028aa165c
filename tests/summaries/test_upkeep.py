"""The summary tables against a recomputation from the activities themselves."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete, select

from portal import months
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import (
    Activity,
    ActivitySummary,
    ActivityType,
    Area,
    Membership,
    MonthlyReport,
    PpksCategory,
    User,
)
from portal.models.activities import DRAFT, RETURNED, SUBMITTED, VERIFIED
from portal.models.organisations import ACTIVE, SUSPENDED
from portal.regions import figures, places
from portal.summaries import queries, upkeep
from tests.activities import factories as af
from tests.regions.counting import from_scratch


def summary_rows() -> dict:
    S = ActivitySummary
    return upkeep.as_dict(
        db.session.execute(
            select(
                S.month, S.organisation_id, S.dimension, S.key_id, S.activities, S.minutes, S.people
            )
        )
    )


def recomputed_rows() -> dict:
    return upkeep.as_dict(db.session.execute(upkeep.recomputed()))


def _area_figures_match(tree, area, month, scope) -> None:
    """The Wilayah figures (summary rows for activities; members, reports and attendance
    counted live) against a count row by row, at the kabupaten and at one kecamatan."""
    for level, where in ((places.KABUPATEN, tree.kabupaten), (places.KECAMATAN, area)):
        data = figures.build(tree, level, where, month, scope)
        statuses, series, _ppks, _gaps, members, _attendance = from_scratch(
            tree, level, where, month, scope
        )
        assert data.members == members, level
        found = {(o.id, k): n for o in data.organisations for k, n in o.reports.items() if n}
        assert found == +statuses, level
        for m, totals in data.series:
            assert (totals.activities, totals.minutes, totals.people) == (
                series[(m, "activities")],
                series[(m, "minutes")],
                series[(m, "people")],
            ), (level, m)


def test_summaries_follow_every_create_edit_and_delete(app, world):
    """Random sequences of activity changes, report submissions, returns and
    verifications, and membership changes (suspended, reinstated, moved house), each
    committed: the summary rows are exactly the grouped sums of the activities (by
    member, desa, type and PPKS category), and the Wilayah figures match a count from
    scratch, for the admin and for one organisation's coordinator."""
    with app.app_context():
        people = [
            (world.ids["member"], world.org_a),
            (world.ids["coordinator"], world.org_a),
            (world.ids["other_coordinator"], world.org_b),
        ]
        types = list(db.session.scalars(select(ActivityType.id).limit(4)))
        desa = list(db.session.scalars(select(Area.id).where(Area.level == "desa").limit(4)))
        categories = list(db.session.scalars(select(PpksCategory).limit(4)))
        month = months.current()
        tree = places.load()
        kecamatan = tree.kecamatan_of_desa()[desa[0]]

        class Activities(RuleBasedStateMachine):
            def __init__(self):
                super().__init__()
                db.session.execute(delete(Activity))
                db.session.execute(delete(ActivitySummary))
                db.session.execute(delete(MonthlyReport))
                db.session.commit()
                self.ids: list[int] = []

            @rule(
                who=st.sampled_from(people),
                back=st.integers(0, 2),
                minutes=st.integers(1, 600),
                people_served=st.integers(0, 50),
                ppks=st.sets(st.integers(0, 3), max_size=3),
                kind=st.integers(0, 3),
                place=st.integers(0, 3),
            )
            def create(self, who, back, minutes, people_served, ppks, kind, place):
                item = af.activity(
                    who[0],
                    who[1],
                    done_on=months.shift(month, -back),
                    minutes=minutes,
                    people=people_served,
                )
                item.activity_type_id, item.desa_id = types[kind % len(types)], desa[place]
                item.ppks_categories = [categories[i] for i in sorted(ppks)]
                db.session.commit()
                self.ids.append(item.id)

            @rule(
                pick=st.integers(0, 50),
                back=st.integers(0, 2),
                day=st.integers(1, 28),
                minutes=st.integers(1, 600),
                ppks=st.none() | st.sets(st.integers(0, 3), max_size=3),
                who=st.none() | st.sampled_from(people),
                place=st.none() | st.integers(0, 3),
            )
            def edit(self, pick, back, day, minutes, ppks, who, place):
                if not self.ids:
                    return
                item = db.session.get(Activity, self.ids[pick % len(self.ids)])
                item.done_on = months.shift(month, -back).replace(day=day)
                item.duration_minutes = minutes
                if ppks is not None:
                    item.ppks_categories = [categories[i] for i in sorted(ppks)]
                if who is not None:
                    item.user_id, item.organisation_id = who
                if place is not None:
                    item.desa_id = desa[place]
                db.session.commit()

            @rule(pick=st.integers(0, 50))
            def remove(self, pick):
                if not self.ids:
                    return
                activity_id = self.ids.pop(pick % len(self.ids))
                db.session.delete(db.session.get(Activity, activity_id))
                db.session.commit()

            @rule(
                who=st.sampled_from(people),
                back=st.integers(0, 2),
                status=st.sampled_from((DRAFT, SUBMITTED, RETURNED, VERIFIED)),
            )
            def review(self, who, back, status):
                """A report submitted, returned, verified, or back to draft."""
                when = months.shift(month, -back)
                report = db.session.scalar(
                    select(MonthlyReport).where(
                        MonthlyReport.user_id == who[0],
                        MonthlyReport.organisation_id == who[1],
                        MonthlyReport.month == when,
                    )
                )
                if report is None:
                    af.report(who[0], who[1], when, status)
                else:
                    report.status = status
                db.session.commit()

            @rule(
                who=st.sampled_from(people),
                active=st.booleans(),
                place=st.none() | st.integers(0, 3),
            )
            def membership(self, who, active, place):
                """Suspended or reinstated; or moved to another desa."""
                row = db.session.scalar(
                    select(Membership).where(
                        Membership.user_id == who[0], Membership.organisation_id == who[1]
                    )
                )
                row.status = ACTIVE if active else SUSPENDED
                if place is not None:
                    db.session.get(User, who[0]).home_desa_id = desa[place]
                db.session.commit()

            @rule()
            def rebuild(self):
                upkeep.rebuild()
                db.session.commit()

            @invariant()
            def summaries_match_a_recomputation(self):
                db.session.expire_all()
                assert summary_rows() == recomputed_rows()
                for scope in (None, {world.org_a}):
                    _area_figures_match(tree, kecamatan, month, scope)
                    # The admin's overview sums the organisations' rows instead.
                    last = months.shift(month, -1)
                    assert queries.overall_of(
                        queries.by_organisation(month, last, scope)
                    ) == queries.overall(month, last, scope)

        run_state_machine_as_test(
            Activities,
            settings=settings(
                max_examples=25,
                stateful_step_count=12,
                deadline=None,
                suppress_health_check=list(HealthCheck),
            ),
        )


def test_the_activity_form_moves_the_totals(app, world, login_as):
    """Through the real form and service: a new activity is in the summary at commit."""
    client = login_as("member")
    with app.app_context():
        kind = af.type_for(world.org_a).id
        place = db.session.scalar(select(Area.id).where(Area.level == "desa"))
    response = client.post_form(
        "/kegiatan/baru",
        {
            "organisation": str(world.org_a),
            "done_on": today_wib().isoformat(),
            "submission_id": "summary-test-submission-1",
            "activity_type": str(kind),
            "desa": str(place),
            "hours": "2",
            "minutes": "0",
            "people_served": "7",
            "title": "Pendataan warga",
        },
    )
    assert response.status_code == 303
    with app.app_context():
        rows = summary_rows()
        assert rows == recomputed_rows()
        member = [v for k, v in rows.items() if k[2] == "member" and k[3] == world.ids["member"]]
        assert member == [(1, 120, 7)]


def test_rebuild_command_recomputes_the_table(app, world):
    with app.app_context():
        af.activity(world.ids["member"], world.org_a, minutes=30, people=2, ppks_codes=())
        db.session.commit()
        db.session.execute(delete(ActivitySummary))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["summaries", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "baris ringkasan dihitung ulang" in result.output
    with app.app_context():
        assert summary_rows() == recomputed_rows() != {}
