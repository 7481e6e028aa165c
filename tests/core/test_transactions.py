"""One transaction per request or command, and files that follow it (portal/database.py,
portal/storage.py)."""

import os

import click
import pytest
from sqlalchemy import event, func, select

from portal import audit, database, storage
from portal.extensions import db
from portal.models import AuditEvent

from ..factories import PASSWORD


@pytest.fixture
def views(app):
    """Views that write an audit row and a file, then answer with the status asked for."""
    written = []

    def write(status: int):
        audit.record("test.written")
        written.append(storage.save(b"data", "tests", "txt"))
        if status == 500:
            raise RuntimeError("a bug after the service")
        if status == 299:
            database.keep_changes()
            status = 422
        return "", status

    def replace(status: int):
        storage.delete_after_commit(written[0])
        return "", status

    app.add_url_rule("/_t/tulis/<int:status>", "t_write", write, methods=["POST"])
    app.add_url_rule("/_t/ganti/<int:status>", "t_replace", replace, methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    return written


def _rows(app) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "test.written")
        )


def _exists(app, relative: str) -> bool:
    with app.test_request_context():
        return os.path.exists(storage.absolute(relative))


@pytest.mark.parametrize("status", [200, 303])
def test_a_success_or_a_redirect_commits(app, views, status):
    assert app.test_client().post(f"/_t/tulis/{status}").status_code == status
    assert _rows(app) == 1 and _exists(app, views[0])


@pytest.mark.parametrize("status", [404, 422])
def test_a_refusal_rolls_back_and_deletes_the_file(app, views, status):
    assert app.test_client().post(f"/_t/tulis/{status}").status_code == status
    assert _rows(app) == 0 and not _exists(app, views[0])


@pytest.mark.logs_errors  # the 500 is logged once, on purpose
def test_an_exception_rolls_back_and_deletes_the_file(app, views):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().post("/_t/tulis/500").status_code == 500
    assert _rows(app) == 0 and not _exists(app, views[0])


def test_a_view_may_keep_its_work_on_a_422(app, views):
    assert app.test_client().post("/_t/tulis/299").status_code == 422
    assert _rows(app) == 1 and _exists(app, views[0])


def test_a_file_to_delete_goes_only_when_the_change_commits(app, views):
    client = app.test_client()
    client.post("/_t/tulis/200")
    assert client.post("/_t/ganti/422").status_code == 422
    assert _exists(app, views[0])
    assert client.post("/_t/ganti/303").status_code == 303
    assert not _exists(app, views[0])


def test_a_savepoint_that_rolls_back_takes_only_its_own_files(app):
    with app.test_request_context():
        before = storage.save(b"a", "tests", "txt")
        audit.record("test.written")
        with pytest.raises(RuntimeError), db.session.begin_nested():
            inside = storage.save(b"b", "tests", "txt")
            raise RuntimeError("duplicate")
        assert not os.path.exists(storage.absolute(inside))
        db.session.commit()
        assert os.path.exists(storage.absolute(before))


def test_a_command_commits_once_when_it_returns_and_not_when_it_fails(app):
    @app.cli.command("t-write")
    @click.option("--fail", is_flag=True)
    @database.committing
    def write(fail):
        audit.record("test.written")
        if fail:
            raise click.ClickException("refused")

    runner = app.test_cli_runner()
    failed = runner.invoke(args=["t-write", "--fail"])
    assert failed.exit_code == 1 and "refused" in failed.output
    assert _rows(app) == 0
    assert runner.invoke(args=["t-write"]).exit_code == 0
    assert _rows(app) == 1


def test_a_login_is_one_transaction(app, world):
    client = app.test_client()
    token = client.csrf_token("/masuk")
    with app.app_context():
        engine = db.engine
    commits = []

    def count(connection):
        commits.append(connection)

    event.listen(engine, "commit", count)
    try:
        response = client.post(
            "/masuk",
            data={"login": world.phones["member"], "password": PASSWORD, "csrf_token": token},
        )
    finally:
        event.remove(engine, "commit", count)
    assert response.status_code == 303
    assert len(commits) == 1  # session row, last login, audit event (and a rehash) together
