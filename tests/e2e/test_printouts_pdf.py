"""Printouts as Chromium prints them to PDF: the letterhead, the place-date line, the page
numbers in the margin ("Halaman 1 dari 2"), "DRAF" on an unverified report, the daftar
hadir's summary and closing block, the tali asih list's total."""

import io
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Invitation, MonthlyReport, User
from portal.models.activities import SUBMITTED, VERIFIED
from portal.payments import services as payments

from .. import factories
from ..activities import factories as af
from ..meetings import factories as mf
from ..payments import factories as pf
from .helpers import assert_accessible, assert_fits_phone, login


def _pdf_text(page, url: str) -> tuple[str, int]:
    page.goto(url)
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def _admin_page(browser, base_url, world):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, base_url, world["admin_phone"], factories.PASSWORD)
    return page


def _world(app):
    with app.app_context():
        w = factories.world()
        reports = pf.month_of_reports(w)
        month = reports.month
        for day in range(40):  # enough rows for a second page
            af.activity(
                w.ids["member"],
                w.org_a,
                done_on=month + timedelta(days=day % 28),
                title=f"Piket posko banjir {day + 1}",
            )
        verified = db.session.scalar(
            select(MonthlyReport).where(MonthlyReport.user_id == w.ids["member"])
        )
        waiting = af.report(w.ids["member"], w.org_a, months.shift(month, -1), SUBMITTED)
        assert verified.status == VERIFIED and waiting.status == SUBMITTED
        verified.reviewer_id = w.ids["coordinator"]
        verified.reviewed_at = verified.submitted_at
        meeting = mf.meeting(w.ids["coordinator"], [w.org_a], starts_in=timedelta(days=-1))
        invitation = db.session.scalar(
            select(Invitation).where(Invitation.meeting_id == meeting.id)
        )
        invitation.attendance = "hadir"
        run = payments.fix(db.session.get(User, w.ids["admin"]), month)
        db.session.commit()
        return {
            "admin_phone": w.phones["admin"],
            "membership": af.membership_id(w.ids["member"], w.org_a),
            "month": months.to_param(month),
            "earlier": months.to_param(months.shift(month, -1)),
            "verified_on": verified.reviewed_at,
            "meeting": meeting.id,
            "run": run.id,
        }


def test_printouts_carry_letterhead_place_date_and_page_numbers(live_app, browser):
    app, base_url = live_app
    world = _world(app)
    page = _admin_page(browser, base_url, world)
    with app.app_context():
        from portal.i18n import letter_date, to_wib

        verified_on = letter_date(to_wib(world["verified_on"]).date())
        today = letter_date(today_wib())

    text, pages = _pdf_text(
        page, f"{base_url}/laporan/{world['membership']}/{world['month']}/cetak"
    )
    assert "DINAS SOSIAL KABUPATEN BELITUNG TIMUR" in text
    assert f"Manggar, {verified_on}" in text
    assert (
        pages >= 2 and f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    )
    assert "DRAF" not in text
    assert text.count("No Tanggal Jenis Kegiatan") == pages  # the header on every page

    text, _pages = _pdf_text(
        page, f"{base_url}/laporan/{world['membership']}/{world['earlier']}/cetak"
    )
    assert "DRAF" in text and f"Manggar, {today}" in text

    text, _pages = _pdf_text(page, f"{base_url}/rapat/{world['meeting']}/daftar-hadir")
    assert "DINAS SOSIAL KABUPATEN BELITUNG TIMUR" in text and "Halaman 1 dari" in text
    assert "Hadir: 1" in text and "Demikian daftar hadir ini dibuat" in text

    text, _pages = _pdf_text(page, f"{base_url}/tali-asih/{world['run']}/cetak")
    assert "Daftar Penerima Tali Asih" in text and "Rp1.200.000" in text
    assert f"Manggar, {today}" in text and "Halaman 1 dari" in text


def test_tali_asih_and_letterhead_pages_fit_a_phone(live_app, browser, phone_page):
    app, base_url = live_app
    world = _world(app)
    login(phone_page, base_url, world["admin_phone"], factories.PASSWORD)
    for path in (
        "/tali-asih/",
        f"/tali-asih/siapkan?month={world['earlier']}",
        f"/tali-asih/{world['run']}",
        f"/tali-asih/{world['run']}/cetak",
        "/tali-asih/tarif",
        "/admin/kop-surat",
        f"/laporan/{world['membership']}/{world['month']}/cetak",
        f"/rapat/{world['meeting']}/daftar-hadir",
    ):
        phone_page.goto(base_url + path)
        assert_fits_phone(phone_page)
        assert_accessible(phone_page)
