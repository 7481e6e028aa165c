"""Issue 13 on a phone with a weak signal: no request fails silently, uploads show their
progress, a busy button looks busy."""

import re

from playwright.sync_api import expect

from portal.extensions import db

from .. import factories
from .helpers import fill_activity, login
from .test_activity_report_journey import big_photo


def test_a_request_without_network_says_so_and_retries(live_app, phone_page):
    _app, base = live_app
    page = phone_page
    page.goto(f"{base}/daftar")
    page.get_by_label("Nama lengkap").focus()  # the first touch brings htmx
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    page.get_by_label("Kecamatan").select_option(label="Gantung")
    problem = page.get_by_role("alert").filter(has_text="Tidak tersambung")
    expect(problem).to_be_visible()
    page.context.set_offline(False)
    problem.get_by_role("button", name="Coba lagi").click()
    expect(problem).to_be_hidden()
    expect(page.locator("#desa optgroup")).to_have_count(0)  # the retry narrowed the list


def test_a_server_error_says_so_and_retries(live_app, phone_page):
    _app, base = live_app
    page = phone_page
    page.goto(f"{base}/daftar")
    page.get_by_label("Kecamatan").focus()  # the first touch brings htmx
    page.wait_for_load_state("networkidle")
    failing = {"left": 1}

    def once_500(route):
        if failing["left"]:
            failing["left"] -= 1
            route.fulfill(status=500, body="rusak")
        else:
            route.continue_()

    page.route(re.compile(r".*/wilayah/desa.*"), once_500)
    page.get_by_label("Kecamatan").select_option(label="Gantung")
    problem = page.get_by_role("alert").filter(has_text="Server sedang bermasalah")
    expect(problem).to_be_visible()
    problem.get_by_role("button", name="Coba lagi").click()
    expect(page.locator("#desa optgroup")).to_have_count(0)


def test_a_photo_upload_shows_its_progress_and_a_busy_button(live_app, phone_page):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        member = factories.member(org, "Siti Relawan")
        db.session.commit()
        phone = member.phone
    page = phone_page
    login(page, base, phone, factories.PASSWORD)
    page.goto(f"{base}/kegiatan/baru")
    photo = {"name": "posko.jpg", "mimeType": "image/jpeg", "buffer": big_photo()}
    fill_activity(page, "Dapur umum posko", photo)
    page.get_by_text(re.compile("Foto siap dikirim")).wait_for()
    held = []
    page.route(re.compile(r".*/kegiatan/baru$"), lambda route: held.append(route))
    button = page.get_by_role("button", name="Simpan kegiatan")
    button.click()
    expect(
        page.get_by_role("status").filter(has_text=re.compile(r"Mengirim \d+ %…"))
    ).to_be_visible()
    expect(button).to_have_attribute("aria-busy", "true")
    page.wait_for_timeout(200)
    for route in held:
        route.continue_()
    page.get_by_text("Kegiatan disimpan.").wait_for()


def test_a_list_changed_while_htmx_downloads_is_sent_once_it_arrives(live_app, phone_page):
    """On 3G htmx arrives seconds after the first touch: the kecamatan picked meanwhile
    still narrows the desa list once it is here (app.js, changedMeanwhile)."""
    _app, base = live_app
    page = phone_page
    held = []
    page.route(re.compile(r".*/static/js/htmx-.*\.js.*"), lambda route: held.append(route))
    page.goto(f"{base}/daftar")
    page.get_by_label("Kecamatan").focus()  # the first touch starts the download
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "htmx was not asked for"
    page.get_by_label("Kecamatan").select_option(label="Gantung")
    page.wait_for_timeout(300)
    expect(page.locator("#desa optgroup")).not_to_have_count(0)  # nothing to send it yet
    held[0].continue_()
    expect(page.locator("#desa optgroup")).to_have_count(0)
    expect(page.locator("#desa option").nth(1)).to_be_attached()
