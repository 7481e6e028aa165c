"""What the browser journeys share: Chromium, a second phone, logging in, logging an
activity, and the checks every page passes (accessible, fits a phone)."""

import contextlib
import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

PHONE = {"width": 360, "height": 740}

# Debian's Chromium in a container: no sandbox, GPU, QUIC or background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


def chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and os.path.exists(explicit):
        return explicit
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    return shutil.which("chromium")


@contextlib.contextmanager
def launched_chromium():
    """Debian's Chromium through Playwright. Without it the test skips with the reason,
    unless REQUIRE_BROWSER=1 (as in CI), when it fails instead."""
    path = chromium_path()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail("REQUIRE_BROWSER=1 but no Chromium was found (apt-get install chromium)")
        pytest.skip("no Chromium on this machine (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def serving(app, port: int = 0):
    """The app on a localhost port (a free one unless given) in a background thread;
    yields its base URL."""
    if not port:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


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


def fill_registration(page, name: str, phone: str, password: str, organisation: str) -> None:
    """The registration form on a phone, living in Desa Gantung (Kecamatan Gantung): htmx
    narrows the desa list to the kecamatan's once it is chosen. expect() polls without eval;
    wait_for_function with a string needs eval to poll, which the CSP forbids."""
    from playwright.sync_api import expect

    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Nomor HP").fill(phone)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_label("Kecamatan").select_option(label="Gantung")
    expect(page.locator("#desa optgroup")).to_have_count(0)
    expect(page.locator("#desa option").nth(1)).to_be_attached()
    page.get_by_label("Desa tempat tinggal").select_option(label="Gantung")
    page.get_by_label("Organisasi yang ingin Anda ikuti").select_option(label=organisation)
    page.get_by_label("Saya sudah membaca").check()


def activate_account(page, password: str) -> None:
    """On an activation link's page: the new password twice, consent, "Aktifkan akun"."""
    page.get_by_label("Kata sandi baru").fill(password)
    page.get_by_label("Ulangi kata sandi").fill(password)
    page.get_by_label("Saya sudah membaca pemberitahuan privasi").check()
    page.get_by_role("button", name="Aktifkan akun").click()


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


def fill_activity(page, title: str, photo: dict) -> None:
    """Fill the activity form on a phone: a disaster response with one photo
    ({"name", "mimeType", "buffer"})."""
    page.get_by_label("Jenis kegiatan").select_option(label="Respons bencana")
    page.get_by_label("Jam").fill("2")
    page.get_by_label("Menit").fill("30")
    page.get_by_label("Jumlah orang yang dilayani").fill("14")
    page.get_by_text("Kategori PPKS yang dilayani", exact=True).click()
    page.get_by_label("Anak Balita Telantar").check()
    page.get_by_label("Judul singkat").fill(title)
    page.get_by_label("Uraian").fill("Membantu evakuasi dan mendata kebutuhan posko.")
    page.get_by_label("Tambah foto").set_input_files(photo)
