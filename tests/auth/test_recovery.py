"""Password recovery: a coordinator's one-time reset link (WhatsApp, QR), the e-mail
request that never tells whether an address is known, and the e-mail check."""

import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import select

from portal.accounts import recovery
from portal.extensions import db
from portal.models import AuditEvent, Delivery, MemberActivation, Notice, User, utcnow
from portal.notifications import render

from ..helpers import main_unsigned

NEW = "laut biru di manggar sore hari"


def _text(response) -> str:
    return response.get_data(as_text=True)


def _member_page(world, role="member"):
    return f"/organisasi/{world.org_a}/anggota/{world.memberships[role]}"


def _make_link(client, world, role="member") -> str:
    page = _member_page(world, role)
    response = client.post_form(page + "/atur-ulang", token_from=page)
    assert response.status_code == 303
    html = _text(client.get(page))
    match = re.search(r"https://localhost/atur-ulang-sandi\?token=[A-Za-z0-9_-]+", html)
    assert match, "the member page shows the new link"
    return match.group(0)


def _token(link: str) -> str:
    return parse_qs(urlsplit(link).query)["token"][0]


def _reset(client, token, password=NEW):
    return client.post_form(
        "/atur-ulang-sandi", {"token": token, "password": password, "confirm": password}
    )


def test_coordinator_makes_a_link_shared_by_whatsapp_and_qr(app, login_as, world):
    coordinator = login_as("coordinator")
    link = _make_link(coordinator, world)
    html = _text(coordinator.get(_member_page(world)))
    wa = re.search(r'href="(https://wa\.me/\d+\?text=[^"]+)"', html.split('id="sandi"')[1])
    assert wa and link in unquote(wa.group(1).replace("&amp;", "&"))
    svg = coordinator.get(_member_page(world) + "/atur-ulang.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    with app.app_context():
        row = db.session.scalar(select(MemberActivation).where(MemberActivation.purpose == "reset"))
        assert row.token_hash == recovery.links.hash_token(_token(link))
        assert _token(link) not in " ".join(str(v) for v in vars(row).values())
        assert row.expires_at - row.created_at == timedelta(hours=24)
        assert db.session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.action == "account.password_reset_link_issued",
                AuditEvent.subject_user_id == world.ids["member"],
            )
        )


def test_another_organisation_or_a_fellow_coordinator_is_not_found(app, login_as, world):
    other = login_as("other_coordinator")
    page = _member_page(world)
    assert other.post_form(page + "/atur-ulang").status_code == 404
    assert other.get(page + "/atur-ulang.svg").status_code == 404
    coordinator = login_as("coordinator")
    # No QR before a link exists; a coordinator does not reset another coordinator.
    assert coordinator.get(page + "/atur-ulang.svg").status_code == 404
    with app.app_context():
        from portal.models import Membership

        m = db.session.get(Membership, world.memberships["member"])
        m.role = "coordinator"
        db.session.commit()
    assert coordinator.post_form(page + "/atur-ulang", token_from="/privasi").status_code == 404
    admin = login_as("admin")
    assert admin.post_form(page + "/atur-ulang").status_code == 303


def test_the_link_works_once_and_ends_every_old_session(app, login_as, world):
    old_session = login_as("member")
    assert old_session.get("/akun/").status_code == 200
    token = _token(_make_link(login_as("coordinator"), world))
    stranger = app.test_client()
    page = stranger.get(f"/atur-ulang-sandi?token={token}")
    assert page.status_code == 200 and "Anggota Uji" in _text(page)
    assert _reset(stranger, token).status_code == 303
    assert old_session.get("/akun/").status_code == 302  # back to the login page
    assert stranger.login(world.phones["member"], NEW).status_code == 303
    again = _reset(app.test_client(), token, "kata sandi lain yang panjang")
    assert again.status_code == 410
    with app.app_context():
        assert db.session.scalar(select(Notice.kind).where(Notice.user_id == world.ids["member"]))
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert "account.password_reset" in actions


def test_tampered_expired_and_replaced_links_say_so(app, login_as, world):
    coordinator = login_as("coordinator")
    first = _token(_make_link(coordinator, world))
    second = _token(_make_link(coordinator, world))
    client = app.test_client()
    assert client.get(f"/atur-ulang-sandi?token={first}").status_code == 410  # replaced
    assert client.get(f"/atur-ulang-sandi?token={second[:-2]}xx").status_code == 404
    assert client.get("/atur-ulang-sandi?token=" + "a" * 200).status_code == 404
    # An activation token never opens the reset page, nor the other way round.
    assert client.get(f"/aktivasi?token={second}").status_code == 404
    with app.app_context():
        row = db.session.scalar(
            select(MemberActivation).where(MemberActivation.revoked_at.is_(None))
        )
        row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(f"/atur-ulang-sandi?token={second}").status_code == 410
    assert _reset(client, second).status_code == 410


def test_a_weak_new_password_is_refused_with_a_message(app, login_as, world):
    token = _token(_make_link(login_as("coordinator"), world))
    response = _reset(app.test_client(), token, "pendek")
    assert response.status_code == 422 and "12" in _text(response)


def _verify_email(app, world, role="member", address="anggota@example.org"):
    with app.app_context():
        user = db.session.get(User, world.ids[role])
        user.email, user.email_verified_at = address, utcnow()
        db.session.commit()


def _ask(client, address):
    started = time.perf_counter()
    response = client.post_form("/lupa-sandi", {"email": address}, token_from="/lupa-sandi")
    return response, time.perf_counter() - started


def test_asking_by_email_answers_the_same_for_known_and_unknown(app, world):
    _verify_email(app, world)
    client = app.test_client()
    answers, known_times, unknown_times = set(), [], []
    for _ in range(5):
        for address, times in (
            ("anggota@example.org", known_times),
            ("nobody@example.org", unknown_times),
        ):
            response, took = _ask(client, address)
            assert response.status_code == 303 and response.location.endswith("/masuk")
            answers.add(main_unsigned(_text(client.get("/masuk"))))
            times.append(took)
    assert len(answers) == 1
    known, unknown = sorted(known_times)[2], sorted(unknown_times)[2]
    assert abs(known - unknown) < 0.05, (known, unknown)
    with app.app_context():
        deliveries = list(db.session.scalars(select(Delivery)))
        assert {d.address for d in deliveries} == {"anggota@example.org"}
        assert all(
            d.kind == "account.reset_link" and "token" not in str(d.params) for d in deliveries
        )
        details = [
            e.detail
            for e in db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "account.password_reset_requested")
            )
        ]
        assert {"known": True} in details and {"known": False} in details


def test_an_unverified_address_gets_nothing(app, world):
    with app.app_context():
        db.session.get(User, world.ids["member"]).email = "anggota@example.org"
        db.session.commit()
    response, _took = _ask(app.test_client(), "anggota@example.org")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Delivery.id)) is None


def test_the_emailed_link_resets_the_password(app, world):
    _verify_email(app, world)
    _ask(app.test_client(), "ANGGOTA@example.org ")
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        message = render.message(delivery, db.session.get(User, world.ids["member"]))
    assert message.link.startswith("https://localhost/atur-ulang-sandi?token=")
    assert "sekali pakai" in message.text
    client = app.test_client()
    assert _reset(client, _token(message.link)).status_code == 303
    assert client.login(world.phones["member"], NEW).status_code == 303


def test_email_check_by_link(app, login_as, world):
    with app.app_context():
        db.session.get(User, world.ids["member"]).email = "anggota@example.org"
        db.session.commit()
    member = login_as("member")
    assert "Kirim tautan pemeriksaan" in _text(member.get("/akun/"))
    assert member.post_form("/akun/email/periksa", token_from="/akun/").status_code == 303
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.address == "anggota@example.org"
        link = render.message(delivery, db.session.get(User, world.ids["member"])).link
    address = urlsplit(link).path + "?" + urlsplit(link).query
    # Opening the link (a mail program may fetch it first) changes nothing: a button does.
    opener = app.test_client()
    page = opener.get(address)
    assert page.status_code == 200 and "anggota@example.org" in _text(page)
    assert "belum diperiksa" in _text(member.get("/akun/"))
    token = parse_qs(urlsplit(link).query)["token"][0]
    assert opener.post("/akun/email/sah", data={"token": token}).status_code == 400  # no CSRF
    confirmed = opener.post_form("/akun/email/sah", {"token": token}, token_from=address)
    assert confirmed.status_code == 303 and confirmed.location.endswith("/masuk")
    assert "sudah diperiksa" in _text(member.get("/akun/"))
    # Opened again later: it says so, and changes nothing.
    again = app.test_client().get(address)
    assert again.status_code == 303
    assert app.test_client().get("/akun/email/periksa?token=tampered").status_code == 404
    tampered = app.test_client().post_form(
        "/akun/email/sah", {"token": "tampered"}, token_from="/masuk"
    )
    assert tampered.status_code == 404


def test_a_changed_address_is_no_longer_verified(app, req, world):
    from portal.accounts import services

    user = db.session.get(User, world.ids["member"])
    user.email, user.email_verified_at = "anggota@example.org", utcnow()
    services.update_profile(
        user,
        full_name=user.full_name,
        email="baru@example.org",
        desa_id=user.home_desa_id,
        listed=False,
        show_phone=False,
        locale="id",
    )
    db.session.commit()
    assert db.session.get(User, world.ids["member"]).email_verified_at is None


def test_login_page_explains_both_ways(app):
    html = _text(app.test_client().get("/masuk"))
    assert "koordinator" in html and "/lupa-sandi" in html
