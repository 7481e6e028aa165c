"""Each person's rights over their data: a copy of everything, and erasure on request."""

import json
import re

import pytest
from sqlalchemy import func, select

from portal import personal_data
from portal.extensions import db
from portal.models import (
    AuditEvent,
    ConsentRecord,
    DeletionRequest,
    LoginSession,
    Membership,
    Notice,
    User,
)
from portal.models.organisations import LEFT
from portal.models.rights import CANCELLED, COMPLETED, REQUESTED
from portal.rights import services

from .. import factories


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def feature_data(app):
    """Another feature's provider and eraser, as activities or meetings register theirs."""
    erased = []
    personal_data.add_provider(
        app,
        "activities",
        lambda user: [{"title": "Piket posko", "date": "2026-11-02"}],
        label="Kegiatan",
        fields={"title": personal_data.Field("Judul"), "date": personal_data.Field("Tanggal")},
    )
    personal_data.add_eraser(app, lambda user: erased.append(user.phone))
    return erased


def test_export_holds_every_feature_section_as_json(app, login_as, world, feature_data):
    client = login_as("member")
    response = client.post_form("/akun/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.data)
    sections = data["sections"]
    assert sections["profile"]["full_name"] == "Anggota Uji"
    assert sections["profile"]["memberships"][0]["organisation"] == "Tagana Uji A"
    assert sections["activities"] == [{"title": "Piket posko", "date": "2026-11-02"}]
    assert sections["account_deletion"] == []
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "personal_data.exported")
        )
        assert event.subject_user_id == world.ids["member"]
        assert event.detail == {"format": "json"}


def test_readable_page_shows_the_same_data_with_labels(login_as, feature_data):
    html = _text(login_as("member").get("/akun/data"))
    assert "Data saya" in html
    assert "Nama lengkap" in html and "Anggota Uji" in html
    assert "Kegiatan" in html and "Piket posko" in html
    assert "Senin, 2 November 2026" in html  # ISO dates read as Indonesian dates
    assert "Catatan audit tentang Anda" in html


def test_profile_links_to_the_data_rights(login_as):
    html = _text(login_as("pending").get("/akun/"))
    assert 'href="/akun/data"' in html and "Unduh data saya" in html
    assert 'href="/akun/hapus"' in html and "Minta hapus akun" in html


def _request_form(**overrides):
    form = {"reason": "Saya pindah kota", "password": factories.PASSWORD, "confirm": "y"}
    form.update(overrides)
    return form


def test_a_member_asks_for_deletion_once(app, login_as, world):
    client = login_as("member")
    response = client.post_form("/akun/hapus", _request_form())
    assert response.status_code == 303
    again = client.post_form("/akun/hapus", _request_form(), token_from="/akun/hapus")
    assert again.status_code == 303
    html = _text(client.get("/akun/hapus"))
    assert "sedang menunggu admin" in html
    with app.app_context():
        requests = db.session.scalars(select(DeletionRequest)).all()
        assert [(r.user_id, r.status, r.reason) for r in requests] == [
            (world.ids["member"], REQUESTED, "Saya pindah kota")
        ]
        admin_notices = db.session.scalar(
            select(func.count()).select_from(Notice).where(Notice.user_id == world.ids["admin"])
        )
        assert admin_notices == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "salah sekali kata sandinya"}, "Kata sandi salah."),
        ({"password": ""}, "Isi kata sandi untuk memastikan ini memang Anda."),
        ({"confirm": ""}, "Centang kotak ini untuk mengirim permintaan."),
        ({"reason": "x" * 501}, "Alasan maksimal 500 karakter."),
    ],
)
def test_a_bad_deletion_request_changes_nothing(app, login_as, overrides, message):
    client = login_as("member")
    response = client.post_form("/akun/hapus", _request_form(**overrides))
    assert response.status_code == 422
    html = _text(response)
    assert message in html
    if overrides.get("reason"):
        assert "x" * 501 in html  # what was typed stays
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DeletionRequest)) == 0


def test_a_member_withdraws_their_request(app, login_as):
    client = login_as("member")
    client.post_form("/akun/hapus", _request_form())
    assert client.post_form("/akun/hapus/batal", token_from="/akun/hapus").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(DeletionRequest.status)) == CANCELLED
    assert "Kirim permintaan hapus akun" in _text(client.get("/akun/hapus"))


def test_admin_completes_a_request_and_the_person_is_erased(app, login_as, world, feature_data):
    member = login_as("member")
    member.post_form("/akun/hapus", _request_form())
    with app.app_context():
        request_id = db.session.scalar(select(DeletionRequest.id))
        person = db.session.get(User, world.ids["member"])
        phone = person.phone
        person.listed = True
        db.session.add(ConsentRecord(user_id=person.id, version="2026-11"))
        db.session.commit()
    admin = login_as("admin")
    listing = _text(admin.get("/admin/permintaan-hapus"))
    assert "Anggota Uji" in listing and "Saya pindah kota" in listing
    assert "1 permintaan menunggu Anda." in _text(admin.get("/"))

    unconfirmed = admin.post_form(f"/admin/permintaan-hapus/{request_id}", {})
    assert unconfirmed.status_code == 422
    assert "Centang kotak ini untuk menghapus." in _text(unconfirmed)
    with app.app_context():
        assert db.session.get(User, world.ids["member"]).erased_at is None

    done = admin.post_form(f"/admin/permintaan-hapus/{request_id}", {"confirm": "y"})
    assert done.status_code == 303
    assert feature_data == [phone]  # features erased their part while the phone was known
    with app.app_context():
        person = db.session.get(User, world.ids["member"])
        assert person.full_name == f"Akun terhapus #{person.id}"
        assert (person.phone, person.email, person.password_hash, person.home_desa_id) == (
            None,
            None,
            None,
            None,
        )
        assert person.listed is False and person.erased_at is not None
        membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
        # The membership row stays so counts of past work add up, but it is over.
        assert membership.status == LEFT and membership.member_number is None
        assert db.session.scalar(select(ConsentRecord.withdrawn_at)) is not None
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(LoginSession)
                .where(LoginSession.user_id == person.id)
            )
            == 0
        )
        request = db.session.get(DeletionRequest, request_id)
        assert (request.status, request.decided_by_id, request.reason) == (
            COMPLETED,
            world.ids["admin"],
            None,
        )
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.erased"))
        assert (event.actor_id, event.subject_user_id) == (world.ids["admin"], person.id)
    # The old session cookie no longer works.
    assert member.get("/akun/").status_code == 302
    assert "Anggota Uji" not in _text(app.test_client().get("/direktori/"))
    completed = _text(admin.get("/admin/permintaan-hapus?status=completed"))
    assert "Akun terhapus" in completed and "Admin Uji" in completed


def test_an_admin_does_not_complete_their_own_request(app, login_as, world):
    admin = login_as("admin")
    admin.post_form("/akun/hapus", _request_form())
    with app.test_request_context():
        request = db.session.scalar(select(DeletionRequest))
        with pytest.raises(services.DeletionError):
            services.complete_deletion(db.session.get(User, world.ids["admin"]), request)
    assert admin.get(f"/admin/permintaan-hapus/{request.id}").status_code == 404


def _keys(value):
    """Every dict key in a section's data, however deep."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield key
            yield from _keys(child)
    elif isinstance(value, list):
        for child in value:
            yield from _keys(child)


def test_data_saya_reads_in_each_features_labels_and_formats(app, login_as, world):
    from ..activities import factories as activity_factories

    with app.app_context():
        activity_factories.activity(world.ids["member"], world.org_a, minutes=135)
        db.session.commit()
    client = login_as("member")
    html = _text(client.get("/akun/data"))
    dd = " ".join(re.findall(r"<dd>([^<]*)</dd>", html))
    assert "Duration minutes" not in html and "Durasi" in html and "2 jam 15 menit" in dd
    assert "aktif" in dd.split() and "anggota" in dd.split()  # status and role, as labels
    assert not {"member", "active", "auth.login", "privacy"} & set(dd.split())
    assert "Masuk" in dd.split()  # the audit action auth.login
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        for name, section in personal_data.sections().items():
            unlabelled = set(_keys(section.provider(user))) - set(section.fields)
            assert not unlabelled, (name, unlabelled)


def test_only_the_json_download_is_an_audited_export(app, login_as, world):
    client = login_as("member")

    def exports():
        with app.app_context():
            return db.session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "personal_data.exported")
            )

    assert client.get("/akun/data").status_code == 200
    assert exports() == 0
    assert client.post_form("/akun/data.json").status_code == 200
    assert exports() == 1
