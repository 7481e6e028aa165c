"""Login, registration and password change are rate limited, with a Bahasa Indonesia page."""

import pytest

from .. import factories
from ..helpers import empty_test_redis, make_app


@pytest.fixture
def limited_app(tmp_path):
    return make_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_LOGIN="3 per minute",
        RATELIMIT_REGISTER="2 per minute",
        RATELIMIT_PASSWORD="2 per minute",
    )


def test_login_is_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.login("081200000000", "salah salah salah").status_code == 422
    response = client.login("081200000000", "salah salah salah")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)


def test_registration_is_limited(limited_app):
    client = limited_app.test_client()
    codes = [client.post_form("/daftar", {"full_name": ""}).status_code for _ in range(3)]
    assert codes == [422, 422, 429]


def test_password_change_is_limited(limited_app):
    with limited_app.app_context():
        from portal.extensions import db

        user = factories.user("Pengguna Batas")
        db.session.commit()
        number = user.phone
    client = limited_app.test_client()
    client.login(number)
    codes = [
        client.post_form("/akun/kata-sandi", {"current": "salah"}).status_code for _ in range(3)
    ]
    assert codes == [422, 422, 429]


def test_limits_can_be_shared_through_redis(tmp_path):
    """Several processes share counts when the storage is Redis (as CI and production)."""
    uri = empty_test_redis()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_app(
        tmp_path / "a",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=uri,
        RATELIMIT_LOGIN="2 per minute",
    )
    second = make_app(
        tmp_path / "b",
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=uri,
        RATELIMIT_LOGIN="2 per minute",
    )
    assert first.test_client().login("081200000000", "salah salah salah").status_code == 422
    assert second.test_client().login("081200000000", "salah salah salah").status_code == 422
    assert first.test_client().login("081200000000", "salah salah salah").status_code == 429
