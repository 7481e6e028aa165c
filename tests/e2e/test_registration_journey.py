"""Issue 2 journey on a phone: register → the coordinator approves → active → log out."""

from playwright.sync_api import expect

from portal.extensions import db

from .. import factories
from .conftest import assert_accessible, assert_fits_phone, login, new_phone_page


def test_register_approve_and_log_out(live_app, phone_page, browser):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        db.session.commit()
        coordinator_phone = coordinator.phone

    page = phone_page
    page.goto(f"{base}/daftar")
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_label("Nama lengkap").fill("Siti Relawan")
    page.get_by_label("Nomor HP").fill("0812-7777-1234")
    page.get_by_label("Kata sandi").fill("pantai manggar indah sekali")
    page.get_by_label("Kecamatan").select_option(label="Gantung")
    # htmx narrowed the desa list to Gantung's desa only. expect() polls without eval;
    # wait_for_function with a string needs eval to poll, which the CSP forbids.
    expect(page.locator("#desa optgroup")).to_have_count(0)
    expect(page.locator("#desa option").nth(1)).to_be_attached()
    page.get_by_label("Desa tempat tinggal").select_option(label="Gantung")
    page.get_by_label("Organisasi yang ingin Anda ikuti").select_option(
        label="Tagana Belitung Timur"
    )
    page.get_by_label("Saya sudah membaca").check()
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url(f"{base}/")
    assert "menunggu" in page.content()
    assert_fits_phone(page)
    assert_accessible(page)

    coordinator_page = new_phone_page(browser)
    login(coordinator_page, base, "0" + coordinator_phone[3:], factories.PASSWORD)
    coordinator_page.goto(f"{base}/organisasi/pendaftar")
    assert_accessible(coordinator_page)
    coordinator_page.get_by_role("button", name="Setujui").click()
    coordinator_page.get_by_text("Siti Relawan disetujui.").wait_for()
    coordinator_page.context.close()

    page.reload()
    assert "disetujui" in page.content()
    page.get_by_text("Menu").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{base}/masuk")
    assert_accessible(page)
    assert page.goto(f"{base}/akun/").url.startswith(f"{base}/masuk")
