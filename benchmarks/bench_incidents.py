"""Benchmark: from "call out" to every call-out recorded, for 500 members, and the incident
page's queries.

    .venv/bin/python -m benchmarks.bench_incidents
    TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test_<name> \\
        .venv/bin/python -m benchmarks.bench_incidents

The coordinator's POST /musibah/<id>/panggil through the test client: the call-out rows
(one bulk INSERT), one notice per person through notices.notify, the audit row, the
commit. Timed from the request to the response, three rounds on a fresh incident each.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from portal.extensions import db
from portal.models import Callout, Membership, Notice, Organisation, User
from portal.models.organisations import ACTIVE
from tests import factories
from tests.helpers import QueryCounter, make_app
from tests.incidents import factories as inf

MEMBERS = 500
ROUNDS = 3


def _members(org_id: int, desa_id: int) -> None:
    rows = [
        {
            "full_name": f"Relawan {n:03d}",
            "phone": f"+62819{n:08d}",
            "home_desa_id": desa_id,
            "password_hash": None,
        }
        for n in range(MEMBERS)
    ]
    db.session.execute(insert(User), rows)
    ids = db.session.scalars(select(User.id).where(User.phone.like("+62819%"))).all()
    db.session.execute(
        insert(Membership),
        [{"user_id": i, "organisation_id": org_id, "status": ACTIVE} for i in ids],
    )
    db.session.commit()


def main() -> None:
    app = make_app(Path(tempfile.mkdtemp()))
    with app.app_context():
        world = factories.world()
        _members(world.org_a, factories.desa().id)
        org = db.session.get(Organisation, world.org_a).name
    client = app.test_client()
    client.login(world.phones["coordinator"])
    token = client.csrf_token("/musibah/")
    times = []
    for _ in range(ROUNDS):
        with app.app_context():
            incident_id = inf.incident(world.ids["coordinator"], world.org_a).id
        began = time.perf_counter()
        response = client.post(f"/musibah/{incident_id}/panggil", data={"csrf_token": token})
        times.append(time.perf_counter() - began)
        assert response.status_code == 303, response.status_code
        with app.app_context():
            called = db.session.scalar(
                select(func.count()).where(Callout.incident_id == incident_id)
            )
            assert called == MEMBERS + 2, called
    with app.app_context():
        notices = db.session.scalar(select(func.count()).select_from(Notice))
    queries = QueryCounter(app).get(client, f"/musibah/{incident_id}")
    print(f"{app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, {org}: {MEMBERS + 2} members")
    print(
        f"call-out to every call-out and notice recorded: median {statistics.median(times):.3f} s"
        f" (rounds: {', '.join(f'{t:.3f}' for t in times)}); {notices} notices in all"
    )
    print(f"incident page: {queries} queries")


if __name__ == "__main__":
    main()
