"""Wilayah on a phone (issue 14): the kabupaten, a kecamatan and a desa fit 360 px, pass
axe, and the bar chart is drawn by the server (no script needed)."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import User

from .. import factories
from ..regions.factories import regency
from .helpers import assert_accessible, assert_fits_phone, login


def test_the_area_pages_fit_a_phone_and_pass_axe(live_app, phone_page):
    app, base = live_app
    with app.app_context():
        world = factories.world()
        land = regency(world)
        admin = db.session.scalar(select(User).where(User.id == world.ids["admin"]))
        phone = "0" + admin.phone[3:]
    page = phone_page
    login(page, base, phone, factories.PASSWORD)
    kecamatan = f"/wilayah/{land.manggar}"
    for path in ("/wilayah/", kecamatan, f"{kecamatan}/{land.desa[0]}"):
        page.goto(base + path)
        assert page.locator("svg[role=img] rect").count() == 13
        assert_fits_phone(page)
        assert_accessible(page)
    page.goto(f"{base}/wilayah/")
    by_kecamatan = page.get_by_role("region", name="Per kecamatan")
    by_kecamatan.get_by_role("link", name="Gantung", exact=True).click()
    page.wait_for_url(f"{base}/wilayah/{land.gantung}?bulan=*")
