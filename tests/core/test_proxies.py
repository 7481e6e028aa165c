"""Behind nginx (TRUSTED_PROXIES=1) the portal sees the real client and the public host;
with no trusted proxy (the default) a forged X-Forwarded-* header changes nothing."""

import pytest
from flask import url_for
from sqlalchemy import select

from portal import create_app
from portal.config import StartupError
from portal.extensions import db
from portal.models import AuditEvent

from ..helpers import csrf_in, make_app

# What nginx sends to gunicorn: a plain-http connection from 127.0.0.1 with these headers.
NGINX = {"base_url": "http://127.0.0.1:8000"}


def forwarded(ip: str) -> dict:
    return {
        "X-Forwarded-For": ip,
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "simpul.example.id",
        "Referer": "https://simpul.example.id/masuk",  # checked as same-origin over https
    }


def limited(tmp_path, proxies: int):
    return make_app(
        tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute", TRUSTED_PROXIES=proxies
    )


def failed_logins(app, ip: str, times: int) -> list[int]:
    return failed_logins_from(app.test_client(), ip, times)


def failed_logins_from(client, ip: str, times: int = 1) -> list[int]:
    kw = {**NGINX, "headers": forwarded(ip)}
    codes = []
    for _ in range(times):
        page = client.get("/masuk", **kw).get_data(as_text=True)
        token = csrf_in(page)
        data = {"login": "081200000000", "password": "salah salah salah", "csrf_token": token}
        codes.append(client.post("/masuk", data=data, **kw).status_code)
    return codes


def test_behind_one_proxy_each_client_has_its_own_bucket(tmp_path):
    app = limited(tmp_path, proxies=1)
    assert failed_logins(app, "10.0.0.1", 3) == [422, 422, 429]
    assert failed_logins(app, "10.0.0.2", 1) == [422]


def test_a_forged_header_without_a_trusted_proxy_shares_the_bucket(tmp_path):
    app = limited(tmp_path, proxies=0)
    assert failed_logins(app, "10.0.0.1", 2) == [422, 422]
    assert failed_logins(app, "10.0.0.2", 1) == [429]


def audited_ips(app) -> list[str | None]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent.ip).where(AuditEvent.action == "auth.login_failed")
        ).all()


@pytest.mark.parametrize(("proxies", "seen"), [(1, "10.0.0.7"), (0, "127.0.0.1")])
def test_the_audit_trail_records_the_client_behind_a_trusted_proxy(tmp_path, proxies, seen):
    app = make_app(tmp_path, TRUSTED_PROXIES=proxies)
    assert failed_logins(app, "10.0.0.7", 1) == [422]
    assert audited_ips(app) == [seen]


def with_link_view(app) -> dict:
    """A view that builds an absolute link, as activation links and calendar feeds do."""
    seen = {}

    @app.get("/_test/link")
    def link():
        seen["url"] = url_for("main.privacy", _external=True)
        return "ok"

    return seen


def test_links_use_the_public_host_and_https_behind_a_trusted_proxy(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    seen = with_link_view(app)
    response = app.test_client().get("/_test/link", headers=forwarded("10.0.0.7"), **NGINX)
    assert seen["url"] == "https://simpul.example.id/privasi"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_without_a_trusted_proxy_forged_host_and_proto_are_ignored(tmp_path):
    app = make_app(tmp_path)
    seen = with_link_view(app)
    response = app.test_client().get("/_test/link", headers=forwarded("10.0.0.7"), **NGINX)
    assert seen["url"] == "http://127.0.0.1:8000/privasi"
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("value", ["satu", "-1", "1.5", "true", "[1]"])
def test_a_trusted_proxies_setting_that_is_not_a_number_is_refused(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SIMPUL_TRUSTED_PROXIES", value)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 48}
    with pytest.raises(StartupError, match="SIMPUL_TRUSTED_PROXIES harus berupa bilangan bulat"):
        create_app(config)


def test_trusted_proxies_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMPUL_TRUSTED_PROXIES", "2")
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 48}
    assert create_app(config).config["TRUSTED_PROXIES"] == 2


def test_a_direct_client_of_gunicorn_cannot_forge_its_address(tmp_path):
    """Only the proxy's own connections (127.0.0.1 by default) are believed."""
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    seen = with_link_view(app)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.168.1.50"
    assert failed_logins_from(client, "10.0.0.7") == [422]
    assert audited_ips(app) == ["192.168.1.50"]
    client.get("/_test/link", headers=forwarded("10.0.0.7"), **NGINX)
    assert seen["url"] == "http://127.0.0.1:8000/privasi"


def test_the_proxy_addresses_are_a_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("SIMPUL_TRUSTED_PROXY_ADDRESSES", "10.0.0.2, 10.0.0.3")
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.3"
    assert failed_logins_from(client, "10.0.0.7") == [422]
    assert audited_ips(app) == ["10.0.0.7"]
