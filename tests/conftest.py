"""Fixtures: an app per test on a fresh database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), an HTTPS test client with CSRF on, and one account per role."""

import os
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.extensions import db

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
        html = self.get(path).get_data(as_text=True)
        match = CSRF_RE.search(html)
        assert match, f"no CSRF token on {path}"
        return match.group(1) or match.group(2)

    def post_form(self, path: str, data: dict | None = None, token_from: str | None = None, **kw):
        """POST like a browser submitting a form: with the CSRF token of a real page."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token(token_from or "/privasi"))
        return self.post(path, data=data, **kw)

    def login(self, login: str, password: str = factories.PASSWORD):
        return self.post_form("/masuk", {"login": login, "password": password})


def make_app(tmp_path, **overrides):
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
    with app.app_context():
        reset_database()
        from portal.seeding import seed_reference

        seed_reference()
    return app


def reset_database():
    """An empty schema with reference data to come. On PostgreSQL, DELETE and a sequence
    restart: TRUNCATE of every table costs a file truncation and fsync each, about a
    second per test; DELETE on these small tables costs milliseconds."""
    if db.engine.dialect.name == "postgresql":
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


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An app context, for tests of services that need no request."""
    with app.app_context():
        yield app


@pytest.fixture
def world(app):
    """Two organisations and one person in each role of the policy table."""
    with app.app_context():
        return factories.world()


@pytest.fixture
def login_as(app, world):
    """login_as('member') -> a client logged in as that role."""

    def _login(role: str) -> Client:
        client = app.test_client()
        if role != "anonymous":
            response = client.login(world.phones[role])
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return client

    return _login
