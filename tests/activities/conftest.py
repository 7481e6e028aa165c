"""Helpers for the activity and report tests: a query counter, a logged-in form poster."""

import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from portal.extensions import db

SUBMISSION_RE = re.compile(r'name="submission_id" type="hidden" value="([^"]+)"')
ERROR_RE = re.compile(r'class="error">([^<]+)<')


@contextmanager
def counted_queries(app):
    """Every SQL statement the block sends to the database."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def errors_in(html: str) -> list[str]:
    return ERROR_RE.findall(html)


@pytest.fixture
def in_app(app):
    """Run a function inside an app context and return its result (ids, not objects)."""

    def run(fn, *args, **kwargs):
        with app.app_context():
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def req(app):
    """A request context: services speak Bahasa Indonesia, and the locale is per request."""
    with app.test_request_context():
        yield app
