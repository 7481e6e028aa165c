"""Issue 4 journey on two phones: the coordinator schedules a rakor, the member answers
hadir, checks in through the QR code's URL, the organiser's count goes up, minutes with an
action item for the member, who marks it done."""

import io
import re
from datetime import datetime, timedelta

import segno
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.i18n import JAKARTA, now_utc
from portal.meetings import attendance
from portal.models import ActionItem, Meeting

from .. import factories
from .helpers import assert_accessible, assert_fits_phone, login, new_phone_page


def _check(page) -> None:
    assert_fits_phone(page)
    assert_accessible(page)


def test_rakor_from_invitation_to_done_action_item(live_app, phone_page, browser):
    app, base = live_app
    app.config["MEETINGS_POLL_SECONDS"] = 1  # the organiser's count refreshes quickly here
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        coordinator = factories.member(org, "Rudi Koordinator", role="coordinator")
        member = factories.member(org, "Siti Relawan")
        db.session.commit()
        phones = {"coordinator": coordinator.phone, "member": member.phone}

    # The coordinator schedules a rakor starting in twenty minutes.
    organiser = phone_page
    login(organiser, base, phones["coordinator"], factories.PASSWORD)
    organiser.goto(f"{base}/rapat/baru")
    _check(organiser)
    starts = datetime.now(JAKARTA).replace(second=0, microsecond=0) + timedelta(minutes=20)
    organiser.get_by_label("Judul").fill("Rakor kesiapsiagaan banjir")
    organiser.get_by_label("Mulai (WIB)").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    organiser.get_by_label("Selesai (WIB)").fill(
        (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    organiser.get_by_label("Tempat", exact=True).fill("Aula Dinas Sosial, Manggar")
    expect(organiser.get_by_label("Tagana Belitung Timur")).to_be_checked()
    organiser.get_by_role("button", name="Jadwalkan dan kirim undangan").click()
    organiser.wait_for_url(re.compile(rf"{base}/rapat/\d+$"))
    meeting_id = int(organiser.url.rsplit("/", 1)[1])
    expect(organiser.get_by_text("Rapat dijadwalkan dan undangan terkirim.")).to_be_visible()
    _check(organiser)

    # The member answers hadir in one tap on the home page (htmx swaps the answer block).
    phone = new_phone_page(browser)
    login(phone, base, phones["member"], factories.PASSWORD)
    expect(phone.get_by_role("link", name="Rakor kesiapsiagaan banjir", exact=True)).to_be_visible()
    _check(phone)
    phone.get_by_role("button", name="Hadir", exact=True).click()
    expect(phone.get_by_text("Jawaban tersimpan.")).to_be_visible()
    expect(phone.get_by_role("button", name="Hadir", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )

    # The organiser shows the QR code; it carries the check-in URL.
    organiser.goto(f"{base}/rapat/{meeting_id}/kode")
    _check(organiser)
    with app.app_context():
        code = attendance.current_code(db.session.get(Meeting, meeting_id))
    checkin_url = f"{base}/rapat/{meeting_id}/hadir?token={code}"
    expect(organiser.locator(".code")).to_have_text(f"{code[:4]}-{code[4:]}")
    served = organiser.request.get(f"{base}/rapat/{meeting_id}/kode.svg").body()
    expected = io.BytesIO()
    segno.make(checkin_url, error="m").save(
        expected, kind="svg", scale=8, border=2, xmldecl=False, title="Kode QR kehadiran"
    )
    assert served == expected.getvalue()
    expect(organiser.locator('[data-count="hadir"]')).to_have_text("0")

    # The member opens that URL, confirms, and the organiser's count goes up by itself.
    phone.goto(checkin_url)
    _check(phone)
    phone.get_by_role("button", name="Saya hadir").click()
    phone.wait_for_url(f"{base}/rapat/{meeting_id}")
    expect(phone.get_by_text("kehadiran Anda tercatat pukul")).to_be_visible()
    expect(organiser.locator('[data-count="hadir"]')).to_have_text("1", timeout=10_000)

    # The meeting has begun: the organiser publishes minutes with an action item for her.
    with app.app_context():
        db.session.get(Meeting, meeting_id).starts_at = now_utc() - timedelta(minutes=1)
        db.session.commit()
    organiser.goto(f"{base}/rapat/{meeting_id}/notulen")
    organiser.get_by_label("Notulen").fill("## Pembahasan\n\n- Posko siaga di Manggar")
    organiser.get_by_role("button", name="Terbitkan notulen").click()
    expect(organiser.get_by_text("Notulen diterbitkan.")).to_be_visible()
    organiser.get_by_label("Apa yang harus dikerjakan").fill("Kirim daftar relawan siaga")
    organiser.get_by_label("Penanggung jawab").select_option(label="Siti Relawan")
    due = (datetime.now(JAKARTA) + timedelta(days=7)).strftime("%Y-%m-%d")
    organiser.get_by_label("Batas waktu").fill(due)
    organiser.get_by_role("button", name="Tambah", exact=True).click()
    expect(organiser.get_by_text("Tindak lanjut ditambahkan.")).to_be_visible()
    _check(organiser)

    # The member marks it done from "Tugas saya".
    phone.goto(f"{base}/rapat/tugas")
    _check(phone)
    expect(phone.get_by_text("Kirim daftar relawan siaga")).to_be_visible()
    phone.get_by_role("button", name="Tandai selesai").click()
    expect(phone.get_by_role("button", name="Buka lagi")).to_be_visible()
    with app.app_context():
        item = db.session.scalar(select(ActionItem))
        assert item.done_at is not None and item.done_by_id is not None
    phone.context.close()
