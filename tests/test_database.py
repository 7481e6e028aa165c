"""SQLite runs with WAL, a busy timeout, foreign keys, and BEGIN IMMEDIATE for writes."""

import threading

import pytest
from sqlalchemy import event, text

from portal.extensions import db


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


def _begins_during(app, make_request):
    seen = []
    with app.app_context():
        engine = db.engine

    def capture(conn, cursor, statement, *args):
        if statement.startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", capture)
    try:
        make_request()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return seen


def test_post_requests_take_the_write_lock_up_front(sqlite_app, world, login_as):
    client = login_as("member")
    token = client.csrf_token("/akun/")
    begins = _begins_during(
        sqlite_app, lambda: client.post("/akun/pemberitahuan/baca", data={"csrf_token": token})
    )
    assert begins and set(begins) == {"BEGIN IMMEDIATE"}
    begins = _begins_during(sqlite_app, lambda: client.get("/akun/"))
    assert begins and set(begins) == {"BEGIN"}


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
