"""Notices are stored as a kind and its parameters, and read in the reader's language."""

import pytest

from portal import notices
from portal.extensions import db
from portal.models import Notice


def test_a_coordinator_in_english_tells_a_member_in_indonesian(app, world, login_as):
    coordinator = login_as("coordinator")
    coordinator.post_form("/bahasa", {"lang": "en"})
    response = coordinator.post_form(
        f"/organisasi/keanggotaan/{world.memberships['pending']}/keputusan",
        {"action": "approve", "note": "Sampai jumpa Senin"},
        token_from="/organisasi/pendaftar",
    )
    assert response.status_code == 303
    assert "Log out" in coordinator.get("/").get_data(as_text=True)  # browsing in English

    member = login_as("pending")
    indonesian = member.get("/akun/pemberitahuan").get_data(as_text=True)
    assert "Pendaftaran Anda di Tagana Uji A disetujui. Selamat bergabung!" in indonesian
    assert "Catatan koordinator: Sampai jumpa Senin" in indonesian
    assert "approved" not in indonesian

    member.post_form("/bahasa", {"lang": "en"})
    english = member.get("/akun/pemberitahuan").get_data(as_text=True)
    assert "Your application to Tagana Uji A has been approved. Welcome aboard!" in english
    assert "disetujui" not in english


def test_a_notice_keeps_its_kind_and_parameters_not_text(app, world, login_as):
    login_as("coordinator").post_form(
        f"/organisasi/keanggotaan/{world.memberships['pending']}/keputusan",
        {"action": "reject", "note": ""},
        token_from="/organisasi/pendaftar",
    )
    with app.app_context():
        notice = db.session.scalar(db.select(Notice))
        assert (notice.kind, notice.params) == (
            "membership.reject",
            {"org": "Tagana Uji A", "note": None},
        )


def test_only_declared_kinds_can_be_sent(app, world):
    with app.app_context(), pytest.raises(KeyError, match="undeclared notice kind"):
        notices.notify(world.ids["member"], "no.such.kind")


def test_home_lists_ten_notices_and_the_menu_counts_them_all(app, world, login_as):
    """The home page reads the newest ten with the total (one query); the menu's badge
    on the same page shows that total, and another page counts them itself."""
    with app.app_context():
        for number in range(12):
            db.session.add(
                Notice(
                    user_id=world.ids["member"],
                    kind="membership.reject",
                    params={"org": f"Organisasi {number:02d}", "note": None},
                )
            )
        db.session.commit()
    client = login_as("member")
    home = client.get("/").get_data(as_text=True)
    section = home.split('id="notices-h"')[1].split("</section>")[0]
    assert section.count("<li>") == 10
    assert 'aria-label="12 belum dibaca"' in home
    library = client.get("/materi/").get_data(as_text=True)
    assert 'aria-label="12 belum dibaca"' in library
    client.post_form("/akun/pemberitahuan/baca", {}, token_from="/")
    assert "belum dibaca" not in client.get("/").get_data(as_text=True)
