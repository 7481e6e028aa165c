"""Scheduling through the real forms: invitations, bad input, clash warnings, change, cancel."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import JAKARTA
from portal.models import Invitation, Meeting, Notice, User
from tests.helpers import notice_texts

from . import factories as mf


def local(moment: datetime) -> str:
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")


def form_data(app, world, **changes) -> dict:
    starts = datetime.now(JAKARTA).replace(second=0, microsecond=0) + timedelta(days=2)
    with app.app_context():
        area_id = mf.area().id
    data = {
        "title": "Rakor persiapan musim hujan",
        "kind": "rakor",
        "area": str(area_id),
        "starts_at": local(starts),
        "ends_at": local(starts + timedelta(hours=2)),
        "venue": "Aula Dinas Sosial",
        "agenda": "- Posko\n- Piket",
        "organisation": str(world.org_a),
        "organisations": [str(world.org_a)],
    }
    data.update(changes)
    return data


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Meeting)),
            db.session.scalar(select(func.count()).select_from(Invitation)),
        )


def test_coordinator_schedules_and_members_are_invited(app, world, login_as):
    client = login_as("coordinator")
    data = form_data(app, world)
    response = client.post_form("/rapat/baru", data)
    assert response.status_code == 303
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        invited = set(
            db.session.scalars(
                select(Invitation.user_id).where(Invitation.meeting_id == meeting.id)
            )
        )
        assert meeting.organisation_id == world.org_a and meeting.level == "kabupaten"
        assert invited == {world.ids["member"], world.ids["coordinator"]}
        assert local(meeting.starts_at) == data["starts_at"]
        meeting_id = meeting.id
    assert response.location.endswith(f"/rapat/{meeting_id}")
    member_home = login_as("member").get("/").get_data(as_text=True)
    assert "Rakor persiapan musim hujan" in member_home and "Apakah Anda hadir?" in member_home


def test_end_before_start_is_refused_with_what_was_typed_kept(app, world, login_as):
    data = form_data(app, world)
    starts = datetime.strptime(data["starts_at"], "%Y-%m-%dT%H:%M")
    data["ends_at"] = (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = login_as("coordinator").post_form("/rapat/baru", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Waktu selesai harus sesudah waktu mulai." in html
    assert 'value="Rakor persiapan musim hujan"' in html and data["ends_at"] in html
    assert counts(app) == (0, 0)


def test_a_new_meeting_in_the_past_is_refused(app, world, login_as):
    yesterday = datetime.now(JAKARTA) - timedelta(days=1)
    data = form_data(
        app, world, starts_at=local(yesterday), ends_at=local(yesterday + timedelta(hours=1))
    )
    response = login_as("coordinator").post_form("/rapat/baru", data)
    assert response.status_code == 422
    assert "Waktu mulai sudah lewat. Pilih waktu yang akan datang." in response.get_data(
        as_text=True
    )
    assert counts(app) == (0, 0)


def test_unreadable_and_missing_fields_are_named(app, world, login_as):
    data = form_data(app, world, starts_at="besok pagi", venue="", organisations=[])
    response = login_as("coordinator").post_form("/rapat/baru", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tanggal dan jam tidak dikenali." in html
    assert "Tempat wajib diisi." in html
    assert "Pilih paling sedikit satu organisasi yang diundang." in html
    assert counts(app) == (0, 0)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "pesta", "Pilih jenis rapat dari daftar."),
        ("area", "999999", "Pilih wilayah dari daftar."),
        ("area", "", "Pilih wilayah dari daftar."),
        ("organisation", "", "Pilih penyelenggara dari daftar."),  # the office is the admin's
    ],
)
def test_a_choice_not_in_the_list_is_named(app, world, login_as, field, value, message):
    response = login_as("coordinator").post_form(
        "/rapat/baru", form_data(app, world, **{field: value})
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_a_coordinator_cannot_invite_another_organisation(app, world, login_as):
    data = form_data(app, world, organisations=[str(world.org_a), str(world.org_b)])
    response = login_as("coordinator").post_form("/rapat/baru", data)
    assert response.status_code == 422
    assert "Pilih organisasi dari daftar." in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_clash_is_a_warning_first_and_saved_on_confirmation(app, world, login_as, rakor):
    with app.app_context():
        existing = db.session.get(Meeting, rakor.id)
        starts, ends = existing.starts_at, existing.ends_at
    data = form_data(
        app,
        world,
        title="Rapat kedua",
        starts_at=local(starts + timedelta(hours=1)),
        ends_at=local(ends + timedelta(hours=1)),
        venue="aula dinas sosial",
    )
    client = login_as("coordinator")
    first = client.post_form("/rapat/baru", data)
    html = first.get_data(as_text=True)
    assert first.status_code == 200
    assert "Perhatian: jadwal ini bentrok" in html and "Tetap simpan meski bentrok" in html
    assert "tempat yang sama (Aula Dinas Sosial)" in html
    assert "organisasi yang sama sedang rapat (Tagana Uji A)" in html
    assert counts(app)[0] == 1

    second = client.post_form("/rapat/baru", {**data, "clash_ok": str(rakor.id)})
    assert second.status_code == 303
    assert counts(app)[0] == 2


def _clash_query(app, rakor, organisation_id):
    """The clash check's query for the rakor's time at another venue."""
    with app.app_context():
        existing = db.session.get(Meeting, rakor.id)
        return {
            "starts_at": local(existing.starts_at),
            "ends_at": local(existing.ends_at),
            "venue": "Balai Desa Lalang",
            "organisations": str(organisation_id),
        }


def test_live_clash_check_answers_htmx_with_a_fragment(app, world, login_as, rakor):
    query = _clash_query(app, rakor, world.org_a)
    client = login_as("coordinator")
    fragment = client.get("/rapat/bentrok", query_string=query, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "HX-Request" in fragment.headers["Vary"]
    assert "Rakor Tagana" in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    page = client.get("/rapat/bentrok", query_string={**query, "organisations": str(world.org_b)})
    assert "<html" in page.get_data(as_text=True)
    assert "Tidak ada rapat lain yang bentrok." in page.get_data(as_text=True)


def test_the_clash_check_shows_no_meeting_of_an_organisation_one_cannot_invite(
    app, world, login_as, rakor
):
    """Org B's coordinator naming org A's id learns nothing of A's rakor (another venue)."""
    query = _clash_query(app, rakor, world.org_a)
    page = login_as("other_coordinator").get("/rapat/bentrok", query_string=query)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Rakor Tagana" not in html and "Tidak ada rapat lain yang bentrok." in html
    # The admin may invite every organisation, so sees the clash.
    assert "Rakor Tagana" in login_as("admin").get("/rapat/bentrok", query_string=query).text


def test_reschedule_through_the_form_shows_the_change_everywhere(app, world, login_as):
    with app.app_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=2))
        meeting_id, old = meeting.id, meeting.starts_at
    new_start = old + timedelta(days=1)
    data = form_data(
        app,
        world,
        title="Rakor Tagana",
        starts_at=local(new_start),
        ends_at=local(new_start + timedelta(hours=2)),
        change_note="Diundur karena apel HUT",
    )
    response = login_as("coordinator").post_form(f"/rapat/{meeting_id}/ubah", data)
    assert response.status_code == 303
    member = login_as("member")
    page = member.get(f"/rapat/{meeting_id}").get_data(as_text=True)
    assert "Jadwal rapat ini berubah" in page and "Diundur karena apel HUT" in page
    assert "Jadwal berubah" in member.get("/rapat/").get_data(as_text=True)
    with app.app_context():
        texts = notice_texts(Notice.user_id == world.ids["member"])
    assert any(t.startswith("Jadwal rapat berubah: Rakor Tagana") for t in texts)


def test_cancel_is_shown_to_invitees(app, world, login_as, rakor):
    response = login_as("coordinator").post_form(
        f"/rapat/{rakor.id}/batal", {"reason": "Cuaca buruk"}
    )
    assert response.status_code == 303
    member = login_as("member")
    page = member.get(f"/rapat/{rakor.id}").get_data(as_text=True)
    assert "Rapat ini DIBATALKAN" in page and "Cuaca buruk" in page
    assert "Rapat dibatalkan; tidak perlu menjawab." in page
    listing = member.get("/rapat/").get_data(as_text=True)
    assert "Dibatalkan: Cuaca buruk" in listing


def test_another_coordinator_cannot_edit_or_cancel(app, world, login_as, rakor):
    other = login_as("other_coordinator")
    assert other.get(f"/rapat/{rakor.id}/ubah").status_code == 404
    data = form_data(app, world, organisations=[str(world.org_b)], organisation=str(world.org_b))
    assert other.post_form(f"/rapat/{rakor.id}/ubah", data).status_code == 404
    assert other.post_form(f"/rapat/{rakor.id}/batal").status_code == 404
    with app.app_context():
        meeting = db.session.get(Meeting, rakor.id)
        assert (meeting.status, meeting.sequence, meeting.venue) == (
            "scheduled",
            0,
            "Aula Dinas Sosial",
        )


def test_admin_schedules_for_several_organisations_as_dinas_sosial(app, world, login_as):
    data = form_data(
        app, world, organisation="", organisations=[str(world.org_a), str(world.org_b)]
    )
    assert login_as("admin").post_form("/rapat/baru", data).status_code == 303
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.organisation_id is None
        assert len(meeting.organisations) == 2
    assert counts(app)[1] == 3  # member and coordinator of A, coordinator of B


def test_a_clash_with_a_meeting_one_may_not_see_names_nothing_of_it(app, world, login_as, rakor):
    """Org B's coordinator picking the venue of org A's rakor learns only that it is taken."""
    with app.app_context():
        venue = db.session.get(Meeting, rakor.id).venue
    query = {**_clash_query(app, rakor, world.org_b), "venue": venue}
    page = login_as("other_coordinator").get("/rapat/bentrok", query_string=query)
    html = page.get_data(as_text=True)
    assert "Perhatian: jadwal ini bentrok" in html
    assert "Tempat itu sudah dipakai rapat lain pada waktu itu" in html
    assert "Rakor Tagana" not in html and "Tagana Uji A" not in html


def test_a_hidden_clash_with_an_invited_organisation_says_only_that(app, world, login_as):
    """A meeting of the office inviting org A, to which A's coordinator is not invited."""
    with app.app_context():
        office = mf.meeting(world.ids["admin"], [world.org_b], title="Rapat Rahasia Dinas")
        starts, ends = office.starts_at, office.ends_at
    from portal.meetings.services import Clash
    from portal.security.meetings import as_seen_by

    with app.test_request_context():
        coordinator = db.session.get(User, world.ids["coordinator"])
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == "Rapat Rahasia Dinas"))
        [clash] = as_seen_by(coordinator, [Clash(meeting, False, ["Tagana Uji A"])])
        assert clash.hidden and (starts, ends) == (meeting.starts_at, meeting.ends_at)
        from flask import render_template

        html = render_template("meetings/_clashes.html", clashes=[clash])
    assert "Organisasi yang diundang sudah punya rapat pada waktu itu" in html
    assert "Rahasia" not in html and "Tagana Uji A" not in html
