"""/sehat: 200 "ok" when the database (and Redis, when configured) answer; 503 without
details otherwise; never cached, never rate limited."""

import pytest

from portal import create_app
from portal.extensions import limiter

from ..helpers import empty_test_redis, make_app

DEAD_PORT = "127.0.0.1:9"  # discard: nothing listens there


def assert_unhealthy(response):
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "tidak sehat"  # no reason, no host, no driver
    assert response.headers["Cache-Control"] == "no-store"


def test_healthy(client):
    response = client.get("/sehat")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"
    assert response.mimetype == "text/plain"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_database_that_does_not_answer_is_503(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k" * 48,
            "SQLALCHEMY_DATABASE_URI": f"postgresql+psycopg://simpul@{DEAD_PORT}/simpul",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "RATELIMIT_ENABLED": False,
        }
    )
    assert_unhealthy(app.test_client().get("/sehat", base_url="https://localhost"))


def test_a_redis_that_does_not_answer_is_503(tmp_path):
    app = make_app(tmp_path, RATELIMIT_STORAGE_URI=f"redis://{DEAD_PORT}/0")
    assert_unhealthy(app.test_client().get("/sehat"))


def test_a_redis_that_answers_is_healthy(tmp_path):
    app = make_app(tmp_path, RATELIMIT_STORAGE_URI=empty_test_redis())
    assert app.test_client().get("/sehat").status_code == 200


@pytest.fixture
def every_route_limited(tmp_path):
    """An app where every route has a limit of 2 a minute, unless exempt."""
    yield make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    # The limiter is one object for every app, and keeps default limits once set.
    limiter.limit_manager.set_default_limits([])


def test_the_health_check_is_not_rate_limited(every_route_limited):
    client = every_route_limited.test_client()
    assert [client.get("/privasi").status_code for _ in range(3)] == [200, 200, 429]
    assert {client.get("/sehat").status_code for _ in range(5)} == {200}
