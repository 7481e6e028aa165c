"""Fixtures for the meetings tests: the policy world plus one meeting of organisation A."""

from types import SimpleNamespace

import pytest

from portal.extensions import db
from portal.meetings import attendance

from . import factories as mf


@pytest.fixture
def rakor(app, world):
    """A rakor of organisation A, starting in 30 minutes (check-in open), scheduled by its
    coordinator. The member and the coordinator are invited; org B's coordinator is not."""
    with app.app_context():
        m = mf.meeting(world.ids["coordinator"], [world.org_a])
        return SimpleNamespace(
            id=m.id,
            code=attendance.current_code(m),
            member_invitation=mf.invitation(m.id, world.ids["member"]).id,
        )


@pytest.fixture
def count_queries(app):
    """with count_queries() as seen: ...; len(seen) is the number of SQL statements, not
    counting BEGIN (SQLite's is explicit here, PostgreSQL's is implicit)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        seen: list[str] = []
        with app.app_context():
            engine = db.engine

        def before(conn, cursor, statement, params, context, executemany):
            if not statement.lstrip().upper().startswith("BEGIN"):
                seen.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def svc(app, world):
    """A request context for service tests (messages are translated per request)."""
    with app.test_request_context():
        yield world
