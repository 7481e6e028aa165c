"""Logging activities through the pages, CSRF on: the form, photos, bad input, 404s."""

import re

import pytest
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Activity, Membership, User
from portal.models.activities import SUBMITTED
from portal.models.organisations import ACTIVE

from .. import factories
from . import factories as af
from .helpers import SUBMISSION_RE, counts, errors_in, new_form, post_activity


def test_the_form_warns_against_identities_and_starts_today(member, app, world):
    html = member.get("/kegiatan/baru").get_data(as_text=True)
    assert "tanpa nama, NIK, alamat, atau detail kasus" in html
    assert f'value="{today_wib().isoformat()}"' in html
    assert "Respons bencana" in html and "Kunjungan rumah" not in html  # Tagana's, not PSM's
    assert 'accept="image/jpeg,image/png,image/webp"' in html
    assert "activities.js" in html
    for name in ("hours", "minutes"):  # empty, not a "0" to delete first
        [tag] = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
        assert 'value="0"' not in tag


def test_log_an_activity_with_a_photo(member, app, world, form_data):
    response = post_activity(member, form_data, [("banjir.jpg", af.jpeg(exif=af.gps_exif()))])
    assert response.status_code == 303
    with app.app_context():
        activity = db.session.scalar(select(Activity))
        mid = af.membership_id(world.ids["member"], world.org_a)
        assert activity.duration_minutes == 90 and activity.people_served == 12
        assert [c.code for c in activity.ppks_categories] == ["ABT"]
        photo_id = activity.photos[0].id
    assert response.location == f"/laporan/{mid}/{af.this_month()}"
    page = member.get(response.location).get_data(as_text=True)
    assert "Kegiatan disimpan." in page and "Respons banjir Desa Lalang" in page
    image = member.get(f"/kegiatan/foto/{photo_id}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in image.headers["Cache-Control"]
    assert b"Kamera Uji" not in image.data  # EXIF gone
    thumbnail = member.get(f"/kegiatan/foto/{photo_id}/kecil")
    assert thumbnail.status_code == 200
    # The thumbnail stays in this browser for this session (3G), never in a shared cache.
    assert thumbnail.headers["Cache-Control"] == "private, max-age=604800, immutable"
    assert "Cookie" in thumbnail.headers["Vary"]


def test_the_same_form_sent_twice_makes_one_activity(member, app, form_data):
    form_data["submission_id"] = new_form(member)
    first = post_activity(member, form_data)
    second = post_activity(member, form_data)
    assert first.status_code == second.status_code == 303
    assert second.location == first.location
    assert counts(app) == (1, 0)
    assert "sudah tersimpan" in member.get(second.location).get_data(as_text=True)


def test_another_persons_submission_id_is_refused_with_a_message(member, login_as, app, form_data):
    coordinator = login_as("coordinator")
    taken = new_form(coordinator)
    assert post_activity(coordinator, {**form_data, "submission_id": taken}).status_code == 303
    response = post_activity(member, {**form_data, "submission_id": taken})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi." in html
    assert counts(app) == (1, 0)
    fresh = SUBMISSION_RE.search(html)[1]
    assert fresh != taken
    assert post_activity(member, {**form_data, "submission_id": fresh}).status_code == 303
    assert counts(app) == (2, 0)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"done_on": "2099-01-01"}, "Tanggal kegiatan tidak boleh setelah hari ini."),
        ({"done_on": "kemarin"}, "Tanggal tidak dikenali."),
        ({"hours": "0", "minutes": "0"}, "paling sedikit 1 menit"),
        ({"hours": "", "minutes": ""}, "paling sedikit 1 menit"),
        ({"hours": "24", "minutes": "1"}, "paling lama 24 jam"),
        ({"hours": "-1", "minutes": "90"}, "Jam tidak boleh negatif."),
        ({"minutes": "75"}, "Menit paling banyak 59"),
        ({"people_served": "-3"}, "Jumlah orang tidak boleh negatif."),
        ({"people_served": "banyak"}, "Isi dengan angka bulat."),
        ({"title": "  "}, "Isi judul singkat kegiatan."),
        ({"activity_type": "999999"}, "Pilih jenis kegiatan dari daftar."),
        ({"desa": "1"}, "Pilih desa dari daftar."),  # area 1 is the kabupaten
        ({"ppks": ["999999"]}, "Pilih kategori PPKS dari daftar."),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_changes(
    member, app, form_data, changes, message
):
    response = post_activity(member, {**form_data, **changes})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert any(message in error for error in errors_in(html)), errors_in(html)
    assert counts(app) == (0, 0)
    # What was typed is still there.
    assert "Respons banjir Desa Lalang" in html or changes.get("title")
    assert "Evakuasi warga dan pendataan kebutuhan." in html


@pytest.mark.parametrize("submission_id", [None, "", "pendek", "x" * 65])
def test_a_form_without_a_valid_submission_id_is_refused_and_gets_one(
    member, app, form_data, submission_id
):
    data = dict(form_data)
    if submission_id is not None:
        data["submission_id"] = submission_id
    response = member.post_form("/kegiatan/baru", data, content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Formulir ini tidak lengkap. Periksa isiannya lalu kirim lagi." in html
    assert counts(app) == (0, 0)
    # The form shown again carries a fresh id, so sending it again works.
    again = post_activity(member, {**form_data, "submission_id": SUBMISSION_RE.search(html)[1]})
    assert again.status_code == 303 and counts(app) == (1, 0)


def test_a_type_of_another_kind_of_organisation_is_not_among_the_choices(
    member, app, world, form_data
):
    with app.app_context():
        psm_type = af.type_for(world.org_b).id  # org B is a PSM; the member logs for Tagana A
    response = post_activity(member, {**form_data, "activity_type": str(psm_type)})
    assert response.status_code == 422
    assert "Pilih jenis kegiatan dari daftar." in errors_in(response.get_data(as_text=True))
    assert counts(app) == (0, 0)


def test_edit_an_activity_and_remove_its_photo(member, app, world, form_data):
    with app.app_context():
        activity = af.activity(world.ids["member"], world.org_a, photos=1)
        db.session.commit()
        activity_id, photo_id = activity.id, activity.photos[0].id
    page = member.get(f"/kegiatan/{activity_id}/ubah").get_data(as_text=True)
    assert 'value="Penyuluhan siaga banjir"' in page and f'value="{photo_id}"' in page
    data = {**form_data, "title": "Diperbaiki", "remove_photos": [str(photo_id)]}
    response = post_activity(member, data, path=f"/kegiatan/{activity_id}/ubah")
    assert response.status_code == 303 and response.location == f"/kegiatan/{activity_id}"
    with app.app_context():
        activity = db.session.get(Activity, activity_id)
        assert activity.title == "Diperbaiki" and activity.photos == []


def test_delete_an_activity(member, app, world):
    with app.app_context():
        activity_id = af.activity(world.ids["member"], world.org_a).id
        db.session.commit()
        mid = af.membership_id(world.ids["member"], world.org_a)
    response = member.post_form(f"/kegiatan/{activity_id}/hapus")
    assert response.status_code == 303
    assert response.location == f"/laporan/{mid}/{af.this_month()}"
    assert counts(app) == (0, 0)


def test_a_locked_month_cannot_be_edited_or_deleted(member, app, world, form_data):
    with app.app_context():
        activity_id = af.activity(world.ids["member"], world.org_a).id
        af.report(world.ids["member"], world.org_a, months.current(), SUBMITTED)
        db.session.commit()
    page = member.get(f"/kegiatan/{activity_id}")
    assert "terkunci" in page.get_data(as_text=True) and "/ubah" not in page.get_data(as_text=True)
    for response in (
        member.get(f"/kegiatan/{activity_id}/ubah"),
        post_activity(
            member, {**form_data, "title": "Diubah"}, path=f"/kegiatan/{activity_id}/ubah"
        ),
        member.post_form(f"/kegiatan/{activity_id}/hapus"),
    ):
        assert response.status_code in (302, 303)
        assert response.location == f"/kegiatan/{activity_id}"
    assert "sudah dikirim" in member.get(f"/kegiatan/{activity_id}").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Activity, activity_id).title == "Penyuluhan siaga banjir"
    # A new activity dated in the locked month is refused beside the date.
    response = post_activity(member, form_data)
    assert response.status_code == 422
    assert "sudah dikirim" in " ".join(errors_in(response.get_data(as_text=True)))
    assert counts(app) == (1, 0)


def test_another_members_activity_and_photos_are_not_found(app, world):
    with app.app_context():
        activity = af.activity(world.ids["member"], world.org_a, photos=1)
        other = factories.member(db.session.get(af.Organisation, world.org_a), "Anggota Lain")
        db.session.commit()
        activity_id, photo_id, phone = activity.id, activity.photos[0].id, other.phone
    client = app.test_client()
    client.login(phone)
    for path in (
        f"/kegiatan/{activity_id}",
        f"/kegiatan/{activity_id}/ubah",
        f"/kegiatan/foto/{photo_id}",
        f"/kegiatan/foto/{photo_id}/kecil",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post_form(f"/kegiatan/{activity_id}/hapus").status_code == 404
    assert counts(app) == (1, 1)


@pytest.fixture
def two_organisations(app, world):
    """The member of A also belongs to B (a PSM), so the form lets them pick."""
    with app.app_context():
        db.session.add(
            Membership(user_id=world.ids["member"], organisation_id=world.org_b, status=ACTIVE)
        )
        db.session.commit()
        return af.type_for(world.org_b).name


def test_htmx_swaps_the_activity_types_of_the_chosen_organisation(
    member, world, two_organisations, count_queries
):
    with count_queries() as seen:
        response = member.get(
            f"/kegiatan/baru?organisation={world.org_b}", headers={"HX-Request": "true"}
        )
    # The session with the person, the organisation's types: no desa or PPKS lists.
    assert len(seen) == 2, seen
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html and two_organisations in html and "Respons bencana" not in html
    full = member.get(f"/kegiatan/baru?organisation={world.org_b}").get_data(as_text=True)
    assert "<html" in full and "Tampilkan jenis kegiatan organisasi ini" in full


def test_without_javascript_the_button_shows_the_other_organisations_types(
    member, world, form_data, two_organisations
):
    data = {**form_data, "organisation": str(world.org_b), "ganti_organisasi": "1"}
    response = post_activity(member, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert two_organisations in html and "Respons bencana" not in html
    assert "Respons banjir Desa Lalang" in html  # nothing typed is lost


def test_the_admin_and_pending_people_do_not_log_activities(login_as):
    assert login_as("admin").get("/kegiatan/baru").status_code == 403
    pending = login_as("pending").get("/kegiatan/baru")
    assert pending.status_code == 403 and "menunggu persetujuan" in pending.get_data(as_text=True)


def test_the_menu_shows_kegiatan_to_members_and_reports_to_coordinators(login_as, app, world):
    member_home = login_as("member").get("/").get_data(as_text=True)
    assert 'href="/kegiatan/"' in member_home and 'href="/laporan/"' not in member_home
    assert "Catat kegiatan" in member_home
    coordinator_home = login_as("coordinator").get("/").get_data(as_text=True)
    assert 'href="/laporan/"' in coordinator_home and 'href="/kegiatan/"' in coordinator_home
    admin_home = login_as("admin").get("/").get_data(as_text=True)
    assert 'href="/laporan/"' in admin_home and 'href="/kegiatan/"' not in admin_home
    with app.app_context():
        assert db.session.get(User, world.ids["admin"]).is_admin
