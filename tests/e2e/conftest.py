"""Browser tests: the real app served on a free localhost port, driven by Playwright in
Debian's Chromium at a 360×740 phone viewport.

Where no Chromium is found the tests skip with the reason, unless REQUIRE_BROWSER=1
(as in CI), when they fail instead.
"""

import os

import pytest

from ..helpers import make_app
from .helpers import PHONE, launched_chromium, serving


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def live_app(tmp_path):
    """The app on a real port in a background thread; yields (app, base_url)."""
    app = make_app(tmp_path)
    try:
        with serving(app) as base_url:
            yield app, base_url
    finally:
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
