"""Web push: subscriptions per device (origin and keys checked), and a real push flow
against a local endpoint that verifies the VAPID signature and decrypts the message."""

import pytest
from py_vapid import Vapid
from sqlalchemy import func, select

from portal import jobs, notices
from portal.extensions import db
from portal.models import Delivery, PushSubscription, User
from portal.notifications import push

from ..helpers import make_app
from .push_receiver import Receiver

PORT = 18431


@pytest.fixture(scope="module")
def vapid_pem():
    key = Vapid()
    key.generate_keys()
    return key.private_pem().decode()


@pytest.fixture
def app(tmp_path, vapid_pem):
    return make_app(
        tmp_path,
        VAPID_PRIVATE_KEY=vapid_pem,
        VAPID_SUBJECT="mailto:admin@example.org",
        PUSH_ALLOW_LOOPBACK=True,
    )


@pytest.fixture
def receiver():
    with Receiver(PORT) as r:
        yield r


def _subscribe(client, body, **headers):
    token = client.csrf_token("/notifikasi/pengaturan")
    return client.post("/notifikasi/push", json=body, headers={"X-CSRFToken": token, **headers})


def test_a_device_subscribes_once_and_bad_ones_are_refused(app, login_as, world, receiver):
    member = login_as("member")
    page = member.get("/notifikasi/pengaturan").get_data(as_text=True)
    with app.app_context():
        assert f'data-key="{push.public_key()}"' in page
    device = receiver.device("hp-anggota")
    assert _subscribe(member, device.as_json(), Origin="https://localhost").status_code == 201
    assert _subscribe(member, device.as_json()).status_code == 201  # again: the same row
    other_site = _subscribe(member, device.as_json(), Origin="https://evil.example")
    assert other_site.status_code == 422 and "situs lain" in other_site.json["error"]
    bad_key = {**device.as_json(), "keys": {"p256dh": "AAAA", "auth": device.auth_b64}}
    assert _subscribe(member, bad_key).status_code == 422
    not_a_point = {**device.as_json(), "keys": {"p256dh": "B" * 87, "auth": device.auth_b64}}
    assert _subscribe(member, not_a_point).status_code == 422
    stranger = {**device.as_json(), "endpoint": "https://push.evil.example/x"}
    assert "tidak dikenal" in _subscribe(member, stranger).json["error"]
    assert _subscribe(member, {**device.as_json(), "endpoint": "ftp://x"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PushSubscription)) == 1
    assert "Perangkat dengan notifikasi" in member.get("/notifikasi/pengaturan").get_data(
        as_text=True
    )


def test_the_published_minutes_reach_the_device_signed_and_encrypted(app, world, receiver):
    with app.app_context():
        phone = receiver.device("hp-anggota")
        push.subscribe(
            db.session.get(User, world.ids["member"]),
            phone.endpoint,
            phone.p256dh,
            phone.auth_b64,
            "Chrome Android",
        )
        db.session.commit()
        notices.notify(
            world.ids["member"],
            "meeting.minutes_published",
            "/rapat/7#notulen",
            title="Rakor Siaga Banjir",
        )
        db.session.commit()
        delivery = db.session.scalar(select(Delivery))
        assert delivery.channel == "push" and delivery.status == "queued"
        assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 1
        [got] = receiver.received
        assert got["message"] == {
            "title": "Simpul",
            "body": "Notulen rapat Rakor Siaga Banjir sudah terbit.",
            "url": "/rapat/7#notulen",
            "tag": "meeting.minutes_published",
            "lang": "id",
        }
        assert got["claims"]["sub"] == "mailto:admin@example.org"
        assert got["claims"]["k"] == push.public_key()
        assert int(got["ttl"]) > 0
        db.session.refresh(delivery)
        assert delivery.status == "sent"


def test_a_device_that_is_gone_is_removed(app, world, receiver):
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        for name in ("lama", "baru"):
            d = receiver.device(name)
            push.subscribe(user, d.endpoint, d.p256dh, d.auth_b64, name)
        receiver.gone.add("lama")
        db.session.commit()
        notices.notify(user, "meeting.minutes_published", "/rapat/7#notulen", title="Rakor")
        db.session.commit()
        jobs.run(only=("deliveries",))
        assert [r["device"] for r in receiver.received] == ["baru"]
        assert [s.user_agent for s in db.session.scalars(select(PushSubscription))] == ["baru"]
        # Only the gone device left: the delivery fails for good, with the reason.
        receiver.gone.add("baru")
        notices.notify(user, "meeting.minutes_published", "/rapat/8#notulen", title="Rakor 2")
        db.session.commit()
        jobs.run(only=("deliveries",))
        last = db.session.scalars(select(Delivery).order_by(Delivery.id.desc())).first()
        assert last.status == "failed" and "410" in last.reason
        assert db.session.scalar(select(PushSubscription.id)) is None


def test_no_push_queued_for_someone_without_a_device_or_who_turned_it_off(app, login_as, world):
    member = login_as("member")
    response = member.post_form(
        "/notifikasi/pengaturan",
        {"enabled": ["membership.approve|email"]},
        token_from="/notifikasi/pengaturan",
    )
    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        push.subscribe(user, "https://fcm.googleapis.com/fcm/send/x", "k", "a", "hp")
        db.session.commit()
        notices.notify(user, "meeting.minutes_published", "/rapat/7", title="Rakor")
        notices.notify(world.ids["coordinator"], "meeting.minutes_published", "/rapat/7", title="R")
        db.session.commit()
        assert db.session.scalar(select(Delivery.id)) is None  # off for one, no device for other
        assert len(notices.unread(user)) == 1  # in-app still records it
    bad = member.post_form(
        "/notifikasi/pengaturan", {"enabled": ["nope|push"]}, token_from="/notifikasi/pengaturan"
    )
    assert bad.status_code == 422 and "tidak dikenal" in bad.get_data(as_text=True)
