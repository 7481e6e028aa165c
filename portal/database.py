"""One transaction per request or command; SQLite's write lock taken at the first write;
status changes decided once; writes that may be skipped; a dropped connection retried.

Services add and flush; nothing else commits. A request commits once, after the view,
when its response is a success (below 400, redirects included) and rolls back otherwise;
a CLI command wrapped in @committing commits once when it returns.
"""

import functools
import logging
import re

from flask import Flask, g, request
from sqlalchemy import event, inspect, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import ClauseElement

from .extensions import db

log = logging.getLogger(__name__)

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SAFE_METHODS = {"GET", "HEAD"}
# The statements that need SQLite's write lock (a savepoint too: the lock cannot be taken
# inside one, and savepoints here always wrap an insert).
_WRITES = re.compile(
    r"\s*(INSERT|UPDATE|DELETE|REPLACE|SAVEPOINT|CREATE|DROP|ALTER|ANALYZE)\b", re.I
)
_LOCKED = "simpul_write_lock"
# How long a skippable write (write_if_free) waits for a lock before it is skipped.
SKIPPABLE_WAIT_MS = 250
SQLITE_BUSY_TIMEOUT_MS = 15000
RETRY_FLAG = "simpul.retry_safe_request"


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    app.after_request(finish_request)
    app.teardown_request(_roll_back_on_exception)
    app.wsgi_app = RetrySafeRequests(app.wsgi_app)


def finish_request(response):
    """Commit a successful request's work, roll back a refused or failed one's; then the
    writes that may be skipped, each in its own short transaction.

    Registered before every other after-request hook, so it runs after them all: nothing
    of the request queries after its commit.
    """
    if response.status_code < 400 or g.get("keep_changes"):
        commit()
    else:
        db.session.rollback()
    _write_skippable()
    return response


def keep_changes() -> None:
    """Commit this request's work even though its answer is an error (a form sent back
    with 422 that keeps what was valid in it)."""
    g.keep_changes = True


def commit() -> None:
    """The one commit: on failure the transaction is rolled back and the error raised."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _roll_back_on_exception(exc) -> None:
    if exc is not None:
        db.session.rollback()


def committing(command):
    """A CLI command's one transaction: commit when it returns, roll back if it raises."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            result = command(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        commit()
        return result

    return run


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # Reads need no lock in WAL mode: every transaction starts deferred, and takes the
        # write lock only at its first write (below), so slow work before it (decoding
        # photos, parsing a spreadsheet) never holds up other writers.
        connection.info[_LOCKED] = False
        connection.exec_driver_sql("BEGIN")

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection):
        connection.info[_LOCKED] = True  # no transaction of ours to upgrade until the next

    @event.listens_for(engine, "before_cursor_execute")
    def _before_write(connection, cursor, statement, _parameters, context, _many):
        if connection.info.get(_LOCKED, True) or not _is_write(statement, context):
            return
        # A deferred transaction that has read cannot safely become a writer: if another
        # writer committed since its snapshot, SQLite answers "database is locked" at once,
        # without waiting. So the reads so far end (they wrote nothing) and the write lock
        # is taken now, waiting up to the busy timeout. What was read stays valid the way
        # PostgreSQL's READ COMMITTED reads are; status changes re-check in their UPDATE
        # (transition()).
        connection.info[_LOCKED] = True
        cursor.execute("COMMIT")
        cursor.execute("BEGIN IMMEDIATE")


def _is_write(statement: str, context) -> bool:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return True
    return _WRITES.match(statement) is not None


def refresh_statistics() -> None:
    """SQLite chooses an index from the statistics ANALYZE keeps in sqlite_stat1; without
    them it takes a unique index over a covering one (ix_monthly_report_owner_status, the
    "belum melapor" lists: 14 ms against 6 ms at 10,000 members). analysis_limit keeps it
    to a sample of each index, a few milliseconds on the 1,000,000-activity benchmark.
    PostgreSQL's autovacuum keeps its own statistics."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA analysis_limit = 400")
        connection.exec_driver_sql("ANALYZE")


def transition(obj, field: str, allowed, **values) -> bool:
    """Change obj's row only while its `field` still holds one of `allowed`, in one
    conditional UPDATE (UPDATE ... WHERE id = :id AND status IN (...)).

    Of two people changing the same status at once exactly one gets True; the other's
    object is reloaded with what the winner wrote, and the caller tells them so. Call it
    before any other change of the request. Values may be SQL expressions
    (`sequence=Meeting.sequence + 1`).
    """
    state = inspect(obj)
    mapper = state.mapper
    allowed = [allowed] if isinstance(allowed, str) else sorted(allowed)
    stmt = (
        update(mapper.class_)
        .where(
            *(column == key for column, key in zip(mapper.primary_key, state.identity, strict=True))
        )
        .where(getattr(mapper.class_, field).in_(allowed))
        .values(**(values or {field: getattr(mapper.class_, field)}))
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(stmt).rowcount != 1:
        db.session.refresh(obj)
        return False
    stale = []
    for key, value in values.items():
        if isinstance(value, ClauseElement):
            stale.append(key)
        else:
            set_committed_value(obj, key, value)
    stale += [
        rel.key
        for rel in mapper.relationships
        if any(column.key in values for column in rel.local_columns)
    ]
    if stale:
        db.session.expire(obj, stale)
    return True


def write_if_free(statement) -> None:
    """A write that may be skipped (a session's "last seen"): run after the request's own
    transaction, in one of its own that waits at most SKIPPABLE_WAIT_MS for a lock.
    If the database is busy it is skipped, and the page is not failed for it."""
    g.setdefault("skippable_writes", []).append(statement)


def _write_skippable() -> None:
    statements = g.pop("skippable_writes", None)
    if not statements:
        return
    try:
        with db.engine.connect() as connection:
            _run_with_short_wait(connection, statements)
    except Exception as error:  # whatever happens, the page is not failed for it
        log.warning("Skipped a write the page does not need: %s", _reason(error))


def _run_with_short_wait(connection, statements) -> None:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.dbapi_connection
    if sqlite:
        raw.execute(f"PRAGMA busy_timeout={SKIPPABLE_WAIT_MS}")
    try:
        with connection.begin():
            if not sqlite:
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{SKIPPABLE_WAIT_MS}ms'")
            for statement in statements:
                connection.execute(statement)
    finally:
        if sqlite and not connection.invalidated:
            raw.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _reason(error: Exception) -> str:
    orig = getattr(error, "orig", None)
    return f"{type(orig or error).__name__}: {orig or error}"[:200]


def is_transient(error: BaseException) -> bool:
    """A database error that trying again shortly may cure: a dropped connection, or
    SQLite still locked after the busy timeout. Answered with 503, never a traceback."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)


def mark_retry() -> None:
    """The request failed on a transient database error; RetrySafeRequests runs a GET or
    HEAD once more."""
    request.environ[RETRY_FLAG] = True


class RetrySafeRequests:
    """WSGI middleware: a GET or HEAD that met a dropped connection (or a lock) runs once
    more on a fresh one before its 503 reaches the person; other methods are not retried
    (their 503 says to try again)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in SAFE_METHODS:
            return self.wsgi_app(environ, start_response)
        first = dict(environ)
        held = []

        def hold(status, headers, exc_info=None):
            held[:] = [status, headers, exc_info]
            return lambda _data: None  # Flask never uses write()

        body = self.wsgi_app(first, hold)
        if not first.get(RETRY_FLAG):
            start_response(*held)
            return body
        if hasattr(body, "close"):
            body.close()
        log.warning("Retrying %s %s after a transient database error", *_where(first))
        return self.wsgi_app(dict(environ), start_response)


def _where(environ) -> tuple[str, str]:
    return environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")


def contains(column, term: str):
    """A case-insensitive "contains" filter in which % and _ typed by a person are literal."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")
