"""Issue 5 journey on phones: a coordinator publishes an SOP with a PDF for their organisation,
a member finds it by search, opens and downloads it, marks it completed, and the coordinator's
completion view shows it."""

from portal.extensions import db
from portal.models.materials import AUDIENCE_MEMBERS

from .. import factories
from ..materials import samples
from .helpers import assert_accessible, assert_fits_phone, login, new_phone_page


def _local(phone: str) -> str:
    return "0" + phone[3:]


def test_publish_find_read_complete_and_follow_up(live_app, phone_page, browser, tmp_path):
    app, base = live_app
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        member = factories.member(org, "Siti Relawan")
        samples.material(
            "Pedoman Dapur Umum", audience=AUDIENCE_MEMBERS, kind="pedoman", slug="dapur-umum"
        )
        db.session.commit()
        org_id, coordinator_phone, member_phone = org.id, coordinator.phone, member.phone
    pdf = tmp_path / "sop-posko.pdf"
    pdf.write_bytes(samples.PDF)

    page = phone_page
    login(page, base, _local(coordinator_phone), factories.PASSWORD)
    page.goto(f"{base}/materi/baru")
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_label("Judul").fill("SOP Posko Pengungsian")
    page.get_by_label("Jenis materi").select_option(label="SOP")
    page.get_by_label("Ringkasan").fill("Cara mendirikan dan mengelola posko pengungsian.")
    page.get_by_label("Isi (boleh dikosongkan)").fill("## Langkah\n\n- Pilih lokasi aman.")
    page.get_by_label("Lampiran (boleh dikosongkan)").set_input_files(str(pdf))
    page.get_by_label("Tagana Belitung Timur").check()
    page.get_by_role("button", name="Terbitkan").click()
    page.wait_for_url(f"{base}/materi/sop-posko-pengungsian")
    page.get_by_text("Materi diterbitkan.").wait_for()
    assert_fits_phone(page)
    assert_accessible(page)

    reader = new_phone_page(browser)
    login(reader, base, _local(member_phone), factories.PASSWORD)
    reader.get_by_text("2 materi baru belum Anda buka.").wait_for()  # the home panel
    reader.get_by_text("Menu").click()
    reader.get_by_role("link", name="Materi", exact=True).click()
    reader.wait_for_url(f"{base}/materi/")
    assert_fits_phone(reader)
    assert_accessible(reader)
    reader.get_by_label("Cari materi").fill("posko")
    # htmx swaps the results in place as the member types; the other material goes.
    reader.get_by_text("Pedoman Dapur Umum").wait_for(state="detached")
    # A filter swaps the results too: nothing from the office matches "posko"; then all.
    reader.get_by_label("Penerbit").select_option(label="Dinas Sosial")
    reader.get_by_text("Tidak ada materi yang cocok").wait_for()
    reader.get_by_label("Penerbit").select_option(label="Semua")
    result = reader.get_by_role("link", name="SOP Posko Pengungsian")
    result.wait_for()
    assert "baru" in reader.locator("#hasil li").first.inner_text()
    assert "Lampiran PDF" in reader.locator("#hasil").inner_text()
    result.click()
    reader.wait_for_url(f"{base}/materi/sop-posko-pengungsian")
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Unduh PDF").click()
    assert download.value.suggested_filename == "sop-posko-pengungsian.pdf"
    reader.get_by_role("button", name="Selesai dipelajari").click()
    reader.get_by_role("button", name="Batalkan tanda selesai").wait_for()
    assert reader.get_by_text("Ditandai selesai dipelajari.").is_visible()
    assert_fits_phone(reader)
    assert_accessible(reader)
    reader.context.close()

    page.goto(f"{base}/materi/penyelesaian/{org_id}")
    row = page.get_by_role("row", name="SOP Posko Pengungsian")
    assert row.get_by_role("cell").nth(2).inner_text() == "1"  # completed
    assert_fits_phone(page)
    assert_accessible(page)
    row.get_by_role("link").click()
    page.get_by_role("row", name="Siti Relawan").get_by_text("selesai").wait_for()
    assert_accessible(page)
