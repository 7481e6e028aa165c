"""SQLite runs with WAL, a busy timeout and foreign keys; its write lock is taken at the first
write, and a GET never fails for want of it."""

import contextlib
import io
import sqlite3
import threading
import time

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from portal.models import LoginSession

from ..helpers import NotATestDatabase, refuse_unless_test_database, reset_database


@pytest.fixture
def sqlite_app(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite settings; this run is on PostgreSQL, where they do not apply")
    return app


def test_pragmas(sqlite_app):
    with sqlite_app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def _statements_during(app, make_request):
    seen = []
    with app.app_context():
        engine = db.engine

    def capture(conn, cursor, statement, *args):
        seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", capture)
    try:
        make_request()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


@contextlib.contextmanager
def write_lock_held(app):
    """Another process holds SQLite's write lock (a long import, a backup's restore)."""
    with app.app_context():
        path = db.engine.url.database
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_every_transaction_begins_without_the_lock(sqlite_app, world, login_as):
    client = login_as("member")
    token = client.csrf_token("/akun/")
    for make_request in (
        lambda: client.post("/akun/pemberitahuan/baca", data={"csrf_token": token}),
        lambda: client.get("/akun/"),
    ):
        begins = [s for s in _statements_during(sqlite_app, make_request) if s == "BEGIN"]
        assert begins  # deferred: the write lock is taken at the first write, if any


def test_pages_render_while_another_writer_holds_the_lock(sqlite_app, world, login_as):
    client = login_as("member")
    with write_lock_held(sqlite_app):
        started = time.monotonic()
        assert client.get("/akun/").status_code == 200
        assert client.get("/").status_code == 200
        assert time.monotonic() - started < 2


@pytest.mark.parametrize("path", ["/", "/akun/"])
def test_a_due_session_touch_never_fails_the_page(sqlite_app, world, login_as, caplog, path):
    client = login_as("member")
    with sqlite_app.app_context():
        row = db.session.scalar(select(LoginSession))
        row.last_seen_at -= sqlite_app.config["SESSION_TOUCH_INTERVAL"] * 2
        db.session.commit()
        due = row.last_seen_at
    with write_lock_held(sqlite_app):
        started = time.monotonic()
        assert client.get(path).status_code == 200
        assert time.monotonic() - started < 2  # waited a moment, not the busy timeout
    assert "Skipped a write the page does not need" in caplog.text
    with sqlite_app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) == due
    assert client.get(path).status_code == 200  # the next page touches it
    with sqlite_app.app_context():
        assert db.session.scalar(select(LoginSession.last_seen_at)) > due
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15000


def test_a_materials_first_opening_never_fails_the_page(sqlite_app, world, login_as, caplog):
    from portal.models import MaterialProgress
    from portal.models.materials import AUDIENCE_MEMBERS

    from ..materials import samples

    with sqlite_app.app_context():
        samples.material(audience=AUDIENCE_MEMBERS, slug="sop-banjir")
        db.session.commit()
    client = login_as("member")
    with write_lock_held(sqlite_app):
        started = time.monotonic()
        page = client.get("/materi/sop-banjir")
        assert page.status_code == 200 and "SOP Evakuasi Banjir" in page.get_data(as_text=True)
        assert time.monotonic() - started < 2  # waited a moment, not the busy timeout
    assert "Skipped a write the page does not need" in caplog.text
    with sqlite_app.app_context():
        assert db.session.scalar(select(MaterialProgress.id)) is None
    assert client.get("/materi/sop-banjir").status_code == 200  # counted this time
    with sqlite_app.app_context():
        assert db.session.scalar(select(MaterialProgress.opened_at)) is not None


def test_a_due_touch_of_a_locked_session_row_skips_on_postgresql(app, world, login_as, caplog):
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("PostgreSQL row locks; SQLite's lock is the test above")
    client = login_as("member")
    with app.app_context():
        row = db.session.scalar(select(LoginSession))
        row.last_seen_at -= app.config["SESSION_TOUCH_INTERVAL"] * 2
        db.session.commit()
        with db.engine.connect() as other:
            other.execute(select(LoginSession).with_for_update())  # another request holds it
            started = time.monotonic()
            assert client.get("/akun/").status_code == 200
            assert time.monotonic() - started < 2
            other.rollback()
    assert "Skipped a write the page does not need" in caplog.text


def test_a_write_waits_for_the_lock_instead_of_failing(sqlite_app, world, login_as):
    client = login_as("member")
    token = client.csrf_token("/akun/")
    with write_lock_held(sqlite_app):
        results = []
        worker = threading.Thread(
            target=lambda: results.append(
                client.post("/akun/pemberitahuan/baca", data={"csrf_token": token}).status_code
            )
        )
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and not results  # waiting, not failed
    worker.join(10)
    assert results == [303]


def test_concurrent_read_then_write_requests_do_not_fail(sqlite_app, world, login_as):
    """Deferred transactions would fail at once with 'database is locked' here."""
    clients = [login_as("member") for _ in range(4)]
    tokens = [c.csrf_token("/akun/") for c in clients]
    results = []

    def post(client, token):
        for _ in range(5):
            response = client.post("/akun/pemberitahuan/baca", data={"csrf_token": token})
            results.append(response.status_code)

    threads = [
        threading.Thread(target=post, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [303] * 20


def test_foreign_keys_are_enforced(app):
    from sqlalchemy.exc import IntegrityError

    from portal.models import Membership

    with app.app_context():
        db.session.add(Membership(user_id=999_999, organisation_id=999_999))
        with pytest.raises(IntegrityError):
            db.session.commit()


@pytest.mark.parametrize(
    ("name", "refused"),
    [("simpul", True), ("production", True), ("test", False), ("simpul_test_2", False)],
)
def test_the_reset_runs_only_on_a_test_database(name, refused):
    """TEST_DATABASE_URL pointed at real data by mistake: nothing is deleted."""
    url = make_url(f"postgresql+psycopg://simpul@127.0.0.1:9/{name}")
    if refused:
        with pytest.raises(NotATestDatabase, match=f"refusing to empty the database '{name}'"):
            refuse_unless_test_database(url)
    else:
        refuse_unless_test_database(url)


def test_the_reset_refuses_before_touching_anything(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k" * 48,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://simpul@127.0.0.1:9/simpul",
        }
    )
    with app.app_context(), pytest.raises(NotATestDatabase):
        reset_database()  # port 9 answers nothing: the guard came before any connection


def test_a_photo_post_takes_the_lock_after_decoding_and_reads_nothing_after_commit(
    sqlite_app, world, login_as, monkeypatch
):
    """Members uploading large photos must not hold each other's writes up: the decoding
    comes before the first write, and the commit is the request's last word."""
    from portal.activities import photos

    from ..activities import factories as af
    from ..activities.helpers import activity_form, new_form

    client = login_as("member")
    with sqlite_app.app_context():
        data = activity_form(world.org_a)
        engine = db.engine
    data["submission_id"] = new_form(client)
    data["csrf_token"] = client.csrf_token("/kegiatan/baru")
    data["photos"] = [(io.BytesIO(af.jpeg((1200, 900))), "besar.jpg")]
    log = []
    real_process = photos.process

    def process(*args):
        probe = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")  # fails at once if the request holds the lock
            probe.execute("ROLLBACK")
            log.append("DECODE")
        finally:
            probe.close()
        return real_process(*args)

    monkeypatch.setattr(photos, "process", process)

    def statement(_conn, _cursor, sql, *_args):
        log.append(sql.split()[0].upper())

    listeners = [("before_cursor_execute", statement), ("commit", lambda _c: log.append("COMMIT"))]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        response = client.post("/kegiatan/baru", data=data, content_type="multipart/form-data")
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    assert response.status_code == 303
    first_write = min(log.index(w) for w in ("INSERT", "SAVEPOINT") if w in log)
    assert log.index("DECODE") < first_write
    assert log.count("COMMIT") == 1 and log[-1] == "COMMIT"
