"""One-time activation links: only a hash stored, single use, expiry, a new link on request."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.logging_filters import mask
from portal.models import AuditEvent, ConsentRecord, MemberActivation, Membership, User
from portal.organisations import activation

from ..directory_helpers import upload, xlsx

PASSWORD = "pantai manggar indah sekali"


def _text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def imported(app, login_as, world):
    """Siti, imported into organisation A by its coordinator; her link as she receives it."""
    coordinator = login_as("coordinator")
    preview = upload(
        coordinator, world.org_a, xlsx([["Siti Aminah", "0812-1111-2222", "", "", "Kelubi"]])
    ).location
    coordinator.post_form(preview + "/simpan", token_from=preview)
    html = _text(coordinator.get(preview))
    start = html.index("https://localhost/aktivasi?token=")
    link = html[start : html.index("<", start)]
    with app.app_context():
        membership_id = db.session.scalar(
            select(Membership.id)
            .join(User, User.id == Membership.user_id)
            .where(User.phone == "+6281211112222")
        )
    return {
        "link": link,
        "token": parse_qs(urlsplit(link).query)["token"][0],
        "membership": membership_id,
    }


def _activate(client, token, **overrides):
    form = {"token": token, "password": PASSWORD, "confirm": PASSWORD, "consent": "y"}
    form.update(overrides)
    return client.post_form("/aktivasi", form)


def test_only_a_hash_of_the_token_is_stored(app, imported):
    with app.app_context():
        row = db.session.scalar(select(MemberActivation))
        stored = [str(getattr(row, c.key)) for c in MemberActivation.__table__.columns]
        assert imported["token"] not in " ".join(stored)
        assert row.token_hash == activation.hash_token(imported["token"])
    assert imported["token"] not in mask(f"GET /aktivasi?token={imported['token']} HTTP/1.1")


def test_the_person_sets_their_password_and_is_logged_in(app, client, imported):
    page = client.get(urlsplit(imported["link"]).path + "?" + urlsplit(imported["link"]).query)
    assert page.status_code == 200
    assert "Halo, Siti Aminah" in _text(page) and "0812-1111-2222" in _text(page)
    response = _activate(client, imported["token"])
    assert response.status_code == 303 and response.location == "/"
    assert "Halo, Siti Aminah" in _text(client.get("/"))
    with app.app_context():
        siti = db.session.scalar(select(User).where(User.phone == "+6281211112222"))
        assert siti.password_hash and siti.password_hash != PASSWORD
        assert db.session.scalar(select(ConsentRecord.user_id)) == siti.id
        assert (
            db.session.scalar(
                select(AuditEvent).where(AuditEvent.action == "account.activated")
            ).subject_user_id
            == siti.id
        )
    fresh = app.test_client()
    assert fresh.login("0812-1111-2222", PASSWORD).status_code == 303


def test_the_data_export_lists_links_but_never_a_token(login_as, client, imported):
    _activate(client, imported["token"])
    export = client.post_form("/akun/data.json")
    links = export.get_json()["sections"]["activation_links"]
    assert len(links) == 1 and links[0]["used_at"] is not None
    assert imported["token"] not in export.get_data(as_text=True)


def test_a_used_link_says_so(client, imported):
    _activate(client, imported["token"])
    again = client.get(f"/aktivasi?token={imported['token']}")
    assert again.status_code == 410
    assert "Tautan ini sudah dipakai untuk mengaktifkan akun" in _text(again)
    posted = _activate(client, imported["token"], password="kata sandi lain lagi ya")
    assert posted.status_code == 410


def test_an_expired_link_says_so_and_changes_nothing(app, client, imported):
    with app.app_context():
        row = db.session.scalar(select(MemberActivation))
        row.expires_at = row.expires_at - timedelta(days=30)
        db.session.commit()
    response = _activate(client, imported["token"])
    assert response.status_code == 410
    assert "Tautan ini sudah kedaluwarsa. Minta tautan baru kepada koordinator" in _text(response)
    with app.app_context():
        siti = db.session.scalar(select(User).where(User.phone == "+6281211112222"))
        assert siti.password_hash is None


def test_an_unknown_link(client):
    for token in ("bukan-token", "x" * 5000, ""):
        response = client.get(f"/aktivasi?token={token}")
        assert response.status_code == 404
        assert "Tautan ini tidak dikenal" in _text(response)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"password": "pendek", "confirm": "pendek"}, "Kata sandi minimal 12 karakter."),
        ({"confirm": "yang lain sama sekali"}, "Kedua kata sandi tidak sama."),
        ({"consent": ""}, "Anda perlu menyetujui pemberitahuan privasi."),
        (
            {"password": "6281211112222xy", "confirm": "6281211112222xy"},
            "Jangan memakai nomor HP sebagai kata sandi.",
        ),
    ],
)
def test_bad_passwords_keep_the_link_usable(app, client, imported, overrides, message):
    response = _activate(client, imported["token"], **overrides)
    assert response.status_code == 422
    assert message in _text(response)
    with app.app_context():
        assert db.session.scalar(select(MemberActivation.used_at)) is None
        assert (
            db.session.scalar(select(User.password_hash).where(User.phone == "+6281211112222"))
            is None
        )


def test_the_coordinator_issues_a_new_link_and_the_old_one_stops(app, login_as, world, imported):
    coordinator = login_as("coordinator")
    member_page = f"/organisasi/{world.org_a}/anggota/{imported['membership']}"
    html = _text(coordinator.get(member_page))
    assert imported["link"] in html and "Kirim lewat WhatsApp" in html
    response = coordinator.post_form(member_page + "/aktivasi", token_from=member_page)
    assert response.status_code == 303
    html = _text(coordinator.get(member_page))
    assert imported["link"] not in html and "https://localhost/aktivasi?token=" in html
    old = app.test_client().get(f"/aktivasi?token={imported['token']}")
    assert old.status_code == 410 and "sudah diganti" in _text(old)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MemberActivation)) == 2
    # Another organisation's coordinator cannot see or renew it.
    other = login_as("other_coordinator")
    assert other.get(member_page).status_code == 404
    assert other.post_form(member_page + "/aktivasi").status_code == 404


def test_no_new_link_for_someone_who_has_a_password(app, login_as, world):
    coordinator = login_as("coordinator")
    page = f"/organisasi/{world.org_a}/anggota/{world.memberships['member']}"
    response = coordinator.post_form(page + "/aktivasi", token_from=page)
    assert response.status_code == 303
    assert "sudah mengaktifkan akunnya" in _text(coordinator.get(page))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MemberActivation)) == 0
