"""Issue 3 on two phones: log an activity with a photo, submit the month, the coordinator
returns it with a note, the member fixes and resubmits, the coordinator verifies and
downloads the XLSX, whose rows the test reads back."""

import io
import re

import openpyxl
from PIL import Image
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.models import ActivityPhoto

from .. import factories
from .helpers import assert_accessible, assert_fits_phone, fill_activity, login, new_phone_page


def big_photo() -> bytes:
    """A 2400×1800 phone-camera-sized JPEG, so the browser has something to shrink."""
    buffer = io.BytesIO()
    image = Image.effect_noise((2400, 1800), 60).convert("RGB")
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_log_submit_return_fix_verify_and_export(live_app, phone_page, browser):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        member = factories.member(org, "Siti Relawan")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        db.session.commit()
        member_phone, coordinator_phone = member.phone, coordinator.phone
    month_label = months.label(months.current())

    # The member logs an activity with a photo, from the home page.
    page = phone_page
    login(page, base, member_phone, factories.PASSWORD)
    page.get_by_role("link", name="Catat kegiatan").click()
    original = big_photo()
    fill_activity(
        page,
        "Evakuasi banjir Desa Lalang",
        {"name": "banjir.jpg", "mimeType": "image/jpeg", "buffer": original},
    )
    # The browser shrank the photo before upload (the server would shrink it anyway).
    page.get_by_text(re.compile("Foto siap dikirim: .* menjadi")).wait_for()
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_role("button", name="Simpan kegiatan").click()
    page.get_by_text("Kegiatan disimpan.").wait_for()
    assert "Evakuasi banjir Desa Lalang" in page.content()
    with app.app_context():
        photo = db.session.scalar(select(ActivityPhoto))
        assert max(photo.width, photo.height) == 1600 and photo.size_bytes < len(original)
    assert_fits_phone(page)
    assert_accessible(page)

    # ... and submits the month.
    page.get_by_role("button", name=f"Kirim laporan {month_label}").click()
    page.get_by_text(f"Laporan {month_label} dikirim ke koordinator.").wait_for()
    month_url = page.url

    # The coordinator returns it with a note.
    boss = new_phone_page(browser)
    login(boss, base, "0" + coordinator_phone[3:], factories.PASSWORD)
    boss.get_by_role("link", name="1 laporan menunggu verifikasi").click()
    assert_fits_phone(boss)
    assert_accessible(boss)
    boss.get_by_role("link", name="Siti Relawan").click()
    boss.get_by_label("Catatan untuk anggota").fill(
        "Jumlah orang dilayani belum sesuai daftar posko."
    )
    boss.get_by_role("button", name="Kembalikan ke anggota").click()
    boss.get_by_text("Laporan Siti Relawan dikembalikan dengan catatan.").wait_for()

    # The member sees the note, fixes the activity and submits again.
    page.goto(month_url)
    page.get_by_text("Jumlah orang dilayani belum sesuai daftar posko.").wait_for()
    page.get_by_role("link", name="Evakuasi banjir Desa Lalang").click()
    page.get_by_role("link", name="Ubah").click()
    page.get_by_label("Jumlah orang yang dilayani").fill("21")
    page.get_by_role("button", name="Simpan perubahan").click()
    page.get_by_text("Perubahan disimpan.").wait_for()
    page.goto(month_url)
    page.get_by_role("button", name=f"Kirim laporan {month_label}").click()
    page.get_by_text(f"Laporan {month_label} dikirim ke koordinator.").wait_for()

    # The coordinator verifies it, then downloads the month as XLSX.
    boss.goto(month_url)
    boss.get_by_role("button", name="Verifikasi").click()
    boss.get_by_text("Laporan Siti Relawan diverifikasi.").wait_for()
    boss.goto(f"{base}/laporan/ekspor")
    assert_fits_phone(boss)
    assert_accessible(boss)
    with boss.expect_download() as download_info:
        boss.get_by_role("button", name="Unduh").click()
    with open(download_info.value.path(), "rb") as downloaded:
        workbook = openpyxl.load_workbook(io.BytesIO(downloaded.read()), read_only=True)
    rows = list(workbook["Kegiatan"].iter_rows(values_only=True))
    assert len(rows) == 3 and "Siti Relawan" not in rows[0][0]  # the title row names the org
    header, row = rows[1:]
    record = dict(zip(header, row, strict=True))
    assert record["Nama anggota"] == "Siti Relawan"
    assert record["Judul"] == "Evakuasi banjir Desa Lalang"
    assert record["Jenis kegiatan"] == "Respons bencana"
    assert record["Durasi (menit)"] == 150 and record["Orang dilayani"] == 21
    assert record["Kategori PPKS"] == "Anak Balita Telantar"
    assert record["Foto"] == 1 and record["Status laporan"] == "diverifikasi"
    summary = list(workbook["Ringkasan per anggota"].iter_rows(values_only=True))
    assert [r[1] for r in summary[2:]] == ["Rudi Koordinator", "Siti Relawan"]
    boss.context.close()
