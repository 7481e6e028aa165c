"""Issue 2 journey on a phone: register → the coordinator approves → active → log out."""

from portal.extensions import db

from .. import factories
from .helpers import assert_accessible, assert_fits_phone, fill_registration, login, new_phone_page


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
    fill_registration(
        page, "Siti Relawan", "0812-7777-1234", "pantai manggar indah sekali",
        "Tagana Belitung Timur",
    )  # fmt: skip
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
