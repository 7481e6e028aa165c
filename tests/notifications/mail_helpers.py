"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, and an app that
sends its e-mail there."""

import email
from contextlib import contextmanager
from email import policy

import pytest
from aiosmtpd.controller import Controller

from portal.extensions import db

from ..helpers import make_app


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@contextmanager
def listening(port: int):
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def mail_app(tmp_path, port: int):
    return make_app(
        tmp_path,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_FROM="Simpul <simpul@example.org>",
        PUBLIC_URL="https://simpul.example.org",
        TRUSTED_HOSTS=["localhost"],  # the test client's host, besides the public one
    )


def mail_fixtures(port: int):
    """`inbox, app = mail_fixtures(PORT)` in a test module: an inbox listening on port, and
    an app that sends its e-mail there (its database connections closed afterwards)."""

    @pytest.fixture
    def inbox():
        with listening(port) as box:
            yield box

    @pytest.fixture
    def app(tmp_path):
        made = mail_app(tmp_path, port)
        yield made
        with made.app_context():
            db.session.remove()
            db.engine.dispose()

    return inbox, app
