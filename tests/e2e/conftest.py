"""Browser tests: the real app served on a free localhost port, driven by Playwright in
Debian's Chromium at a 360×740 phone viewport.

Where no Chromium is found the tests skip with the reason, unless REQUIRE_BROWSER=1
(as in CI), when they fail instead.
"""

import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

from ..conftest import make_app

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
PHONE = {"width": 360, "height": 740}


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and os.path.exists(explicit):
        return explicit
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
        pytest.skip("no Chromium on this machine (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_app(tmp_path):
    """The app on a real port in a background thread; yields (app, base_url)."""
    app = make_app(tmp_path)
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        from portal.extensions import db

        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def phone_page(browser):
    """A fresh browser context at phone size; a new page in it."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        timezone_id="Asia/Jakarta",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def new_phone_page(browser):
    """A second person's phone, for journeys with two people."""
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID", timezone_id="Asia/Jakarta"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def login(page, base_url: str, login: str, password: str) -> None:
    page.goto(f"{base_url}/masuk")
    page.get_by_label("Nomor HP atau e-mail").fill(login)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base_url}/")


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}×)" for v in bad)


def assert_fits_phone(page) -> None:
    """Nothing sticks out sideways at 360 px: no horizontal scrolling."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"page is {overflow}px wider than the 360px screen"
