"""Bytes a phone transfers per page: the first visit (empty cache) and a later one, for the
six main pages of issue 13 and an activity with two photos, logged in as a member.

Measured at the server (status line, headers and compressed body of every answer), for
everything the page and its service worker load until the network is quiet: what a cache
or the worker answers costs nothing. The first visit in a fresh browser context, the later
one right after in the same context. Budgets: first visit <= 30 KB, later visit <= 5 KB,
the page with two photos <= 40 KB on a first visit. Exits 1 over a budget; -v lists the
requests.

    .venv/bin/python benchmarks/bench_transfer.py
"""

import io
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.extensions import db
from tests import factories
from tests.activities import factories as activity_factories
from tests.e2e.helpers import CHROMIUM_ARGS, chromium_path, login, serving
from tests.helpers import make_app
from tests.meetings import factories as meeting_factories

FIRST, LATER, WITH_PHOTOS = 30 * 1024, 5 * 1024, 40 * 1024
DEBUG = "-v" in sys.argv


def camera_photo(seed: int) -> dict:
    """A 2400×1800 JPEG as a phone camera takes it (the browser and the server shrink it)."""
    buffer = io.BytesIO()
    Image.effect_noise((2400, 1800), 40 + seed).convert("RGB").save(buffer, "JPEG", quality=90)
    return {"name": f"foto-{seed}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def world(app):
    """A member with an activity and a meeting in two days (also Lighthouse's pages)."""
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        member = factories.member(org, "Siti Relawan")
        boss = factories.member(org, "Rudi Koordinator", role="coordinator")
        db.session.commit()
        activity_factories.activity(member.id, org.id)
        db.session.commit()
        meeting = meeting_factories.meeting(boss.id, [org.id], starts_in=timedelta(days=2))
        return member.phone, meeting.id, activity_factories.membership_id(member.id, org.id)


class Wire:
    """Counts what the server sends: status line, headers and (compressed) body of every
    answer. What a phone's cache or service worker answers never reaches it."""

    def __init__(self, app):
        self.app, self.bytes, self.requests, self.lines = app, 0, 0, []

    def __call__(self, environ, start_response):
        def counted(status, headers, exc_info=None):
            size = len(status) + 11 + sum(len(k) + len(v) + 4 for k, v in headers) + 2
            self.bytes += size
            self.requests += 1
            self.lines.append(f"{status[:3]} {environ['PATH_INFO']}")
            return start_response(status, headers, exc_info)

        for chunk in self.app(environ, counted):
            self.bytes += len(chunk)
            yield chunk

    def reset(self):
        self.bytes, self.requests, self.lines = 0, 0, []


def transferred(wire: Wire, context, url: str) -> tuple[int, int, str]:
    """Bytes and requests of one visit, in the page's context (its cache, its worker),
    until the network is quiet and the service worker is ready."""
    wire.reset()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    page.evaluate(  # the worker is there for a logged-in person only (app.js)
        "() => !document.querySelector('meta[name=simpul-user]')"
        " || navigator.serviceWorker.ready.then(() => true)"
    )
    page.wait_for_load_state("networkidle")
    final = page.url
    page.close()
    if DEBUG:
        print("   ", ", ".join(wire.lines))
    return wire.bytes, wire.requests, final


def activity_with_two_photos(context, base: str) -> str:
    """The member logs an activity with two photos through the form; its page's address."""
    page = context.new_page()
    page.goto(f"{base}/kegiatan/baru")
    page.get_by_label("Jenis kegiatan").select_option(index=1)
    page.get_by_label("Jam").fill("2")
    page.get_by_label("Jumlah orang yang dilayani").fill("14")
    page.get_by_label("Judul singkat").fill("Evakuasi warga Desa Lalang")
    page.get_by_label("Tambah foto").set_input_files([camera_photo(1), camera_photo(2)])
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.wait_for_load_state("networkidle")
    link = page.get_by_role("link", name="Evakuasi warga Desa Lalang").first
    address = base + link.get_attribute("href")
    page.close()
    return address


def main() -> int:
    app = make_app(Path(tempfile.mkdtemp(prefix="simpul-transfer-")))
    wire = Wire(app.wsgi_app)
    app.wsgi_app = wire
    phone, meeting_id, membership_id = world(app)
    month = activity_factories.this_month()
    over = False
    with serving(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        phone_size = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
        setup = browser.new_context(**phone_size)
        login(setup.new_page(), base, phone, factories.PASSWORD)
        photos = activity_with_two_photos(setup, base)
        cookies = setup.cookies()
        setup.close()
        pages = {
            "login": ("/masuk", False),
            "home": ("/", True),
            "activity form": ("/kegiatan/baru", True),
            "monthly report": (f"/laporan/{membership_id}/{month}", True),
            "meeting": (f"/rapat/{meeting_id}", True),
            "public directory": ("/direktori/", False),
            "activity, 2 photos": (photos.removeprefix(base), True),
        }
        for name, (path, logged_in) in pages.items():
            context = browser.new_context(**phone_size)
            if logged_in:
                context.add_cookies(cookies)
            first, n_first, final = transferred(wire, context, base + path)
            later, n_later, _ = transferred(wire, context, base + path)
            context.close()
            assert final == base + path, f"{name}: landed on {final}"
            budget = WITH_PHOTOS if "photos" in name else FIRST
            bad = first > budget or later > LATER
            over |= bad
            print(
                f"{'OVER' if bad else 'ok  '} {name:19} first visit {first / 1024:5.1f} KB "
                f"({n_first} requests), later visit {later / 1024:4.1f} KB ({n_later})"
            )
        browser.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
