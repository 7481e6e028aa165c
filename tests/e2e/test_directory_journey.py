"""Issue 6 journeys on a phone: be found in the directory and leave it; import members
from Excel and activate an imported account with its link."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Area

from .. import factories
from ..directory_helpers import xlsx
from .helpers import activate_account, assert_accessible, assert_fits_phone, login, new_phone_page

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _national(e164: str) -> str:
    return "0" + e164[3:]


def test_opt_in_be_found_by_name_and_desa_then_opt_out(live_app, phone_page, browser):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        kelubi = db.session.scalar(select(Area).where(Area.level == "desa", Area.name == "Kelubi"))
        siti = factories.member(org, "Siti Relawan", home=kelubi)
        factories.member(org, "Budi Tetangga", home=kelubi, listed=True)
        db.session.commit()
        siti_login = _national(siti.phone)

    member = phone_page
    login(member, base, siti_login, factories.PASSWORD)
    member.goto(f"{base}/akun/")
    member.get_by_label("Tampilkan saya di direktori publik relawan").check()
    member.get_by_role("button", name="Simpan").click()
    member.get_by_text("Profil disimpan.").wait_for()

    visitor = new_phone_page(browser)
    visitor.goto(f"{base}/direktori/")
    assert_fits_phone(visitor)
    assert_accessible(visitor)
    visitor.get_by_label("Nama relawan").fill("siti")
    # htmx searches while typing and the address bar follows the search.
    visitor.get_by_text("1 relawan ditemukan.").wait_for()
    visitor.wait_for_url(re.compile(r".*/direktori/\?q=siti.*"))
    assert visitor.get_by_role("heading", name="Siti Relawan").is_visible()
    assert not visitor.get_by_role("heading", name="Budi Tetangga").is_visible()
    visitor.get_by_label("Nama relawan").fill("")
    visitor.get_by_text("Saring menurut organisasi dan wilayah").click()
    visitor.get_by_label("Desa", exact=True).select_option(label="Kelubi")
    visitor.get_by_text("2 relawan ditemukan.").wait_for()
    assert visitor.get_by_role("heading", name="Siti Relawan").is_visible()
    assert "desa=" in visitor.url
    assert_fits_phone(visitor)
    assert_accessible(visitor)

    member.goto(f"{base}/akun/")
    member.get_by_label("Tampilkan saya di direktori publik relawan").uncheck()
    member.get_by_role("button", name="Simpan").click()
    member.get_by_text("Profil disimpan.").wait_for()

    visitor.reload()
    visitor.get_by_text("1 relawan ditemukan.").wait_for()
    assert not visitor.get_by_role("heading", name="Siti Relawan").is_visible()
    visitor.context.close()


def test_import_a_small_list_and_activate_an_imported_account(live_app, phone_page, browser):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("PSM Belitung Timur", "PSM")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        db.session.commit()
        coordinator_login, org_id = _national(coordinator.phone), org.id
    data = xlsx(
        [
            ["Dewi Lestari", "0812-7000-0001", "", "Manggar", "Kelubi", "PSM-01", ""],
            ["Agus Salim", "0812 7000 0002", "", "", "Gantung", "", ""],
            ["Baris Salah", "12345", "", "", "Atlantis", "", ""],
        ]
    )

    page = phone_page
    login(page, base, coordinator_login, factories.PASSWORD)
    page.goto(f"{base}/organisasi/{org_id}/anggota")
    page.get_by_role("link", name="Impor anggota dari Excel").click()
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_label("Berkas daftar anggota (.xlsx atau .csv)").set_input_files(
        files=[{"name": "anggota-psm.xlsx", "mimeType": XLSX_MIME, "buffer": data}]
    )
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.get_by_role("heading", name="Pratinjau: anggota-psm.xlsx").wait_for()
    assert page.get_by_text("Nomor HP 12345 tidak dikenali").is_visible()
    assert page.get_by_text("Desa Atlantis tidak dikenal di daftar wilayah.").is_visible()
    assert_fits_phone(page)
    assert_accessible(page)
    # The coordinator fixes nothing and imports the good rows.
    page.get_by_role("button", name="Impor 2 baris yang benar").click()
    page.get_by_text("Impor selesai: 2 akun baru, 0 keanggotaan ditambahkan.").wait_for()
    assert_fits_phone(page)
    assert_accessible(page)
    card = page.locator("li.card", has_text="Dewi Lestari")
    link = card.locator(".link-box").inner_text().strip()
    assert link.startswith(f"{base}/aktivasi?token=")
    whatsapp = card.get_by_role("link", name="Kirim lewat WhatsApp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/6281270000001?text=")

    dewi = new_phone_page(browser)
    dewi.goto(link)
    dewi.get_by_role("heading", name="Aktifkan akun Anda").wait_for()
    assert_fits_phone(dewi)
    assert_accessible(dewi)
    activate_account(dewi, "pohon kelapa di pantai")
    dewi.wait_for_url(f"{base}/")
    dewi.get_by_text("Halo, Dewi Lestari").wait_for()
    # The link worked once; opening it again says so.
    dewi.goto(link)
    dewi.get_by_text("Tautan ini sudah dipakai").wait_for()
    dewi.context.close()
