"""A dropped database connection: a GET is tried once more, anything else gets the 503
page "Coba lagi sebentar lagi", never a traceback (portal/database.py, web.py)."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from portal.extensions import db
from portal.models import User


class Dropped(Exception):
    """What the driver raises when the server ends the connection."""


@pytest.fixture
def flaky(app):
    """/_t/goyah: the database connection drops on the first call (or always)."""
    calls = []

    def view():
        calls.append(1)
        db.session.scalar(select(User.id).limit(1))
        if len(calls) == 1 or app.config.get("T_ALWAYS_DROPPED"):
            raise OperationalError(
                "SELECT 1", {}, Dropped("server closed the connection"), connection_invalidated=True
            )
        return "baik"

    app.add_url_rule("/_t/goyah", "t_flaky", view, methods=["GET", "POST"])
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return calls


def test_a_get_that_meets_a_dropped_connection_is_tried_once_more(app, flaky):
    response = app.test_client().get("/_t/goyah")
    assert response.status_code == 200 and response.get_data(as_text=True) == "baik"
    assert len(flaky) == 2


def test_a_get_dropped_twice_gets_the_503_page(app, flaky):
    app.config["T_ALWAYS_DROPPED"] = True
    response = app.test_client().get("/_t/goyah")
    assert response.status_code == 503 and len(flaky) == 2
    page = response.get_data(as_text=True)
    assert "Coba lagi sebentar lagi" in page and "Traceback" not in page
    assert response.headers["Retry-After"] == "5"


def test_a_post_is_not_tried_again_and_says_to_try_later(app, flaky):
    response = app.test_client().post("/_t/goyah")
    assert response.status_code == 503 and len(flaky) == 1
    assert "Coba lagi sebentar lagi" in response.get_data(as_text=True)


def test_the_503_page_in_english(app, flaky):
    app.config["T_ALWAYS_DROPPED"] = True
    client = app.test_client()
    client.post("/bahasa", data={"lang": "en"})
    page = client.get("/_t/goyah").get_data(as_text=True)
    assert "Try again in a moment" in page


def test_connections_ended_by_the_server_are_replaced_unseen(app, world, login_as):
    """pg_terminate_backend of every portal connection between two pages."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("PostgreSQL connections; SQLite has none to drop")
    client = login_as("member")
    assert client.get("/akun/").status_code == 200
    with app.app_context(), db.engine.connect() as admin:
        admin.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    assert client.get("/akun/").status_code == 200
    assert client.get("/").status_code == 200
