"""The portal as deployed: Chromium on https://simpul.test through deploy/nginx/simpul.conf
(TLS, HTTP/2) to gunicorn (deploy/gunicorn.conf.py), with Redis for the rate limits and
the test database (PostgreSQL when TEST_DATABASE_URL is set). Skips without nginx, unless
REQUIRE_NGINX=1 (CI)."""

import contextlib
import http.client
import io
import socket
import ssl
import time
from datetime import timedelta
from urllib.parse import quote

import pytest
from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.meetings import attendance
from portal.models import ActivityPhoto, AuditEvent

from .. import factories
from ..helpers import csrf_in, empty_test_redis, make_app
from ..meetings import factories as meeting_factories
from . import stack
from .helpers import (
    CHROMIUM_ARGS,
    PHONE,
    activate_account,
    chromium_path,
    fill_activity,
    fill_registration,
    login,
)

LOGIN_LIMIT = 3  # failed log-ins a minute, per client address


@pytest.fixture(scope="module")
def deployed(tmp_path_factory):
    stack.nginx_path()  # skip (or fail in CI) before anything starts
    folder = tmp_path_factory.mktemp("stack")
    app = make_app(folder)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    started = stack.start(
        folder, uri, empty_test_redis(), app.config["UPLOAD_FOLDER"],
        SECRET_KEY=app.config["SECRET_KEY"],  # the check-in codes the test reads are signed
        RATELIMIT_LOGIN=f"{LOGIN_LIMIT} per minute",
    )  # fmt: skip
    yield app, next(started)
    started.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


class FromAddress(http.client.HTTPSConnection):
    """A client on its own loopback address (127.0.0.2, ...) speaking TLS to simpul.test."""

    def __init__(self, address: str, port: int):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        super().__init__(stack.HOST, port, context=context, timeout=10)
        self.address, self.target = address, port

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.target), 10, (self.address, 0))
        self.sock = self._context.wrap_socket(sock, server_hostname=stack.HOST)


def failed_login(address: str, port: int, host: str, scheme: str, forged: str = "") -> int:
    """GET the login page, then POST a wrong password with its token, from one address."""
    if scheme == "https":
        connection = FromAddress(address, port)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, 10, (address, 0))
    headers = {"Host": host, **({"X-Forwarded-For": forged} if forged else {})}
    connection.request("GET", "/masuk", headers=headers)
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    token = csrf_in(page.read().decode())
    body = f"login=081200000000&password=salah+salah+salah&csrf_token={quote(token)}"
    connection.request(
        "POST",
        "/masuk",
        body=body,
        headers={
            **headers,
            "Cookie": cookie,
            "Referer": f"{scheme}://{host}/masuk",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    status = connection.getresponse().status
    connection.close()
    return status


def test_two_clients_have_their_own_buckets_and_a_forged_header_does_not_help(deployed):
    app, site = deployed
    host = f"{stack.HOST}:{site.https_port}"
    first = [failed_login("127.0.0.2", site.https_port, host, "https") for _ in range(LOGIN_LIMIT)]
    assert first == [422] * LOGIN_LIMIT
    assert failed_login("127.0.0.2", site.https_port, host, "https") == 429
    # Another phone, another address: its own bucket.
    assert failed_login("127.0.0.3", site.https_port, host, "https") == 422
    # A header the client forges reaches the app before nginx's own address: ignored.
    assert failed_login("127.0.0.2", site.https_port, host, "https", forged="10.9.9.9") == 429
    # Straight to gunicorn (not from nginx's address): the forged header changes nothing.
    direct = f"127.0.0.1:{site.gunicorn_port}"
    assert failed_login("127.0.0.2", site.gunicorn_port, direct, "http", forged="10.9.9.8") == 429
    # The audit trail and gunicorn's access log name the real clients.
    with app.app_context():
        ips = set(db.session.scalars(select(AuditEvent.ip)).all())
    assert ips == {"127.0.0.2", "127.0.0.3"}
    access = site.log("gunicorn-access.log")
    assert '127.0.0.3 "POST /masuk' in access and "10.9.9" not in access


def test_the_access_logs_keep_no_query_strings_or_cookies(deployed):
    _app, site = deployed
    connection = FromAddress("127.0.0.5", site.https_port)
    connection.request(
        "GET",
        "/rapat/kalender.ics?token=rahasia-token-log&q=081299990000",
        headers={
            "Host": f"{stack.HOST}:{site.https_port}",
            "Cookie": "__Host-session=rahasia-sesi-log",
            "Referer": f"https://{stack.HOST}/cari?q=081299990001",
        },
    )
    assert connection.getresponse().status == 404
    connection.close()
    for name in ("simpul-access.log", "gunicorn-access.log"):
        for _ in range(40):  # each writes its line once the answer has gone
            if "/rapat/kalender.ics" in (log := site.log(name)):
                break
            time.sleep(0.05)
        assert "/rapat/kalender.ics" in log, name
        for secret in ("rahasia", "0812999900", "token="):
            assert secret not in log, (name, secret)


@pytest.mark.parametrize("over", [1, 8 * 1024 * 1024])
def test_an_upload_too_large_gets_the_portal_413_page(deployed, over):
    """nginx refuses the body on its Content-Length, and shows the portal's page."""
    app, site = deployed
    connection = FromAddress("127.0.0.4", site.https_port)
    connection.putrequest("POST", "/kegiatan/baru", skip_host=True)
    connection.putheader("Host", f"{stack.HOST}:{site.https_port}")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(app.config["MAX_CONTENT_LENGTH"] + over))
    connection.endheaders()
    response = connection.getresponse()
    page = response.read().decode()
    assert response.status == 413
    assert "Berkas terlalu besar" in page and "Simpul" in page


def test_a_phone_through_nginx_and_tls(deployed, browser):
    app, site = deployed
    base = site.base
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        member = factories.member(org, "Siti Relawan")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        db.session.commit()
        scheduled = meeting_factories.meeting(
            coordinator.id, [org.id], starts_in=timedelta(minutes=10)
        )
        meeting_id, code = scheduled.id, attendance.current_code(scheduled)
        member_phone = member.phone
    with phones_on_simpul_test(browser) as new_phone:
        page = new_phone()
        context = page.context
        statics = []
        page.on("response", lambda r: "/static/" in r.url and statics.append(r))
        first = page.goto(f"{base}/masuk")
        assert first.headers["strict-transport-security"].startswith("max-age=63072000")
        assert first.request.url.startswith(f"https://{stack.HOST}:")
        protocol = "performance.getEntriesByType('navigation')[0].nextHopProtocol"
        assert page.evaluate(protocol) == "h2"
        login(page, base, member_phone, factories.PASSWORD)
        (session,) = [c for c in context.cookies() if c["name"] == "__Host-session"]
        assert session["secure"] and session["httpOnly"] and session["path"] == "/"

        # Static files: from nginx itself, precompressed, cached for a year.
        css = next(r for r in statics if "/static/css/app.css" in r.url)
        headers = css.all_headers()
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["content-encoding"] == "gzip" and headers["server"].startswith("nginx")
        assert "/static/" not in site.log("gunicorn-access.log")

        # A photo goes up through nginx.
        page.get_by_role("link", name="Catat kegiatan").click()
        photo = io.BytesIO()
        Image.effect_noise((1200, 900), 60).convert("RGB").save(photo, "JPEG")
        fill_activity(
            page, "Evakuasi banjir Desa Lalang",
            {"name": "banjir.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()},
        )  # fmt: skip
        page.get_by_role("button", name="Simpan kegiatan").click()
        page.get_by_text("Kegiatan disimpan.").wait_for()
        with app.app_context():
            assert db.session.scalar(select(ActivityPhoto)) is not None

        # Check-in with the QR code's URL.
        page.goto(f"{base}/rapat/{meeting_id}/hadir?token={code}")
        page.get_by_role("button", name="Saya hadir").click()
        page.wait_for_url(f"{base}/rapat/{meeting_id}")
        page.get_by_text("kehadiran Anda tercatat pukul").wait_for()
        with app.app_context():
            assert attendance.counts(meeting_id).attendance["hadir"] == 1

        # Absolute links name the public host and https.
        page.goto(f"{base}/rapat/kalender")
        page.get_by_role("button", name="Buat alamat kalender").click()
        feed = page.get_by_label("Alamat rahasia kalender Anda").input_value()
        assert feed.startswith(f"{base}/rapat/kalender.ics?token=")
        # (fetched by the page: Playwright's own requests do not use Chromium's resolver)
        ics = page.evaluate(
            "url => fetch(url).then(r => r.text())", f"{base}/rapat/{meeting_id}/rapat.ics"
        )
        assert f"URL:{base}/rapat/{meeting_id}" in ics.replace("\r\n ", "")


def test_registering_and_an_activation_link_through_nginx_and_tls(deployed, browser):
    app, site = deployed
    base = site.base
    with app.app_context():
        org = factories.organisation("PSM Kecamatan Gantung", "PSM")
        coordinator = factories.member(org, "Rina Koordinator", role="coordinator")
        imported = factories.member(org, "Budi Impor")
        imported.password_hash = None  # imported from the coordinator's list: not activated
        db.session.commit()
        coordinator_phone, org_id = coordinator.phone, org.id
        membership_id = imported.memberships[0].id
    with phones_on_simpul_test(browser) as new_phone:
        # A newcomer registers on her phone over https.
        page = new_phone()
        page.goto(f"{base}/daftar")
        fill_registration(
            page, "Sari Pendaftar", "0812-7777-4321", "pantai manggar indah sekali",
            "PSM Kecamatan Gantung",
        )  # fmt: skip
        page.get_by_role("button", name="Daftar").click()
        page.wait_for_url(f"{base}/")
        assert "menunggu" in page.content()

        # The coordinator makes an activation link: it names the public host and https.
        page = new_phone()
        login(page, base, "0" + coordinator_phone[3:], factories.PASSWORD)
        page.goto(f"{base}/organisasi/{org_id}/anggota/{membership_id}")
        page.get_by_role("button", name="Buat tautan baru").click()
        page.get_by_text("Tautan aktivasi baru dibuat.").wait_for()
        link = page.locator(".link-box").inner_text().strip()
        assert link.startswith(f"{base}/aktivasi?token="), link

        # Budi opens it on his own phone and sets his password.
        page = new_phone()
        page.goto(link)
        activate_account(page, "pantai manggar indah sekali")
        page.wait_for_url(f"{base}/")
        page.get_by_text("Halo, Budi Impor").wait_for()


@contextlib.contextmanager
def phones_on_simpul_test(browser):
    """new_phone() -> a page in a phone-sized context of a second Chromium (from the
    session's Playwright) that maps simpul.test to 127.0.0.1."""
    launched = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {stack.HOST} 127.0.0.1"],
    )

    def new_phone():
        context = launched.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID",
            timezone_id="Asia/Jakarta", ignore_https_errors=True,
        )  # fmt: skip
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    try:
        yield new_phone
    finally:
        launched.close()
