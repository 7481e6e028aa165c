"""The job runner: meeting, report and action-item reminders, each once however many
runners run at the same time; around midnight WIB; housekeeping."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal import jobs
from portal.extensions import db
from portal.models import (
    ActionItem,
    Invitation,
    MemberActivation,
    MonthlyReport,
    Notice,
    ReminderSent,
)
from portal.models.activation import PASSWORD_RESET
from portal.organisations import activation as links

from ..factories import member, organisation
from .helpers import make_meeting


def _notices(kind, user_id=None):
    stmt = select(Notice).where(Notice.kind == kind)
    if user_id is not None:
        stmt = stmt.where(Notice.user_id == user_id)
    return list(db.session.scalars(stmt))


def test_meeting_reminders_a_day_and_an_hour_before_not_to_who_declined(ctx, world):
    starts = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 09.00 WIB
    meeting = make_meeting(world, starts, invite=["member", "coordinator", "pending"])
    db.session.execute(
        Invitation.__table__.update()
        .where(Invitation.user_id == world.ids["pending"])
        .values(rsvp="no")
    )
    db.session.commit()
    jobs.run(starts - timedelta(days=2))
    assert _notices("reminder.meeting_day") == []
    jobs.run(starts - timedelta(hours=20))
    jobs.run(starts - timedelta(hours=19))  # again: nothing new
    day = _notices("reminder.meeting_day")
    assert sorted(n.user_id for n in day) == sorted([world.ids["member"], world.ids["coordinator"]])
    jobs.run(starts - timedelta(minutes=50))
    hour = _notices("reminder.meeting_hour")
    assert len(hour) == 2 and hour[0].link == f"/rapat/{meeting.id}"
    jobs.run(starts + timedelta(minutes=5))
    assert len(_notices("reminder.meeting_hour")) == 2
    from portal import notices

    with ctx.test_request_context():
        assert "09.00" in notices.render(hour[0]) and "Sejam lagi" in notices.render(hour[0])


def test_a_rescheduled_meeting_is_reminded_again(ctx, world):
    starts = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
    meeting = make_meeting(world, starts, invite=["member"])
    jobs.run(starts - timedelta(hours=3))
    meeting.starts_at = starts + timedelta(days=1)
    meeting.ends_at = meeting.starts_at + timedelta(hours=2)
    db.session.commit()
    jobs.run(starts + timedelta(hours=21))
    assert len(_notices("reminder.meeting_day", world.ids["member"])) == 2


def _report(user_id, org_id, month, status):
    db.session.add(
        MonthlyReport(user_id=user_id, organisation_id=org_id, month=month, status=status)
    )


def test_report_reminder_before_the_due_day_in_wib(ctx, world):
    """Due 5 December (REPORT_DUE_DAY); reminded from 2 December 00.00 WIB, which is
    1 December 17.00 UTC; not to who submitted."""
    november = date(2026, 11, 1)
    _report(world.ids["coordinator"], world.org_a, november, "submitted")
    db.session.commit()
    jobs.run(datetime(2026, 12, 1, 16, 59, tzinfo=UTC))  # 23.59 WIB on 1 December
    assert _notices("reminder.report_due") == []
    jobs.run(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))  # 00.00 WIB on 2 December
    reminded = {n.user_id for n in _notices("reminder.report_due")}
    assert world.ids["member"] in reminded
    assert world.ids["coordinator"] not in reminded  # already submitted
    assert world.ids["pending"] not in reminded  # not an active member
    assert world.ids["other_coordinator"] in reminded
    jobs.run(datetime(2026, 12, 3, 1, 0, tzinfo=UTC))
    assert len(_notices("reminder.report_due", world.ids["member"])) == 1
    # On the due day the coordinators hear of the reports waiting for them.
    assert _notices("reminder.reports_waiting") == []
    jobs.run(datetime(2026, 12, 4, 17, 0, tzinfo=UTC))  # 00.00 WIB on 5 December
    waiting = _notices("reminder.reports_waiting")
    assert [n.user_id for n in waiting] == [world.ids["coordinator"]]
    assert waiting[0].params["count"] == 1
    jobs.run(datetime(2026, 12, 5, 17, 0, tzinfo=UTC))  # after the due day: no new member reminder
    assert len(_notices("reminder.report_due", world.ids["member"])) == 1


def test_overdue_action_items_after_midnight_wib(ctx, world):
    meeting = make_meeting(world, datetime(2026, 11, 20, 2, 0, tzinfo=UTC), invite=["member"])
    item = ActionItem(
        meeting_id=meeting.id,
        text="Kirim daftar hadir",
        assignee_user_id=world.ids["member"],
        due_on=date(2026, 12, 1),
    )
    org_item = ActionItem(
        meeting_id=meeting.id,
        text="Siapkan posko",
        assignee_organisation_id=world.org_a,
        due_on=date(2026, 12, 1),
    )
    done = ActionItem(
        meeting_id=meeting.id,
        text="Sudah",
        assignee_user_id=world.ids["member"],
        due_on=date(2026, 11, 1),
        done_at=datetime(2026, 11, 2, tzinfo=UTC),
    )
    db.session.add_all([item, org_item, done])
    db.session.commit()
    jobs.run(datetime(2026, 12, 1, 16, 59, tzinfo=UTC))  # still 1 December in WIB
    assert _notices("reminder.action_overdue") == []
    jobs.run(datetime(2026, 12, 1, 17, 0, tzinfo=UTC))
    jobs.run(datetime(2026, 12, 2, 17, 0, tzinfo=UTC))
    overdue = _notices("reminder.action_overdue")
    assert sorted(n.user_id for n in overdue) == sorted(
        [world.ids["member"], world.ids["coordinator"]]
    )


def test_two_runners_at_once_send_each_reminder_once(app, world):
    with app.app_context():
        org = organisation("Tagana Ramai")
        people = [member(org, f"Relawan {i}").id for i in range(40)]
        starts = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)
        meeting = make_meeting(world, starts, invite=[], extra=people)
        db.session.commit()
        meeting_id = meeting.id
    barrier = threading.Barrier(2)
    errors = []

    def runner():
        try:
            with app.app_context():
                barrier.wait()
                jobs.run(starts - timedelta(hours=5))
                db.session.remove()
        except Exception as exc:  # pragma: no cover - shown by the assert
            errors.append(exc)

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with app.app_context():
        counts = db.session.execute(
            select(Notice.user_id, func.count())
            .where(Notice.kind == "reminder.meeting_day")
            .group_by(Notice.user_id)
        ).all()
        assert len(counts) == 40 and {c for _, c in counts} == {1}
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(ReminderSent)
                .where(ReminderSent.key.like(f"reminder.meeting_day:{meeting_id}:%"))
            )
            == 40
        )


def test_housekeeping_removes_old_links(ctx, world):
    from portal.models import Membership

    membership = db.session.get(Membership, world.memberships["member"])
    old = links.new_link(
        membership.user_id, PASSWORD_RESET, timedelta(hours=1), membership=membership
    )
    db.session.commit()
    result = jobs.run(old.expires_at + timedelta(days=8), only=("housekeeping",))
    assert result["housekeeping"]["links"] == 1
    assert db.session.scalar(select(MemberActivation.id)) is None


def test_housekeeping_keeps_the_planner_statistics(tmp_path):
    """The statistics that make SQLite read "belum melapor" from the covering index
    (tests/core/test_indexes.py) are written, and kept, by the job's transaction. A
    SQLite question, so on SQLite in both runs (PostgreSQL's autovacuum keeps its own)."""
    from .. import factories
    from ..helpers import make_app

    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'test-stats.sqlite3'}")
    with app.app_context():
        factories.world()
        jobs.run(datetime.now(UTC), only=("housekeeping",))
        rows = db.session.connection().exec_driver_sql(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'membership'"
        )
        assert rows.scalar() > 0
        db.session.remove()
        db.engine.dispose()


@pytest.mark.logs_errors
def test_a_failing_job_does_not_stop_the_others(ctx, world, monkeypatch):
    def broken(_now):
        raise RuntimeError("boom")

    monkeypatch.setitem(jobs.JOBS, "broken", broken)
    result = jobs.run(datetime(2026, 12, 1, tzinfo=UTC))
    assert result["broken"] == "failed" and result["deliveries"] == {
        "sent": 0,
        "queued": 0,
        "failed": 0,
    }


def test_deliveries_run_after_every_other_job_whatever_the_import_order(ctx, monkeypatch):
    jobs.run(datetime(2026, 12, 1, tzinfo=UTC), only=("none",))  # the default jobs loaded
    ran = []
    # Registered first, as when notifications.sending is imported before the reminders.
    shuffled = {"deliveries": jobs.JOBS["deliveries"]}
    shuffled.update((n, f) for n, f in jobs.JOBS.items() if n != "deliveries")
    monkeypatch.setattr(jobs, "JOBS", {n: _recording(ran, n, f) for n, f in shuffled.items()})
    jobs.run(datetime(2026, 12, 1, tzinfo=UTC))
    assert ran[-1] == "deliveries" and ran[0] != "deliveries"
    assert sorted(ran) == sorted(shuffled)


def _recording(ran, name, function):
    def run(now):
        ran.append(name)
        return function(now)

    return run


def test_the_cli_runs_the_jobs(app, world):
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert "reminders.meetings: 0" in result.output and "deliveries:" in result.output
