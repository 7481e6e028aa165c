"""What the tests share besides fixtures: the app factory, the test client, the query
counter, reading notices. Tests import these from here, never from a conftest."""

import os
import re
from contextlib import contextmanager

from flask import g, has_request_context, request
from flask.testing import FlaskClient
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from portal import create_app, notices
from portal.extensions import db
from portal.models import Notice

from . import factories

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
CSRF_RE = re.compile(
    r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"|"X-CSRFToken": "([^"]+)"'
)


class Client(FlaskClient):
    """HTTPS by default (so Secure cookies are exercised), with a same-origin Referer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_REFERER"] = "https://localhost/"

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", "https://localhost")
        return super().open(*args, **kwargs)

    def csrf_token(self, path: str = "/privasi") -> str:
        """Read the token a real page carries, the way a browser gets it."""
        return csrf_in(self.get(path).get_data(as_text=True), path)

    def post_form(self, path: str, data: dict | None = None, token_from: str | None = None, **kw):
        """POST like a browser submitting a form: with the CSRF token of a real page."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_from or "/privasi"))
        return self.post(path, data=data, **kw)

    def login(self, login: str, password: str = factories.PASSWORD):
        return self.post_form("/masuk", {"login": login, "password": password})


def csrf_in(html: str, where: str = "the page") -> str:
    """The CSRF token a page carries (in a form, or in the htmx header)."""
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {where}"
    return match.group(1) or match.group(2)


def main_unsigned(html: str) -> str:
    """A page's <main>, without its CSRF tokens' values: they carry the second they were
    signed in, so two answers compared as "the same" would differ across a second."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    unsigned = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1", main)
    assert unsigned != main or "csrf_token" not in main
    return unsigned


def empty_test_redis() -> str:
    """The URL of an emptied Redis database for tests (TEST_REDIS_URL, default db 15 on
    127.0.0.1). Without a Redis the test skips, except in CI (CI=1), where it fails."""
    import pytest
    import redis

    uri = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(uri).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis on 127.0.0.1:6379 (CI starts one)")
    return uri


def make_app(tmp_path, **overrides):
    """An app on a fresh database (SQLite file, or TEST_DATABASE_URL) with reference data."""
    uri = TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite3'}"
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": uri,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # production pins scrypt; see test_passwords
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = Client
    app.before_request(_guard_this_request)  # see guard_lazy_loads below
    with app.app_context():
        reset_database()
        from portal.seeding import seed_reference

        seed_reference()
        db.session.commit()
    return app


class NotATestDatabase(RuntimeError):
    pass


def refuse_unless_test_database(url) -> None:
    """The reset deletes every row: only on a database whose name says it is for tests,
    so a TEST_DATABASE_URL pointed at real data by mistake deletes nothing."""
    name = url.database or ""
    if "test" not in name.lower():
        raise NotATestDatabase(
            f"refusing to empty the database {name!r}: its name does not contain 'test'. "
            "Point TEST_DATABASE_URL at a database made for the tests (e.g. .../test)."
        )


def reset_database():
    """An empty schema with reference data to come. On PostgreSQL, DELETE and a sequence
    restart: TRUNCATE of every table costs a file truncation and fsync each, about a
    second per test; DELETE on these small tables costs milliseconds."""
    if db.engine.dialect.name == "postgresql":
        refuse_unless_test_database(db.engine.url)
        db.create_all()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        sequences = db.session.scalars(
            text(
                "SELECT sequence_name FROM information_schema.sequences "
                "WHERE sequence_schema = current_schema()"
            )
        ).all()
        for sequence in sequences:
            db.session.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART WITH 1'))
        db.session.commit()
    else:
        db.create_all()


class QueryCounter:
    """The count_queries fixture. `with count_queries() as seen:` lists the SQL statements
    the block runs, BEGIN aside (explicit on SQLite here, implicit on PostgreSQL);
    `count_queries.get(client, path)` is how many one GET of a page runs."""

    def __init__(self, app):
        with app.app_context():
            self.engine = db.engine

    @contextmanager
    def __call__(self):
        seen: list[str] = []

        def before(_conn, _cursor, statement, *_args):
            if not statement.lstrip().upper().startswith("BEGIN"):
                seen.append(statement)

        event.listen(self.engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            event.remove(self.engine, "before_cursor_execute", before)

    def get(self, client, path: str) -> int:
        """After a first visit (which touches the session row), the page must answer 200."""
        client.get(path)
        with self() as seen:
            response = client.get(path)
        assert response.status_code == 200, path
        return len(seen)


def notice_texts(*where) -> list[str]:
    """The notices (matching where), oldest first, as a reader in the default language
    reads them. Needs an app context."""
    rows = db.session.scalars(select(Notice).where(*where).order_by(Notice.id))
    return [notices.render(notice) for notice in rows]


def _guard_this_request() -> None:
    g.guard_lazy_loads = True


class LazyLoadDuringRequest(AssertionError):
    """A relationship was loaded one object at a time while a request ran."""


@event.listens_for(Session, "do_orm_execute")
def guard_lazy_loads(state) -> None:
    """The lazy-load guard, on for the whole suite: a page that loads a relationship
    lazily (one query per object, the N+1 of a list) fails its test. Load what a page
    shows explicitly (selectinload, joinedload, contains_eager). Only during requests of
    the app of make_app dispatches (not in CLI commands or set-up code)."""
    if not state.is_select or state.lazy_loaded_from is None or not has_request_context():
        return
    if not g.get("guard_lazy_loads"):
        return
    parent = state.lazy_loaded_from.mapper.class_.__name__
    target = state.bind_mapper.class_.__name__ if state.bind_mapper else "?"
    message = (
        f"lazy load of {target} from {parent} during {request.method} {request.url_rule}: "
        f"load it with selectinload/joinedload in the query "
        f"(SQL: {' '.join(str(state.statement).split())[:200]})"
    )
    if os.environ.get("LAZY_LOAD_LOG"):  # list them all instead of failing at the first
        with open(os.environ["LAZY_LOAD_LOG"], "a") as log:
            log.write(message + "\n")
        return
    raise LazyLoadDuringRequest(message)
