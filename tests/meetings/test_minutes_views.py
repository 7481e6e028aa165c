"""Minutes (notulen) and action items: write, publish, assign, mark done."""

from datetime import date, timedelta

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.i18n import now_utc
from portal.meetings import minutes
from portal.models import ActionItem, Meeting, Minutes, Notice, User
from tests.helpers import notice_texts

from . import factories as mf

HX = {"HX-Request": "true"}


def _items(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(ActionItem.text, ActionItem.assignee_user_id, ActionItem.done_at)
        ).all()


def test_draft_is_hidden_and_publishing_tells_every_invitee(app, world, login_as, rakor):
    mf.move(app, rakor.id, starts_at=now_utc() - timedelta(minutes=10))
    organiser = login_as("coordinator")
    body = "## Pembahasan\n\nPosko siaga <script>alert(1)</script> di **Manggar**."
    draft = organiser.post_form(
        f"/rapat/{rakor.id}/notulen",
        {"body": body, "decisions": "Piket mulai Senin", "publish": "0"},
    )
    assert draft.status_code == 303
    member = login_as("member")
    assert "Posko siaga" not in member.get(f"/rapat/{rakor.id}").get_data(as_text=True)

    published = organiser.post_form(
        f"/rapat/{rakor.id}/notulen",
        {"body": body, "decisions": "Piket mulai Senin", "publish": "1"},
    )
    assert published.status_code == 303
    page = member.get(f"/rapat/{rakor.id}").get_data(as_text=True)
    assert "<strong>Manggar</strong>" in page and "Piket mulai Senin" in page
    assert "<script>alert(1)</script>" not in page
    with app.app_context():
        texts = notice_texts(Notice.kind == "meeting.minutes_published")
        assert texts == ["Notulen rapat Rakor Tagana sudah terbit."] * 2  # member, coordinator
    # Saving again after publication does not announce it again.
    organiser.post_form(f"/rapat/{rakor.id}/notulen", {"body": body + " Tambahan.", "publish": "1"})
    with app.app_context():
        assert len(notice_texts(Notice.kind == "meeting.minutes_published")) == 2


def test_publishing_before_the_start_or_empty_is_refused(app, world, login_as):
    with app.app_context():
        later = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=1))
        later_id = later.id
    organiser = login_as("coordinator")
    early = organiser.post_form(f"/rapat/{later_id}/notulen", {"body": "Isi", "publish": "1"})
    assert early.status_code == 422
    assert "Notulen dapat diterbitkan setelah rapat dimulai." in early.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Minutes)) == 0


def test_action_item_for_a_member_who_marks_it_done(app, world, login_as, rakor):
    due = (date.today() + timedelta(days=7)).isoformat()
    organiser = login_as("coordinator")
    added = organiser.post_form(
        f"/rapat/{rakor.id}/tugas",
        {"text": "Kirim data posko", "assignee": f"user:{world.ids['member']}", "due_on": due},
    )
    assert added.status_code == 303
    [(text, assignee, done)] = _items(app)
    assert (text, assignee, done) == ("Kirim data posko", world.ids["member"], None)
    with app.app_context():
        item_id = db.session.scalar(select(ActionItem.id))

    member = login_as("member")
    mine = member.get("/rapat/tugas").get_data(as_text=True)
    assert "Kirim data posko" in mine and "Tandai selesai" in mine
    assert "1 tindak lanjut rapat belum selesai." in member.get("/").get_data(as_text=True)

    swapped = member.post_form(
        f"/rapat/tugas/{item_id}/selesai", {"done": "1", "place": "mine"}, headers=HX
    )
    assert swapped.status_code == 200 and "Buka lagi" in swapped.get_data(as_text=True)
    assert _items(app)[0][2] is not None
    assert "belum selesai" not in member.get("/").get_data(as_text=True)  # the panel is gone
    assert "Kirim data posko" in member.get("/rapat/tugas?tampil=selesai").get_data(as_text=True)
    # The organiser sees it done on the minutes page.
    done_page = organiser.get(f"/rapat/{rakor.id}/notulen").get_data(as_text=True)
    assert "0 terbuka (0 lewat batas), 1 selesai." in done_page


def test_organiser_sees_open_and_overdue_items(app, world, login_as, rakor):
    with app.test_request_context():
        coordinator = db.session.get(User, world.ids["coordinator"])
        meeting = db.session.get(Meeting, rakor.id)
        for text in ("Lapor data", "Susun piket"):
            minutes.add_action_item(
                coordinator, meeting, text, meeting.organisations[0], date(2030, 1, 1)
            )
        db.session.execute(
            update(ActionItem)
            .where(ActionItem.text == "Lapor data")
            .values(due_on=date(2020, 1, 1))
        )
        db.session.commit()
    html = login_as("coordinator").get(f"/rapat/{rakor.id}/notulen").get_data(as_text=True)
    assert "2 terbuka (1 lewat batas), 0 selesai." in html
    assert html.count("Lewat batas") == 1


def test_action_item_bad_input_changes_nothing(app, world, login_as, rakor):
    organiser = login_as("coordinator")
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    cases = [
        (
            {"text": "", "assignee": f"org:{world.org_a}", "due_on": "2030-01-01"},
            "Tulis apa yang harus dikerjakan.",
        ),
        (
            {
                "text": "Lapor",
                "assignee": f"user:{world.ids['other_coordinator']}",
                "due_on": "2030-01-01",
            },
            "Pilih penanggung jawab dari daftar.",
        ),
        (
            {"text": "Lapor", "assignee": f"org:{world.org_b}", "due_on": "2030-01-01"},
            "Pilih penanggung jawab dari daftar.",
        ),
        (
            {"text": "Lapor", "assignee": f"org:{world.org_a}", "due_on": yesterday},
            "Batas waktu tidak boleh sebelum tanggal rapat.",
        ),
        ({"text": "Lapor", "assignee": f"org:{world.org_a}", "due_on": ""}, "Isi batas waktunya."),
    ]
    for data, message in cases:
        response = organiser.post_form(f"/rapat/{rakor.id}/tugas", data)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in html, (data, message)
        if data["text"]:
            assert f'value="{data["text"]}"' in html  # what was typed is kept
    assert _items(app) == []


def test_organisation_items_reach_its_members_and_deleting_needs_the_button(
    app, world, login_as, rakor
):
    organiser = login_as("coordinator")
    organiser.post_form(
        f"/rapat/{rakor.id}/tugas",
        {"text": "Susun jadwal piket", "assignee": f"org:{world.org_a}", "due_on": "2030-01-01"},
    )
    assert "Susun jadwal piket" in login_as("member").get("/rapat/tugas").get_data(as_text=True)
    assert "Susun jadwal piket" not in login_as("other_coordinator").get("/rapat/tugas").get_data(
        as_text=True
    )
    with app.app_context():
        item_id = db.session.scalar(select(ActionItem.id))
    assert organiser.post_form(f"/rapat/tugas/{item_id}/hapus").status_code == 303
    assert len(_items(app)) == 1
    assert (
        login_as("member")
        .post_form(f"/rapat/tugas/{item_id}/hapus", {"confirm": "hapus"})
        .status_code
        == 403
    )
    organiser.post_form(f"/rapat/tugas/{item_id}/hapus", {"confirm": "hapus"})
    assert _items(app) == []
