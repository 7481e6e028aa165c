"""`dev.py serve --lan`: plain http on the LAN for a phone. Only when asked for, never in
production; production keeps the __Host- Secure cookie."""

import pytest

import dev
from portal import create_app
from portal.config import StartupError

from .. import factories
from ..helpers import csrf_in, make_app

BANNER = "Server pengembangan — jangan dipakai untuk data sungguhan"
PHONE_URL = "http://192.168.1.20:5000"  # the LAN address a phone opens


def lan_app(tmp_path, monkeypatch):
    for name, value in dev.LAN_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    return make_app(tmp_path)


def test_production_is_the_default(client):
    response = client.get("/masuk")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=") and "Secure" in cookie
    assert BANNER not in response.get_data(as_text=True)


def test_over_plain_http_a_phone_can_log_in(tmp_path, monkeypatch):
    app = lan_app(tmp_path, monkeypatch)
    with app.app_context():
        from portal.extensions import db

        user = factories.user("Relawan Ponsel")
        db.session.commit()
        phone = user.phone
    client = app.test_client()
    client.environ_base["HTTP_REFERER"] = PHONE_URL + "/masuk"
    page = client.get("/masuk", base_url=PHONE_URL)
    cookie = page.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Secure" not in cookie and "HttpOnly" in cookie
    assert BANNER in page.get_data(as_text=True)
    token = csrf_in(page.get_data(as_text=True))
    data = {"login": phone, "password": factories.PASSWORD, "csrf_token": token}
    response = client.post("/masuk", data=data, base_url=PHONE_URL)
    assert response.status_code == 303
    assert BANNER in client.get("/", base_url=PHONE_URL).get_data(as_text=True)


def test_the_development_mode_needs_both_switches(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMPUL_DEVELOPMENT_HTTP", "true")
    monkeypatch.delenv("SIMPUL_ENVIRONMENT", raising=False)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 48}
    with pytest.raises(StartupError, match="DEVELOPMENT_HTTP hanya untuk server pengembangan"):
        create_app(config)


def test_development_environment_alone_keeps_the_secure_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMPUL_ENVIRONMENT", "development")
    app = make_app(tmp_path)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_lan_address_is_an_ipv4_address():
    parts = dev.lan_address().split(".")
    assert len(parts) == 4 and all(part.isdigit() for part in parts)
