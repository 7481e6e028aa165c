"""Changing the e-mail tells the old address (a stolen session that changes it is noticed
there), through the e-mail channel and a real SMTP server on loopback; the message holds
no link, token, password or the new address. No old address, nothing is sent."""

from sqlalchemy import select

from portal import jobs
from portal.extensions import db
from portal.models import Delivery, User, utcnow

from .. import factories
from ..notifications.mail_helpers import mail_fixtures
from .test_profile_security import profile_form

SMTP_PORT = 18210


inbox, app = mail_fixtures(SMTP_PORT)


def _set_email(app, world, address, verified=True):
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        user.email, user.email_verified_at = address, utcnow() if verified else None
        db.session.commit()


def _change(app, world, member, address):
    form = profile_form(world, app, email=address, current_password=factories.PASSWORD)
    assert member.post_form("/akun/", form).status_code == 303


def test_the_old_address_is_told_and_given_no_secret(app, world, login_as, inbox):
    _set_email(app, world, "lama@example.org")
    member = login_as("member")
    _change(app, world, member, "pembajak@example.net")
    with app.app_context():
        assert jobs.run(only=("deliveries",))["deliveries"]["sent"] == 1
        delivery = db.session.scalar(select(Delivery))
        assert delivery.address == "lama@example.org" and set(delivery.params) == {"at"}
    ((to, message),) = inbox.messages
    assert to == ["lama@example.org"]
    assert str(message["Subject"]).strip() == "Alamat e-mail Simpul Anda diganti"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "alamat e-mail akun Simpul Anda diganti pada" in text
    assert "segera hubungi koordinator Anda" in text
    for whole in (text, html):
        assert "pembajak" not in whole  # the new address is not given to the old one
        assert "https://" not in whole and "href" not in whole  # no link, so no token
        assert factories.PASSWORD not in whole


def test_an_unverified_old_address_is_told_too(app, world, login_as, inbox):
    _set_email(app, world, "belum@example.org", verified=False)
    _change(app, world, login_as("member"), "baru@example.org")
    with app.app_context():
        jobs.run(only=("deliveries",))
    assert [to for to, _message in inbox.messages] == [["belum@example.org"]]


def test_no_old_address_sends_nothing(app, world, login_as, inbox):
    _set_email(app, world, None, verified=False)
    _change(app, world, login_as("member"), "pertama@example.org")
    with app.app_context():
        assert db.session.scalar(select(Delivery.id)) is None
        assert db.session.get(User, world.ids["member"]).email == "pertama@example.org"
    assert inbox.messages == []


def test_other_changes_send_nothing(app, world, login_as, inbox):
    _set_email(app, world, "lama@example.org")
    member = login_as("member")
    form = profile_form(world, app, full_name="Nama Lain Sekali")
    assert member.post_form("/akun/", form).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Delivery.id)) is None
