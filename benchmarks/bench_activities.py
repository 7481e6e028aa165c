"""Benchmark: export 10,000 activities to XLSX (and CSV), and count the report pages' queries.

    .venv/bin/python benchmarks/bench_activities.py
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DBNAME \\
        .venv/bin/python benchmarks/bench_activities.py

SQLite runs in a temporary file. On PostgreSQL everything happens in a throwaway schema
that is dropped at the end, so pointing it at a real database touches none of its data.
"""

import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, insert, select, text

from portal import create_app, months, passwords
from portal.extensions import db
from portal.models import (
    Activity,
    ActivityType,
    Area,
    Membership,
    Organisation,
    OrganisationKind,
    PpksCategory,
    User,
)
from portal.models.activities import activity_ppks

ACTIVITIES = 10_000
MEMBERS = 50
PASSWORD = "benchmark password that is long"  # noqa: S105
RUNS = 3


def make_app(tmp: str):
    url = os.environ.get("DATABASE_URL")
    config = {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "UPLOAD_FOLDER": os.path.join(tmp, "uploads"),
    }
    schema = None
    if url:
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        schema = f"bench_{secrets.token_hex(4)}"
        with create_engine(url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        config["SQLALCHEMY_DATABASE_URI"] = url
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": f"-csearch_path={schema}"}
        }
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{os.path.join(tmp, 'bench.sqlite3')}"
    app = create_app(config)
    return app, url, schema


def fill(app) -> dict:
    """One organisation, 50 members and a coordinator, 10,000 activities this month."""
    from portal.seeding import seed_reference

    with app.app_context():
        db.create_all()
        seed_reference()
        kind = db.session.scalar(select(OrganisationKind).where(OrganisationKind.code == "TAGANA"))
        org = Organisation(name="Tagana Benchmark", kind_id=kind.id)
        db.session.add(org)
        db.session.flush()
        desa = list(db.session.scalars(select(Area.id).where(Area.level == "desa")))
        types = list(
            db.session.scalars(select(ActivityType.id).where(ActivityType.kind_id == kind.id))
        )
        ppks = list(db.session.scalars(select(PpksCategory.id)))
        digest = passwords.hash_password(PASSWORD)
        people = []
        for i in range(MEMBERS + 1):
            user = User(
                full_name=f"Relawan {i:03d}",
                phone=f"+62813{90000000 + i:08d}",
                password_hash=digest,
                home_desa_id=desa[i % len(desa)],
            )
            db.session.add(user)
            db.session.flush()
            role = "coordinator" if i == MEMBERS else "member"
            membership = Membership(
                user_id=user.id, organisation_id=org.id, role=role, status="active"
            )
            db.session.add(membership)
            db.session.flush()
            people.append((user, membership))
        month = months.current()
        days = (months.last_day(month) - month).days + 1
        rows = [
            {
                "user_id": people[i % MEMBERS][0].id,
                "organisation_id": org.id,
                "activity_type_id": types[i % len(types)],
                "desa_id": desa[i % len(desa)],
                "done_on": month + timedelta(days=i % days),
                "duration_minutes": 30 + (i % 8) * 15,
                "people_served": i % 25,
                "title": f"Kegiatan nomor {i}",
                "description": "Penyuluhan dan pendataan kebutuhan warga di balai desa." * 2,
                "submission_id": f"bench-{i:08d}",
            }
            for i in range(ACTIVITIES)
        ]
        db.session.execute(insert(Activity), rows)
        ids = list(db.session.scalars(select(Activity.id).order_by(Activity.id)))
        links = [
            {"activity_id": aid, "ppks_category_id": ppks[(aid + k) % len(ppks)]}
            for aid in ids
            for k in range(aid % 3)
        ]
        db.session.execute(insert(activity_ppks), links)
        db.session.commit()
        return {
            "org": org.id,
            "member_phone": people[0][0].phone,
            "member_membership": people[0][1].id,
            "coordinator_phone": people[-1][0].phone,
            "month": months.to_param(month),
        }


def time_export(app, org_id: int) -> None:
    from portal.activities.totals import Scope
    from portal.exports import csv_response, xlsx_bytes
    from portal.reports import export

    month = months.current()
    scope = Scope.for_month(month, organisation_ids=frozenset({org_id}))
    with app.test_request_context():
        for label, build in (
            (
                "XLSX (activities + summary sheet)",
                lambda: xlsx_bytes(
                    [
                        ("Kegiatan", export.activity_headers(), export.activity_rows(scope)),
                        ("Ringkasan", export.summary_headers(), export.summary_rows(scope)),
                    ]
                ),
            ),
            (
                "CSV (activities)",
                lambda: csv_response(
                    "x.csv", export.activity_headers(), export.activity_rows(scope)
                ).get_data(),
            ),
        ):
            timings, size = [], 0
            for _ in range(RUNS):
                db.session.expire_all()
                start = time.perf_counter()
                size = len(build())
                timings.append(time.perf_counter() - start)
            print(
                f"  {label}: best {min(timings):.2f} s, median {statistics.median(timings):.2f} s "
                f"over {RUNS} runs, {size / 1024:.0f} KB"
            )


def count_queries(app, facts: dict) -> None:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    member, coordinator = app.test_client(), app.test_client()
    for client, phone in (
        (member, facts["member_phone"]),
        (coordinator, facts["coordinator_phone"]),
    ):
        response = client.post(
            "/masuk", data={"login": phone, "password": PASSWORD}, base_url="https://localhost"
        )
        assert response.status_code == 303, response.status_code
    month_page = f"/laporan/{facts['member_membership']}/{facts['month']}"
    pages = [
        ("member's month page (200 activities)", member, "GET", month_page, None),
        ("coordinator's view of that month", coordinator, "GET", month_page, None),
        ("print page of that month", coordinator, "GET", month_page + "/cetak", None),
        ("coordinator's member list (/laporan/)", coordinator, "GET", "/laporan/", None),
        ("overview (/laporan/ringkasan)", coordinator, "GET", "/laporan/ringkasan", None),
        (
            "XLSX export request (10,000 rows)",
            coordinator,
            "POST",
            "/laporan/ekspor",
            {
                "organisation": str(facts["org"]),
                "period": "month",
                "month": facts["month"],
                "format": "xlsx",
            },
        ),
    ]
    event.listen(engine, "before_cursor_execute", before)
    try:
        for label, client, method, path, data in pages:
            client.open(path, method=method, data=data, base_url="https://localhost")  # warm
            timings = []
            for _ in range(RUNS):
                statements.clear()
                start = time.perf_counter()
                response = client.open(path, method=method, data=data, base_url="https://localhost")
                timings.append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
            queries = len([s for s in statements if not s.lstrip().upper().startswith("BEGIN")])
            print(
                f"  {label}: {queries} queries; best {min(timings) * 1000:.0f} ms, "
                f"median {statistics.median(timings) * 1000:.0f} ms"
            )
    finally:
        event.remove(engine, "before_cursor_execute", before)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app, url, schema = make_app(tmp)
        try:
            with app.app_context():
                dialect = db.engine.dialect.name
            print(f"Database: {dialect}; {ACTIVITIES:,} activities, {MEMBERS} members")
            start = time.perf_counter()
            facts = fill(app)
            print(f"  (filled in {time.perf_counter() - start:.1f} s)")
            print("Export of one month, one organisation:")
            time_export(app, facts["org"])
            print("Queries per page (BEGIN not counted; the same for 2 or 10,000 rows):")
            count_queries(app, facts)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if schema:
                with create_engine(url).begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


if __name__ == "__main__":
    main()
