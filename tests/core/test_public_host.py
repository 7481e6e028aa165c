"""Absolute links are built on PUBLIC_URL, never on the Host a request claims; other hosts
are refused. Several workers never count rate limits in memory in production."""

import logging

import pytest

from portal import create_app
from portal.config import StartupError

from ..helpers import make_app

PUBLIC = "https://simpul.example.id"


@pytest.fixture
def public_app(tmp_path):
    # localhost too, so that the test client (https://localhost) may talk to it.
    return make_app(tmp_path, PUBLIC_URL=PUBLIC + "/", TRUSTED_HOSTS=["localhost"])


def _feed_url(client) -> str:
    client.post_form("/rapat/kalender")
    html = client.get("/rapat/kalender").get_data(as_text=True)
    start = html.index('id="feed-url" type="text" value="') + len(
        'id="feed-url" type="text" value="'
    )
    return html[start : html.index('"', start)]


def test_a_request_for_another_host_is_refused(public_app):
    client = public_app.test_client()
    assert client.get("/masuk", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/masuk", base_url="https://evil.example").status_code == 400
    assert client.get("/masuk", base_url=PUBLIC).status_code == 200


def test_links_are_built_on_the_public_url_whatever_the_host(public_app):
    from .. import factories

    with public_app.app_context():
        from portal.extensions import db

        member = factories.member(factories.organisation("Org Tautan", "TAGANA"), "Anggota T")
        db.session.commit()
        number = member.phone
    client = public_app.test_client()
    assert client.login(number).status_code == 303
    url = _feed_url(client)  # asked for through https://localhost
    assert url.startswith(PUBLIC + "/rapat/kalender.ics?token=")


def test_without_a_public_url_development_links_follow_the_page(app, login_as):
    url = _feed_url(login_as("member"))
    assert url.startswith("https://localhost/rapat/kalender.ics?token=")


@pytest.mark.parametrize("value", ["simpul.example.id", "ftp://x.id", "https://x.id/portal"])
def test_a_public_url_that_is_not_an_origin_is_refused(tmp_path, value):
    with pytest.raises(StartupError, match="SIMPUL_PUBLIC_URL"):
        make_app(tmp_path, PUBLIC_URL=value)


def _production(tmp_path, **settings):
    config = {
        "SECRET_KEY": "k" * 48,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.sqlite3",
        "PUBLIC_URL": PUBLIC,
        **settings,
    }
    return create_app(config)


def test_production_without_a_public_url_warns_at_start(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.config"):
        _production(tmp_path, PUBLIC_URL="")
    assert "SIMPUL_PUBLIC_URL belum diisi" in caplog.text


def test_in_memory_rate_limits_with_several_workers_are_refused_in_production(tmp_path):
    with pytest.raises(StartupError, match="SIMPUL_RATELIMIT_STORAGE_URI"):
        _production(tmp_path, SERVER_WORKERS=5)
    _production(tmp_path, SERVER_WORKERS=1)  # one worker counts everything itself
    _production(tmp_path, SERVER_WORKERS=5, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/2")
    _production(tmp_path, SERVER_WORKERS=5, ENVIRONMENT="development")


def test_gunicorn_tells_each_worker_how_many_there_are(monkeypatch):
    from pathlib import Path
    from types import SimpleNamespace

    conf = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
    namespace: dict = {}
    exec(conf.read_text(), namespace)  # noqa: S102 - our own file
    monkeypatch.setenv("SIMPUL_SERVER_WORKERS", "1")  # so that the hook's value is undone
    server = SimpleNamespace(cfg=SimpleNamespace(workers=5))
    namespace["post_fork"](server, None)
    import os

    assert os.environ["SIMPUL_SERVER_WORKERS"] == "5"
