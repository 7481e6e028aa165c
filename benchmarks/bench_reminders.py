"""How long the job runner takes to prepare reminders: one meeting of 2,000 invitees
(the day-before reminder) and the month-end report reminders for 10,000 members, with
e-mail and push available so deliveries are queued too (nothing is sent: that is the
delivery job's work, measured apart).

    .venv/bin/python benchmarks/bench_reminders.py            # SQLite in a temporary folder
    TEST_DATABASE_URL=postgresql+psycopg://.../test_x .venv/bin/python benchmarks/bench_reminders.py
"""

import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select

from portal import jobs
from portal.extensions import db
from portal.models import (
    Delivery,
    Invitation,
    Membership,
    Notice,
    PushSubscription,
    User,
)
from tests import factories
from tests.helpers import make_app
from tests.notifications.helpers import make_meeting


def people(count: int, start: int) -> list[int]:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [
        {
            "full_name": f"Relawan {i}",
            "phone": f"+62812{start + i:08d}",
            "email": f"r{start + i}@example.org" if i % 3 == 0 else None,
            "email_verified_at": now if i % 3 == 0 else None,
            "is_admin": False,
            "is_deactivated": False,
            "session_version": 1,
            "listed": False,
            "show_phone": False,
            "created_at": now,
        }
        for i in range(count)
    ]
    db.session.execute(insert(User), rows)
    ids = list(
        db.session.scalars(select(User.id).where(User.phone.like("+62812%")).order_by(User.id))
    )[-count:]
    db.session.execute(
        insert(PushSubscription),
        [
            {
                "user_id": uid,
                "endpoint": f"https://fcm.googleapis.com/fcm/send/{uid}",
                "p256dh": "x",
                "auth": "y",
                "created_at": now,
            }
            for uid in ids[::2]
        ],
    )
    return ids


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(
            Path(folder), MAIL_SERVER="127.0.0.1", VAPID_PRIVATE_KEY="configured", REPORT_DUE_DAY=5
        )
        with app.app_context():
            world = factories.world()
            invitees = people(2000, 0)
            starts = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
            meeting = make_meeting(world, starts)
            db.session.execute(
                insert(Invitation),
                [{"meeting_id": meeting.id, "user_id": uid, "rsvp": "pending"} for uid in invitees],
            )
            db.session.commit()
            began = time.perf_counter()
            result = jobs.run(starts - timedelta(hours=20), only=("reminders.meetings",))
            meeting_s = time.perf_counter() - began
            queued = db.session.scalar(select(func.count()).select_from(Delivery))
            print(
                f"{db.engine.dialect.name}: meeting of 2,000 invitees: {result} notices, "
                f"{queued} deliveries queued, {meeting_s:.2f} s"
            )

            members = invitees + people(8000, 100_000)
            orgs = [factories.organisation(f"Organisasi {i}").id for i in range(50)]
            db.session.execute(
                insert(Membership),
                [
                    {
                        "user_id": uid,
                        "organisation_id": orgs[i % len(orgs)],
                        "role": "member",
                        "status": "active",
                        "applied_at": datetime(2026, 1, 1, tzinfo=UTC),
                        "joined_on": date(2026, 1, 1),
                    }
                    for i, uid in enumerate(members)
                ],
            )
            db.session.commit()
            notices_before = db.session.scalar(select(func.count()).select_from(Notice))
            began = time.perf_counter()
            # 2 December 00.30 WIB: the November report reminders are due.
            result = jobs.run(
                datetime(2026, 12, 1, 17, 30, tzinfo=UTC), only=("reminders.reports",)
            )
            month_s = time.perf_counter() - began
            made = db.session.scalar(select(func.count()).select_from(Notice)) - notices_before
            print(
                f"{db.engine.dialect.name}: month-end reminders for "
                f"{len(members):,} members in {len(orgs)} organisations: {result} "
                f"({made} notices), "
                f"{month_s:.2f} s"
            )
            again = time.perf_counter()
            jobs.run(datetime(2026, 12, 1, 17, 32, tzinfo=UTC), only=("reminders.reports",))
            took = time.perf_counter() - again
            print(f"{db.engine.dialect.name}: the next run (nothing new): {took:.2f} s")


if __name__ == "__main__":
    main()
