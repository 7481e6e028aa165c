"""Issue 15 on phones: the coordinator opens an incident and calls out three members, two
answer, one checks in at the posko and out again, the coordinator posts a situation
report with a photo and closes the incident, and the member's month shows the shift."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import JAKARTA
from portal.incidents import services
from portal.models import Activity, Area, Incident

from .. import factories
from ..activities import factories as af
from ..helpers import make_app
from .helpers import assert_accessible, assert_fits_phone, login, new_phone_page, serving

# A port of this feature's own range (18600-18699), so parallel runs do not collide.
PORT = 18601


@pytest.fixture
def incident_app(tmp_path):
    """The app served on PORT in a background thread; yields (app, base_url)."""
    app = make_app(tmp_path)
    try:
        with serving(app, PORT) as base_url:
            yield app, base_url
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _check(page) -> None:
    assert_fits_phone(page)
    assert_accessible(page)


def test_call_out_posko_report_close(incident_app, phone_page, browser):
    app, base = incident_app
    app.config["INCIDENTS_POLL_SECONDS"] = 1  # the coordinator's answers refresh quickly here
    with app.app_context():
        kecamatan = db.session.scalars(
            select(Area).where(Area.level == "kecamatan").order_by(Area.code)
        ).all()
        here, elsewhere = kecamatan[0], kecamatan[1]
        desa = db.session.scalars(select(Area).where(Area.parent_id == here.id)).first()
        far = db.session.scalars(select(Area).where(Area.parent_id == elsewhere.id)).first()
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator", home=far)
        members = [factories.member(org, name, home=desa) for name in ("Siti", "Budi", "Ayu")]
        db.session.commit()
        phones = [m.phone for m in members]
        coordinator_phone, desa_name, kecamatan_name = coordinator.phone, desa.name, here.name

    # The coordinator opens the incident.
    boss = phone_page
    login(boss, base, coordinator_phone, factories.PASSWORD)
    boss.goto(f"{base}/musibah/baru")
    _check(boss)
    boss.get_by_label("Jenis kejadian").select_option(label="Banjir")
    boss.get_by_label("Desa").select_option(label=desa_name)
    began = datetime.now(JAKARTA).replace(second=0, microsecond=0) - timedelta(hours=1)
    boss.get_by_label("Mulai terjadi (WIB)").fill(began.strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Keterangan singkat").fill("Air setinggi lutut di dua RT.")
    boss.get_by_label("Lokasi posko").fill("Balai desa")
    boss.get_by_role("button", name="Catat dan lanjut memanggil").click()
    boss.wait_for_url(re.compile(rf"{base}/musibah/\d+/panggil$"))
    incident_id = int(boss.url.split("/")[-2])

    # ...and calls out those living in the kecamatan: the three members, not herself.
    boss.get_by_label(kecamatan_name).check()
    boss.get_by_role("button", name="Panggil sekarang").click()
    expect(boss.get_by_text("3 anggota dipanggil.")).to_be_visible()
    expect(boss.locator('[data-count="siap"]')).to_have_text("0")
    _check(boss)

    # Two answer in one tap: one from the home page, one from the incident page.
    siti = new_phone_page(browser)
    login(siti, base, phones[0], factories.PASSWORD)
    _check(siti)
    siti.get_by_role("button", name="Siap berangkat").click()
    expect(siti.get_by_text("Jawaban tersimpan.")).to_be_visible()
    budi = new_phone_page(browser)
    login(budi, base, phones[1], factories.PASSWORD)
    budi.goto(f"{base}/musibah/{incident_id}")
    _check(budi)
    budi.get_by_role("button", name="Tidak bisa").click()
    expect(budi.get_by_role("button", name="Tidak bisa")).to_have_attribute("aria-pressed", "true")
    expect(boss.locator('[data-count="siap"]')).to_have_text("1", timeout=10_000)
    expect(boss.locator('[data-count="pending"]')).to_have_text("1")

    # A shift at the posko; Siti takes it, checks in with the posko code and out again.
    boss.goto(f"{base}/musibah/{incident_id}/piket")
    now = datetime.now(JAKARTA).replace(second=0, microsecond=0)
    boss.get_by_label("Mulai (WIB)").fill((now - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Selesai (WIB)").fill((now + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"))
    boss.get_by_label("Jumlah orang yang dibutuhkan").fill("2")
    boss.get_by_role("button", name="Tambah piket").click()
    expect(boss.get_by_text("Piket ditambahkan.")).to_be_visible()
    _check(boss)
    with app.app_context():
        code = services.posko_code(db.session.get(Incident, incident_id))
    expect(boss.locator(".code")).to_have_text(f"{code[:4]}-{code[4:]}")
    siti.goto(f"{base}/musibah/{incident_id}/piket")
    siti.get_by_role("button", name="Ambil piket ini").click()
    expect(siti.get_by_text("Anda terdaftar di piket ini.")).to_be_visible()
    siti.get_by_label("Kode posko").fill(f"{code[:4].lower()}-{code[4:]}")
    siti.get_by_role("button", name="Masuk piket").click()
    expect(siti.get_by_text("Masuk piket tercatat pukul")).to_be_visible()
    _check(siti)
    siti.get_by_label("Kode posko").fill(code)
    siti.get_by_role("button", name="Keluar piket").click()
    expect(siti.get_by_text("Piket ini masuk kegiatan bulan Anda.")).to_be_visible()

    # The coordinator reports the situation with a photo of the site.
    boss.goto(f"{base}/musibah/{incident_id}/laporan")
    _check(boss)
    boss.get_by_label("KK terdampak").fill("40")
    boss.get_by_label("Jiwa terdampak").fill("150")
    boss.get_by_label("Pengungsi").fill("60")
    boss.get_by_label("Dapur umum").check()
    boss.get_by_label("Foto lokasi (paling banyak 3)").set_input_files(
        {"name": "lokasi.jpg", "mimeType": "image/jpeg", "buffer": af.jpeg((1200, 900))}
    )
    boss.get_by_role("button", name="Kirim laporan situasi").click()
    boss.wait_for_url(f"{base}/musibah/{incident_id}")
    expect(boss.get_by_text("Laporan situasi tersimpan.")).to_be_visible()
    expect(boss.locator('[data-figure="people_affected"]')).to_have_text("150")
    expect(boss.get_by_role("img", name="Foto lokasi 1")).to_be_visible()
    _check(boss)

    # The coordinator closes it; the final report lists Siti.
    boss.goto(f"{base}/musibah/{incident_id}/tutup")
    boss.get_by_label("Catatan penutupan (boleh dikosongkan)").fill("Air surut, warga pulang.")
    boss.get_by_role("button", name="Tutup kejadian").click()
    boss.wait_for_url(f"{base}/musibah/{incident_id}/laporan-akhir")
    expect(boss.get_by_role("heading", name="Laporan Akhir Penanganan Musibah")).to_be_visible()
    expect(boss.get_by_role("cell", name="Siti", exact=True)).to_be_visible()
    _check(boss)

    # Siti's month shows the shift as an activity, without retyping it.
    siti.goto(f"{base}/kegiatan/")
    expect(siti.get_by_text(f"Piket posko Banjir {desa_name}")).to_be_visible()
    with app.app_context():
        activity = db.session.scalar(select(Activity))
        assert activity.activity_type.name == "Respons bencana"
    for page in (siti, budi):
        page.context.close()
