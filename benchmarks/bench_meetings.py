"""How fast meetings are at the size of a kabupaten-wide rakor: 2,000 invitees.

    python benchmarks/bench_meetings.py               # a scratch SQLite file
    DATABASE_URL=postgresql://... python benchmarks/bench_meetings.py

With DATABASE_URL the tables of that database are EMPTIED: point it at a scratch database.
Prints: the time to create the invitations (one bulk INSERT) and to schedule the whole
meeting (invitations, notices, audit, commit), and the statements and time of the pages
an organiser opens for such a meeting.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import create_app, passwords
from portal.extensions import db
from portal.i18n import now_utc
from portal.meetings import invitations, services
from portal.models import Area, Meeting, Membership, Organisation, OrganisationKind, User

INVITEES = 2000
RUNS = 5
PASSWORD_HASH = "pbkdf2:sha256:1000$bench$" + "0" * 64  # nobody logs in with it
BENCH_PASSWORD = "benchmark password only"  # noqa: S105 - a scratch database


def make_app():
    config = {
        "TESTING": True,
        "SECRET_KEY": "benchmark-secret-key-long-enough-0123456789",
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SERVER_NAME": None,
    }
    if not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="simpul-bench-")
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/bench.sqlite3"
        config["UPLOAD_FOLDER"] = folder
    return create_app(config)


def reset() -> None:
    db.create_all()
    if db.engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    from portal.seeding import seed_reference

    seed_reference()


def organisation_with_members(n: int) -> tuple[int, int]:
    """An organisation with n active members (bulk-inserted) and its coordinator."""
    kind = db.session.scalar(select(OrganisationKind).where(OrganisationKind.code == "TAGANA"))
    desa = db.session.scalar(select(Area).where(Area.level == "desa"))
    org = Organisation(name="Tagana Belitung Timur", kind_id=kind.id)
    db.session.add(org)
    db.session.flush()
    created = now_utc()
    db.session.execute(
        insert(User),
        [
            {
                "full_name": f"Relawan {i:04d}",
                "phone": f"+62813{i + 1000:08d}",
                "password_hash": PASSWORD_HASH,
                "home_desa_id": desa.id,
                "created_at": created,
            }
            for i in range(n)
        ],
    )
    user_ids = db.session.scalars(select(User.id).order_by(User.id)).all()
    db.session.execute(
        insert(Membership),
        [
            {
                "user_id": uid,
                "organisation_id": org.id,
                "status": "active",
                "role": "coordinator" if i == 0 else "member",
                "applied_at": created,
            }
            for i, uid in enumerate(user_ids)
        ],
    )
    db.session.commit()
    return org.id, user_ids[0]


def plan(org_id: int, n: int) -> services.MeetingPlan:
    starts = now_utc().replace(microsecond=0) + timedelta(days=1 + n)
    area = db.session.scalar(select(Area).where(Area.level == "kabupaten"))
    return services.MeetingPlan(
        title=f"Rakor kabupaten {n}",
        kind="rakor",
        level="kabupaten",
        area_id=area.id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        venue=f"Gedung Nasional {n}",
        agenda="",
        organisation_id=org_id,
        invited_ids=[org_id],
    )


def time_invitations(org_id: int) -> tuple[list[float], int]:
    """Only the bulk INSERT of 2,000 invitations (the meeting row exists already); also
    how many statements reach the database for it."""
    seconds, counter = [], Counter()
    for n in range(RUNS):
        p = plan(org_id, 100 + n)
        meeting = Meeting(
            title=p.title,
            kind=p.kind,
            level=p.level,
            area_id=p.area_id,
            starts_at=p.starts_at,
            ends_at=p.ends_at,
            venue=p.venue,
            venue_key=services.venue_key(p.venue),
            checkin_salt="bench",
        )
        db.session.add(meeting)
        db.session.flush()
        counter.statements = 0
        event.listen(db.engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        invited = invitations.invite_members(meeting, [org_id])
        db.session.commit()
        seconds.append(time.perf_counter() - started)
        event.remove(db.engine, "before_cursor_execute", counter)
        assert len(invited) == INVITEES
    return seconds, counter.statements


def time_schedule(org_id: int, coordinator_id: int) -> tuple[list[float], int]:
    """The whole schedule() call: meeting, invitations, notices, audit, commit."""
    coordinator = db.session.get(User, coordinator_id)
    seconds, last = [], None
    for n in range(RUNS):
        p = plan(org_id, n)
        started = time.perf_counter()
        last = services.schedule(coordinator, p)
        seconds.append(time.perf_counter() - started)
    return seconds, last.id


class Counter:
    def __init__(self):
        self.statements = 0

    def __call__(self, conn, cursor, statement, params, context, executemany):
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.statements += 1


def time_pages(app, meeting_id: int, coordinator_phone: str) -> list[tuple[str, int, float]]:
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = "https://localhost/"  # CSRF checks it over HTTPS
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.phone == coordinator_phone))
        user.password_hash = passwords.hash_password(BENCH_PASSWORD)
        db.session.commit()
    page = client.get("/masuk", base_url="https://localhost").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    logged_in = client.post(
        "/masuk",
        data={"login": coordinator_phone, "password": BENCH_PASSWORD, "csrf_token": csrf},
        base_url="https://localhost",
    )
    assert logged_in.status_code == 303, logged_in.status_code
    results = []
    with app.app_context():
        engine = db.engine
    for label, path in (
        ("halaman rapat", f"/rapat/{meeting_id}"),
        ("catat kehadiran (50 per halaman)", f"/rapat/{meeting_id}/kehadiran"),
        ("daftar hadir cetak (2.000 baris)", f"/rapat/{meeting_id}/daftar-hadir"),
        ("daftar hadir CSV", f"/rapat/{meeting_id}/daftar-hadir.csv"),
        ("daftar hadir XLSX", f"/rapat/{meeting_id}/daftar-hadir.xlsx"),
    ):
        client.get(path, base_url="https://localhost")
        counter = Counter()
        event.listen(engine, "before_cursor_execute", counter)
        started = time.perf_counter()
        response = client.get(path, base_url="https://localhost")
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", counter)
        assert response.status_code == 200, (path, response.status_code)
        results.append((label, counter.statements, elapsed))
    return results


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.0f} ms, best {min(values) * 1000:.0f} ms"


def main() -> None:
    app = make_app()
    with app.test_request_context():
        dialect = db.engine.dialect.name
        reset()
        org_id, coordinator_id = organisation_with_members(INVITEES)
        coordinator_phone = db.session.get(User, coordinator_id).phone
        invite_times, invite_statements = time_invitations(org_id)
        schedule_times, meeting_id = time_schedule(org_id, coordinator_id)
    print(f"database: {dialect}; {INVITEES} invitees; {RUNS} runs each")
    print(
        f"invitations for {INVITEES} invitees: {ms(invite_times)} "
        f"({invite_statements} statements: the SELECT of members, the executemany INSERT)"
    )
    print(f"schedule() with {INVITEES} invitations, notices, audit, commit: {ms(schedule_times)}")
    for label, statements, elapsed in time_pages(app, meeting_id, coordinator_phone):
        print(f"{label}: {statements} statements, {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
