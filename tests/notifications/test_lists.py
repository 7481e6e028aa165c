"""The coordinator's WhatsApp reminder lists, and the admin's list of deliveries."""

import html as htmllib
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

from portal import months
from portal.extensions import db
from portal.models import Delivery, Invitation, MonthlyReport, utcnow

from .helpers import make_meeting


def _wa_links(page: str) -> list[str]:
    return [
        unquote(htmllib.unescape(u))
        for u in re.findall(r'href="(https://wa\.me/\d+\?text=[^"]+)"', page)
    ]


def test_meeting_reminders_for_those_who_have_not_answered(app, login_as, world):
    with app.app_context():
        starts = utcnow() + timedelta(days=2)
        meeting = make_meeting(
            world, starts, invite=["member", "coordinator"], title="Rakor Banjir"
        )
        db.session.execute(
            Invitation.__table__.update()
            .where(Invitation.user_id == world.ids["coordinator"])
            .values(rsvp="yes")
        )
        db.session.commit()
        meeting_id = meeting.id
    coordinator = login_as("coordinator")
    assert "Kirim pengingat lewat WhatsApp" in coordinator.get(f"/rapat/{meeting_id}").get_data(
        as_text=True
    )
    page = coordinator.get(f"/notifikasi/whatsapp/rapat/{meeting_id}").get_data(as_text=True)
    links = _wa_links(page)
    assert len(links) == 1 and "Anggota Uji" in links[0] and "Rakor Banjir" in links[0]
    assert f"https://localhost/rapat/{meeting_id}" in links[0]
    assert 'id="group-message"' in page and "https://wa.me/?text=" in page
    assert (
        login_as("other_coordinator").get(f"/notifikasi/whatsapp/rapat/{meeting_id}").status_code
        == 404
    )
    assert login_as("member").get(f"/notifikasi/whatsapp/rapat/{meeting_id}").status_code == 403


def test_report_reminders_for_members_who_have_not_sent(app, login_as, world):
    with app.app_context():
        month = months.shift(months.current(), -1)
        db.session.add(
            MonthlyReport(
                user_id=world.ids["coordinator"],
                organisation_id=world.org_a,
                month=month,
                status="submitted",
            )
        )
        db.session.commit()
    coordinator = login_as("coordinator")
    page = coordinator.get(f"/notifikasi/whatsapp/laporan/{world.org_a}").get_data(as_text=True)
    links = _wa_links(page)
    assert len(links) == 1 and "Anggota Uji" in links[0] and "belum dikirim" in links[0]
    assert "Koordinator Uji A" not in page  # submitted
    assert "Pendaftar Uji" not in page  # not an active member
    other = login_as("other_coordinator")
    assert other.get(f"/notifikasi/whatsapp/laporan/{world.org_a}").status_code == 404


def test_admin_sees_deliveries_without_sensitive_text(app, login_as, world):
    with app.app_context():
        db.session.add_all(
            [
                Delivery(
                    user_id=world.ids["member"],
                    channel="email",
                    kind="account.reset_link",
                    params={"link_id": 1},
                    status="failed",
                    reason="SMTP: refused",
                ),
                Delivery(
                    user_id=world.ids["member"],
                    channel="push",
                    kind="meeting.minutes_published",
                    params={"title": "Rakor Banjir"},
                    status="sent",
                    sent_at=utcnow(),
                ),
                Delivery(
                    user_id=world.ids["member"],
                    channel="push",
                    kind="report.verified",
                    params={"month": "2026-10-01"},
                    status="sent",
                    created_at=datetime(2020, 1, 1, tzinfo=UTC),
                ),
            ]
        )
        db.session.commit()
    admin = login_as("admin")
    page = admin.get("/notifikasi/pengiriman").get_data(as_text=True)
    assert "Notulen rapat Rakor Banjir sudah terbit." in page
    assert "account.reset_link" in page and "SMTP: refused" in page
    assert "link_id" not in page and "report.verified" not in page  # older than 30 days
    failed = admin.get("/notifikasi/pengiriman?status=failed").get_data(as_text=True)
    assert "account.reset_link" in failed and "Rakor Banjir" not in failed
    assert login_as("coordinator").get("/notifikasi/pengiriman").status_code == 403
