"""Fixtures: an app per test on a fresh database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), an HTTPS test client with CSRF on, and one account per role."""

import logging

import pytest

from portal.extensions import db

from . import factories
from .helpers import Client, QueryCounter, make_app


@pytest.fixture(autouse=True)
def errors_logged_are_expected(request, caplog):
    """An ERROR in the log is a bug, unless the test provokes it on purpose and says so
    with @pytest.mark.logs_errors (and then it must happen)."""
    yield
    errors = [
        f"{record.name}: {record.getMessage()}"
        for when in ("setup", "call")
        for record in caplog.get_records(when)
        if record.levelno >= logging.ERROR
    ]
    expected = request.node.get_closest_marker("logs_errors") is not None
    if errors and not expected:
        pytest.fail("logged at ERROR (mark the test logs_errors if meant):\n" + "\n".join(errors))
    if expected and not errors:
        pytest.fail("marked logs_errors but logged no error")


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
def req(app):
    """A request context, for services that need one (links, the request's language)."""
    with app.test_request_context():
        yield app


@pytest.fixture
def count_queries(app):
    """with count_queries() as seen: ...; count_queries.get(client, path) (see QueryCounter)."""
    return QueryCounter(app)


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
