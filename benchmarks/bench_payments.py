"""Benchmark: preparing and fixing the month's tali asih list for 1,000 members.

    .venv/bin/python -m benchmarks.bench_payments
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test_<name> \\
        .venv/bin/python -m benchmarks.bench_payments

Uses the test set-up (a fresh SQLite file, or the TEST_DATABASE_URL test database, which
it empties): 10 Tagana and 2 TKSK organisations, 1,000 active members, 90 % of last
month's reports verified, the rest returned, submitted or missing.
"""

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from portal import months
from portal.extensions import db
from portal.models import Membership, MonthlyReport, Organisation, OrganisationKind, User
from portal.payments import services
from tests.helpers import make_app

MEMBERS = 1_000
NO_LOGIN = "!"  # a hash no password matches; nobody logs in here
ROUNDS = 5


def _populate(month: date) -> User:
    kinds = {k.code: k.id for k in db.session.scalars(select(OrganisationKind))}
    orgs = [Organisation(name=f"Tagana Bench {i}", kind_id=kinds["TAGANA"]) for i in range(10)]
    orgs += [Organisation(name=f"TKSK Bench {i}", kind_id=kinds["TKSK"]) for i in range(2)]
    db.session.add_all(orgs)
    admin = User(
        full_name="Admin Bench", phone="+6281300000001", password_hash=NO_LOGIN, is_admin=True
    )
    db.session.add(admin)
    db.session.flush()
    users = [
        {
            "full_name": f"Relawan {i:04d}",
            "phone": f"+62813{i + 10_000:08d}",
            "password_hash": NO_LOGIN,
        }
        for i in range(MEMBERS)
    ]
    db.session.execute(insert(User), users)
    ids = list(
        db.session.scalars(select(User.id).where(User.is_admin.is_(False)).order_by(User.id))
    )
    db.session.execute(
        insert(Membership),
        [
            {
                "user_id": uid,
                "organisation_id": orgs[i % len(orgs)].id,
                "status": "active",
                "role": "member",
                "joined_on": date(2020, 1, 1),
            }
            for i, uid in enumerate(ids)
        ],
    )
    statuses = ["verified"] * 9 + ["returned"]
    db.session.execute(
        insert(MonthlyReport),
        [
            {
                "user_id": uid,
                "organisation_id": orgs[i % len(orgs)].id,
                "month": month,
                "status": statuses[i % 10],
            }
            for i, uid in enumerate(ids)
            if i % 50  # every 50th has no report
        ],
    )
    db.session.commit()
    return admin


def main() -> None:
    app = make_app(Path(tempfile.mkdtemp()))
    month = months.shift(months.current(), -1)
    with app.app_context():
        admin = _populate(month)
        prepare = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            draft = services.prepare(month)
            prepare.append(time.perf_counter() - started)
        fix = []
        for attempt in range(ROUNDS):
            started = time.perf_counter()
            services.fix(admin, month, reason=None if attempt == 0 else "bench")
            db.session.commit()
            fix.append(time.perf_counter() - started)
        print(f"database: {db.engine.url.get_backend_name()}")
        print(f"members: {MEMBERS}, paid {len(draft.paid)}, left out {len(draft.apart)}")
        median, worst = statistics.median(prepare) * 1000, max(prepare) * 1000
        print(f"prepare: median {median:.0f} ms, max {worst:.0f} ms")
        print(f"fix (prepare + copy + audit): median {statistics.median(fix) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
