"""Soak and faults, for real: gunicorn (deploy/gunicorn.conf.py) on the test database
(PostgreSQL when TEST_DATABASE_URL is set), about a minute of

- 16 members logging activities through the real form, 5 more with large photos,
- readers of the pages that used to write on a GET (home and account, session touch due),
- coordinator and admin verifying and returning the same report at the same moment,

with, during the load, kill -9 of a worker, every database connection ended by the server
(PostgreSQL) and `flask backup`. Then: no answer 500, every 303 has its row and every row
its 303, each report reviewed once with one notice, PRAGMA integrity_check ok; prints the
throughput and the p95 (p99 for the writers).

Not part of the normal run (marker `soak`): `pytest -m soak tests/soak` (SOAK_SECONDS=60).
"""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select, text, update

from portal import months
from portal.extensions import db
from portal.models import Activity, AuditEvent, LoginSession, Membership, Notice, utcnow
from portal.models.activities import SUBMITTED

from .. import factories
from ..activities import factories as af
from ..activities.helpers import activity_form
from ..e2e.stack import port_open, wait_for
from ..helpers import make_app
from . import load

pytestmark = pytest.mark.soak

ROOT = Path(__file__).resolve().parents[2]
SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
WRITERS, READERS, ROUNDS = 16, 4, 15
PHOTOGRAPHERS = int(os.environ.get("SOAK_PHOTOS", "5"))
HASH = "pbkdf2:sha256:1000"  # the test's accounts; production's scrypt would rehash them


def _free_port(first: int = 18100, last: int = 18199) -> int:
    """SOAK_PORT, or the first free port of 18100-18199."""
    if os.environ.get("SOAK_PORT"):
        return int(os.environ["SOAK_PORT"])
    return next(port for port in range(first, last + 1) if not port_open(port))


PORT = _free_port()


def large_photo() -> bytes:
    """An 8-megapixel phone photo of about 4 MB."""
    size = (3264, 2448)
    noise = Image.effect_noise(size, 60).convert("RGB")
    image = Image.blend(noise, Image.linear_gradient("L").resize(size).convert("RGB"), 0.5)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def people(app):
    """Org A with its coordinator, the admin, the writers, readers and reviewed members."""
    with app.app_context():
        org = factories.organisation("Tagana Soak")
        made = {
            "coordinator": [factories.member(org, "Koordinator Soak", role="coordinator")],
            "admin": [factories.user("Admin Soak", is_admin=True)],
        }
        for kind, count in [("writer", WRITERS), ("photo", PHOTOGRAPHERS), ("reader", READERS)]:
            made[kind] = [factories.member(org, f"{kind} {i}") for i in range(count)]
        reviewed = [factories.member(org, f"Dilaporkan {i}") for i in range(ROUNDS)]
        db.session.flush()
        report_paths = []
        for person in reviewed:
            af.activity(person.id, org.id)
            af.report(person.id, org.id, months.current(), SUBMITTED)
            mid = af.membership_id(person.id, org.id)
            report_paths.append((person.id, f"/laporan/{mid}/{af.this_month()}"))
        form = activity_form(org.id)
        form.pop("title")
        reader_pages = {
            p.phone: f"/laporan/{af.membership_id(p.id, org.id)}/{af.this_month()}"
            for p in made["reader"]
        }
        db.session.commit()
        phones = {kind: [p.phone for p in group] for kind, group in made.items()}
        return phones, form, report_paths, reader_pages


@pytest.fixture
def portal(tmp_path):
    app = make_app(tmp_path, PASSWORD_HASH_METHOD=HASH)
    env = {
        **os.environ,
        "SIMPUL_SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SIMPUL_SECRET_KEY": app.config["SECRET_KEY"],
        "SIMPUL_INSTANCE_PATH": str(tmp_path / "instance"),
        "SIMPUL_UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "SIMPUL_RATELIMIT_ENABLED": "false",
        "SIMPUL_PASSWORD_HASH_METHOD": HASH,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": os.environ.get("SOAK_WORKERS", "4"),
        "GUNICORN_ACCESSLOG": str(tmp_path / "access.log"),
    }
    env.pop("DATABASE_URL", None)
    log = tmp_path / "gunicorn.log"
    bin_dir = Path(sys.executable).parent
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [bin_dir / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_for(lambda: port_open(PORT), "gunicorn", server, log)
        yield app, server, env, log
    finally:
        server.terminate()
        server.wait(30)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def kill_a_worker(server) -> int:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    os.kill(int(children[0]), signal.SIGKILL)
    return int(children[0])


def drop_connections(app) -> int:
    with app.app_context(), db.engine.connect() as connection:
        return len(
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ).all()
        )


def keep_touch_due(app, stop: threading.Event) -> None:
    """Every session is due its "last seen" touch, all the time."""
    while not stop.wait(1.0):
        with app.app_context():
            try:
                with db.engine.begin() as connection:
                    due = utcnow() - app.config["SESSION_TOUCH_INTERVAL"] - timedelta(minutes=1)
                    connection.execute(update(LoginSession).values(last_seen_at=due))
            except Exception as error:  # the connection drop below ends this one too
                print(f"touch skipped: {type(error).__name__}")


def test_soak(portal, capsys):
    app, server, env, log = portal
    phones, form, report_paths, reader_pages = people(app)
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    tally, stop, sent = load.Tally(), threading.Event(), {}
    photo = large_photo()

    def browser(kind: str, phone: str) -> load.Browser:
        person = load.Browser(PORT, tally, kind)
        person.log_in(phone, factories.PASSWORD)
        return person

    threads = [
        threading.Thread(
            target=load.write_activities, args=(browser("writer", p), form, sent, stop)
        )
        for p in phones["writer"]
    ]
    threads += [
        threading.Thread(
            target=load.write_activities, args=(browser("photo", p), form, sent, stop, photo)
        )
        for p in phones["photo"]
    ]
    threads += [
        threading.Thread(
            target=load.read_pages,
            args=(browser("reader", p), ["/", "/akun/", reader_pages[p]], stop),
        )
        for p in phones["reader"]
    ]
    threads.append(threading.Thread(target=keep_touch_due, args=(app, stop)))
    reviewers = [browser("review", phones["admin"][0]), browser("review", phones["coordinator"][0])]
    started = time.monotonic()
    for thread in threads:
        thread.start()

    faults, told = {}, []

    def break_things():
        for share, name, fault in [
            (0.25, "kill -9 worker", lambda: kill_a_worker(server)),
            (0.45, "connections dropped", lambda: drop_connections(app) if postgres else "-"),
            (0.65, "flask backup", lambda: backup(env)),
        ]:
            time.sleep(max(0.0, started + share * SECONDS - time.monotonic()))
            faults[name] = fault()

    def review_rounds():
        for number, (_member_id, path) in enumerate(report_paths):
            time.sleep(max(0.0, started + SECONDS * number / ROUNDS - time.monotonic()))
            if stop.is_set():
                return
            actions = ["verify", "return"] if number % 2 else ["return", "verify"]
            told.append(load.review_at_once(reviewers, path, actions))

    helpers = [threading.Thread(target=break_things), threading.Thread(target=review_rounds)]
    for thread in helpers:
        thread.start()
    time.sleep(max(0.0, started + SECONDS - time.monotonic()))
    stop.set()
    for thread in threads + helpers:
        thread.join(180)
    elapsed = time.monotonic() - started

    with app.app_context():
        rows = dict(
            db.session.execute(
                select(Activity.submission_id, func.count())
                .where(Activity.title.like("Soak %"))
                .group_by(Activity.submission_id)
            ).all()
        )
        reviews = [
            (
                db.session.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(
                        AuditEvent.action.in_(["report.verified", "report.returned"]),
                        AuditEvent.subject_user_id == member_id,
                    )
                ),
                db.session.scalar(
                    select(func.count()).select_from(Notice).where(Notice.user_id == member_id)
                ),
            )
            for member_id, _path in report_paths[: len(told)]
        ]
        integrity = (
            "not SQLite"
            if postgres
            else db.session.execute(text("PRAGMA integrity_check")).scalar()
        )
        members = db.session.scalar(select(func.count()).select_from(Membership))

    answered = {sid for sid, status in sent.items() if status == 303}
    unanswered = {sid for sid, status in sent.items() if status is None}
    other = {sid: status for sid, status in sent.items() if status not in (303, None)}
    total = sum(len(v) for v in tally.times.values())
    with capsys.disabled():
        print(
            f"\nsoak on {'PostgreSQL' if postgres else 'SQLite'}: {elapsed:.0f} s, "
            f"{total} requests ({total / elapsed:.1f}/s), {len(answered)} activities saved "
            f"({len(answered) / elapsed:.1f}/s), members {members}"
        )
        for kind in sorted(tally.times):
            print(
                f"  {kind:12} {len(tally.times[kind]):6} requests, "
                f"p95 {tally.percentile(kind, 0.95) * 1000:6.0f} ms, "
                f"p99 {tally.percentile(kind, 0.99) * 1000:6.0f} ms"
            )
        print(f"  statuses {dict(sorted(tally.statuses.items()))}")
        print(f"  no answer (resent) {tally.no_answer}, unanswered forms {len(unanswered)}")
        print(f"  faults {faults}")
        print(f"  reviews (audit, notices) per report {reviews}; told {told}")
    assert tally.count(500) == 0, log.read_text()[-3000:]
    assert not other, other
    assert answered <= set(rows), "a 303 without its row"
    assert set(rows) <= answered | unanswered, "a row without its 303"
    assert not unanswered, "forms that never got an answer after resending"
    assert set(rows.values()) == {1}
    assert all(review == (1, 1) for review in reviews), reviews
    assert all(sorted(t) == ["303 lost", "303 won"] for t in told), told
    assert integrity in ("ok", "not SQLite")
    assert faults["flask backup"] == 0
    assert answered and len(tally.times["reader"]) > 0 and len(told) >= 3


def backup(env) -> int:
    result = subprocess.run(
        [Path(sys.executable).parent / "flask", "--app", "portal", "backup"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.returncode
