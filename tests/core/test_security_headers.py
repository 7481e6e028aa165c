"""Headers on every response (pages, errors, static), CSRF everywhere, TRACE refused."""

import pytest

from portal import create_app

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize("path", ["/", "/masuk", "/tidak-ada"])
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "max-age=" in response.headers["Strict-Transport-Security"]


@pytest.mark.parametrize("path", ["/static/css/app.css", "/static/js/htmx-2.0.11.min.js"])
def test_static_files_get_what_nginx_gives_them(client, path):
    """nosniff, HSTS and a year's immutable cache; not the page-only headers, which on 3G
    cost as much per file as a small file."""
    response = client.get(path + "?v=1")
    headers = response.headers
    assert response.status_code == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=" in headers["Strict-Transport-Security"]
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    page_only = ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy")
    assert not [name for name in page_only if name in headers]
    assert "Expires" not in headers and "Content-Disposition" not in headers


def test_an_svg_opened_as_a_page_keeps_the_policy(client):
    response = client.get("/static/img/favicon.svg")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"] == CSP


def test_no_hsts_over_plain_http(client):
    response = client.get("/masuk", base_url="http://localhost")
    assert "Strict-Transport-Security" not in response.headers


def test_logged_in_pages_are_not_stored(login_as):
    client = login_as("member")
    assert client.get("/akun/").headers["Cache-Control"] == "no-store"
    assert client.get("/tidak-ada").headers["Cache-Control"] == "no-store"


def test_static_files_are_fingerprinted_and_cached_long(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert "/static/css/app.css?v=" in html
    response = client.get("/static/css/app.css")
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_no_inline_script_or_style_in_pages(client):
    html = client.get("/daftar").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert "/static/js/htmx-2.0.11.min.js?v=" in html  # loaded by app.js (data-htmx)


def test_pages_are_compressed(client):
    response = client.get("/daftar", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"


def test_trace_is_refused(client):
    response = client.open("/", method="TRACE")
    assert response.status_code == 405
    assert "Cara akses tidak diizinkan" in response.get_data(as_text=True)


def test_post_without_csrf_token_is_refused(client, world):
    response = client.post(
        "/masuk",
        data={"login": world.phones["member"], "password": "kata sandi yang panjang sekali"},
    )
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.get_data(as_text=True)
    assert client.get("/akun/").status_code == 302  # not logged in


def test_htmx_post_carries_the_token_in_a_header(login_as, world):
    client = login_as("coordinator")
    token = client.csrf_token("/organisasi/pendaftar")
    url = f"/organisasi/keanggotaan/{world.memberships['pending']}/keputusan"
    refused = client.post(url, data={"action": "approve"}, headers={"HX-Request": "true"})
    assert refused.status_code == 400
    accepted = client.post(
        url, data={"action": "approve"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert "disetujui" in accepted.get_data(as_text=True)
    assert "HX-Request" in accepted.headers["Vary"]
    assert "<html" not in accepted.get_data(as_text=True)  # a fragment


def test_the_body_carries_the_csrf_header_for_htmx(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert '<body hx-headers=\'{"X-CSRFToken": "' in html
    assert '"allowEval": false' in html and '"selfRequestsOnly": true' in html


def test_desa_fragment_varies_on_hx_request(client):
    response = client.get("/wilayah/desa?kecamatan=2", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("key", [None, "", "dev", "changeme", "short-key"])
def test_production_refuses_a_weak_secret_key(tmp_path, monkeypatch, key):
    monkeypatch.delenv("SIMPUL_SECRET_KEY", raising=False)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": key}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_production_starts_with_a_real_secret_key(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db", "SECRET_KEY": "k" * 48}
    )
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
