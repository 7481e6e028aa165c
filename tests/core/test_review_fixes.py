"""Bugs the review of the first features found (issue 9), each pinned by a test."""

import logging

import pytest

from portal import create_app, notices
from portal.extensions import db
from portal.models import User

from .. import factories


@pytest.fixture
def env_app(monkeypatch, tmp_path):
    def build(**environ):
        for key, value in environ.items():
            monkeypatch.setenv(key, value)
        return create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x" * 40,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'env.sqlite3'}",
            }
        )

    return build


def test_prefixed_environment_values_are_parsed(env_app, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = env_app(
        SIMPUL_MAX_CONTENT_LENGTH="1048576",
        SIMPUL_SESSION_COOKIE_SECURE="false",
        SIMPUL_OFFICE_NAME="Dinas Sosial Uji",
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 1048576
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["OFFICE_NAME"] == "Dinas Sosial Uji"


def test_a_numeric_body_limit_from_the_environment_keeps_posts_working(env_app, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = env_app(SIMPUL_MAX_CONTENT_LENGTH="1048576")
    with app.app_context():
        db.create_all()
    client = app.test_client()
    response = client.post("/masuk", data={"login": "x"}, base_url="https://localhost")
    assert response.status_code == 400  # the CSRF refusal page, not a 500
    response = client.post("/masuk", data={"login": "x" * 2_000_000}, base_url="https://localhost")
    assert response.status_code == 413


@pytest.mark.parametrize(
    "given",
    ["postgres://simpul@db/simpul", "postgresql://simpul@db/simpul"],
)
def test_database_url_is_rewritten_for_psycopg(given, monkeypatch, tmp_path):
    from flask import Flask

    from portal.config import from_environment

    monkeypatch.setenv("DATABASE_URL", given)
    app = Flask(__name__)
    from_environment(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://simpul@db/simpul"


def test_a_notice_sent_is_listed_and_counted_in_the_menu(app, world, login_as):
    with app.app_context():
        member = db.session.get(User, world.ids["member"])
        notices.notify(member, "rights.deletion_requested", "/laporan")
        db.session.commit()
    client = login_as("member")
    home = client.get("/").get_data(as_text=True)
    assert 'href="/akun/pemberitahuan"' in home
    assert '<span class="badge" aria-label="1 belum dibaca">1</span>' in home
    page = client.get("/akun/pemberitahuan").get_data(as_text=True)
    assert "Ada permintaan hapus akun baru." in page
    client.post_form("/akun/pemberitahuan/baca")
    assert "belum dibaca" not in client.get("/").get_data(as_text=True)


def test_admin_search_treats_percent_and_underscore_literally(app, world, login_as):
    with app.app_context():
        factories.user("Budi_Santoso")
        factories.user("Budi Santoso")
        db.session.commit()
    client = login_as("admin")
    page = client.get("/admin/pengguna?q=Budi_").get_data(as_text=True)
    assert "Budi_Santoso" in page and "Budi Santoso" not in page
    page = client.get("/admin/pengguna?q=%25").get_data(as_text=True)
    assert "Budi" not in page


@pytest.mark.parametrize("path", ["/", "/masuk", "/privasi", "/tidak-ada"])
def test_every_html_response_varies_on_htmx(client, path):
    response = client.get(path)
    assert response.mimetype == "text/html"
    assert "HX-Request" in response.headers.get("Vary", "")


@pytest.mark.logs_errors
def test_an_unhandled_exception_is_logged_once(app, client, caplog):
    @app.get("/_boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        response = client.get("/_boom")
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info
