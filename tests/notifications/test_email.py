"""The e-mail channel against a real SMTP server on loopback (aiosmtpd): messages parsed
back, in the reader's language; a server that is down leaves them queued and retried."""

from datetime import timedelta

from sqlalchemy import select

from portal import jobs, notices, urls
from portal.extensions import db
from portal.models import Delivery, NotificationSetting, User, utcnow
from portal.notifications import sending

from ..helpers import main_unsigned
from .helpers import make_meeting
from .mail_helpers import listening, mail_fixtures

SMTP_PORT = 18425


inbox, app = mail_fixtures(SMTP_PORT)


def _verified(world, role, address, locale=None):
    user = db.session.get(User, world.ids[role])
    user.email, user.email_verified_at, user.locale = address, utcnow(), locale
    return user


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def test_a_notice_reaches_the_inbox_in_the_readers_language(ctx, world, inbox):
    member = _verified(world, "member", "anggota@example.org", locale="en")
    coordinator = _verified(world, "coordinator", "koordinator@example.org")
    db.session.commit()
    # membership.approve goes by e-mail by default; the sender's language does not matter.
    notices.notify_many([member.id, coordinator.id], "membership.approve", "/", org="Tagana Uji A")
    db.session.commit()
    assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 2
    got = {to[0]: message for to, message in inbox.messages}
    english = got["anggota@example.org"]
    text, html = _parts(english)
    assert "Your application to Tagana Uji A has been approved" in text
    assert "https://simpul.example.org/" in text
    assert str(english["Subject"]).strip().startswith("Simpul: Your application")
    assert 'lang="en"' in html and "Open in Simpul" in html
    text, _html = _parts(got["koordinator@example.org"])
    assert "Pendaftaran Anda di Tagana Uji A disetujui" in text
    assert {d.status for d in db.session.scalars(select(Delivery))} == {"sent"}


def test_no_email_without_a_verified_address_or_when_turned_off(ctx, world, inbox):
    member = _verified(world, "member", "anggota@example.org")
    db.session.get(User, world.ids["coordinator"]).email = "belum@example.org"  # unverified
    db.session.add(
        NotificationSetting(
            user_id=member.id, kind="membership.approve", channel="email", enabled=False
        )
    )
    db.session.commit()
    notices.notify_many(
        [member.id, world.ids["coordinator"]], "membership.approve", "/", org="Tagana Uji A"
    )
    db.session.commit()
    assert db.session.scalar(select(Delivery.id)) is None
    # In-app still records it.
    assert len(notices.unread(member)) == 1


def test_smtp_down_keeps_it_queued_and_retries(ctx, world):
    member = _verified(world, "member", "anggota@example.org")
    db.session.commit()
    notices.notify(member, "membership.approve", "/", org="Tagana Uji A")
    db.session.commit()
    # Nothing listens on the port yet.
    assert jobs.run(only=("deliveries",))["deliveries"] == {"sent": 0, "queued": 1, "failed": 0}
    delivery = db.session.scalar(select(Delivery))
    assert delivery.status == "queued" and delivery.attempts == 1
    assert "SMTP" in delivery.reason and delivery.next_attempt_at > utcnow()
    # Not due yet: the next run leaves it alone.
    assert jobs.run(only=("deliveries",))["deliveries"]["queued"] == 0
    with listening(SMTP_PORT) as box:
        delivery.next_attempt_at = utcnow()
        db.session.commit()
        assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 1
    assert len(box.messages) == 1
    db.session.refresh(delivery)
    assert delivery.status == "sent" and delivery.attempts == 2 and delivery.reason is None


def test_gives_up_after_the_last_attempt(ctx, world):
    ctx.config["DELIVERY_MAX_ATTEMPTS"] = 2
    member = _verified(world, "member", "anggota@example.org")
    db.session.commit()
    notices.notify(member, "membership.approve", "/", org="Tagana Uji A")
    db.session.commit()
    for _ in range(2):
        db.session.execute(Delivery.__table__.update().values(next_attempt_at=utcnow()))
        db.session.commit()
        sending.send_due()
    delivery = db.session.scalar(select(Delivery))
    assert delivery.status == "failed" and delivery.attempts == 2


def test_a_request_that_notifies_succeeds_while_smtp_is_down(app, login_as, world):
    """The coordinator's approval sends the member an e-mail later; the request does not wait."""
    with app.app_context():
        _verified(world, "pending", "baru@example.org")
        db.session.commit()
    coordinator = login_as("coordinator")
    response = coordinator.post_form(
        f"/organisasi/keanggotaan/{world.memberships['pending']}/keputusan",
        {"action": "approve"},
        token_from="/organisasi/pendaftar",
    )
    assert response.status_code == 303
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.channel == "email" and delivery.status == "queued"
        assert delivery.address is None and delivery.user_id == world.ids["pending"]


def _ask_for_reset(client, address="anggota@example.org"):
    """POST the forgot-password form the way a server does it: the answer is handed over
    and closed (buffered), which is when the waiting e-mail goes."""
    response = client.post_form(
        "/lupa-sandi", {"email": address}, token_from="/lupa-sandi", buffered=True
    )
    assert response.status_code == 303 and response.location.endswith("/masuk")
    return main_unsigned(client.get("/masuk").get_data(as_text=True))


def test_the_reset_email_is_sent_at_once_and_its_link_works(app, world, inbox):
    with app.app_context():
        _verified(world, "member", "anggota@example.org")
        db.session.commit()
    client = app.test_client()
    _ask_for_reset(client)
    # There without any job run: the person asking is waiting for it.
    ((to, message),) = inbox.messages
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.status == "sent" and delivery.attempts == 1
        assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 0
    assert len(inbox.messages) == 1
    text, html = _parts(message)
    assert to == ["anggota@example.org"] and "sekali pakai" in text
    link = next(w for w in text.split() if w.startswith("https://simpul.example.org/atur-ulang"))
    path = link.removeprefix("https://simpul.example.org")
    assert client.get(path).status_code == 200
    assert 'href="' + link.replace("&", "&amp;") in html or link in html


def test_reset_email_with_smtp_down_stays_queued_and_the_job_sends_it(app, world):
    with app.app_context():
        _verified(world, "member", "anggota@example.org")
        db.session.commit()
    client = app.test_client()
    # Nothing listens on the port: the page says the same as for an unknown address.
    down = _ask_for_reset(client)
    assert _ask_for_reset(client, "nobody@example.org") == down
    assert "tautan atur ulang kata sandi sudah dikirim" in down
    with app.app_context():
        delivery = db.session.scalar(select(Delivery))
        assert delivery.status == "queued" and delivery.attempts == 1
        assert "SMTP" in delivery.reason
        delivery.next_attempt_at = utcnow()
        db.session.commit()
        with listening(SMTP_PORT) as box:
            assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 1
    ((to, message),) = box.messages
    assert to == ["anggota@example.org"] and "sekali pakai" in _parts(message)[0]


def test_links_in_what_a_job_sends_are_on_the_public_url(ctx, world, inbox):
    """A job has no request: the reminder it makes and the e-mail it sends still link to
    PUBLIC_URL, like every other link that leaves the portal (urls.external)."""
    _verified(world, "member", "anggota@example.org")
    db.session.commit()
    meeting = make_meeting(world, utcnow() + timedelta(hours=20), invite=["member"])
    assert jobs.run(only=("reminders.meetings",))["reminders.meetings"] == 1  # a day before
    assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 1
    ((_to, message),) = inbox.messages
    text, html = _parts(message)
    page = f"https://simpul.example.org/rapat/{meeting.id}"
    assert page in text.split() and f'href="{page}"' in html
    assert "localhost" not in text + html
    assert urls.external("auth.reset_password", token="x").startswith(
        "https://simpul.example.org/atur-ulang-sandi?"
    )


def test_a_reset_link_made_in_a_request_is_on_the_public_url(app, login_as, world):
    """The coordinator's page is opened on another trusted host (the test client's
    localhost): the link they share still goes to PUBLIC_URL."""
    coordinator = login_as("coordinator")
    page = f"/organisasi/{world.org_a}/anggota/{world.memberships['member']}"
    assert coordinator.post_form(page + "/atur-ulang", token_from=page).status_code == 303
    html = coordinator.get(page).get_data(as_text=True)
    assert "https://simpul.example.org/atur-ulang-sandi?token=" in html
    assert "https://localhost/atur-ulang-sandi" not in html


def test_two_runners_send_each_delivery_once(app, world, inbox):
    import threading

    with app.app_context():
        ids = []
        for role in ("member", "coordinator", "other_coordinator", "admin", "pending"):
            ids.append(_verified(world, role, f"{role}@example.org").id)
        db.session.commit()
        for _ in range(4):
            notices.notify_many(ids, "membership.approve", "/", org="Tagana Uji A")
        db.session.commit()
    barrier = threading.Barrier(2)

    def runner():
        with app.app_context():
            barrier.wait()
            jobs.run(only=("deliveries",))
            db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(inbox.messages) == 20
    with app.app_context():
        assert {d.status for d in db.session.scalars(select(Delivery))} == {"sent"}
