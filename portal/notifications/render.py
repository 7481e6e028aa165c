"""A delivery as its reader reads it: subject, text and an absolute link, in the reader's
language, made when it is sent (the sender may have used the other language). Its link is
on PUBLIC_URL (portal/urls.py), also when a job makes it."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from .. import notices, urls
from ..models import Delivery, User

# Messages that are not notices (a reset link, an e-mail check): kind -> function
# (delivery, user) -> (subject, text, link), registered by their owners.
DIRECT: dict = {}


def direct(kind: str):
    def register(build):
        DIRECT[kind] = build
        return build

    return register


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    link: str | None  # absolute, for e-mail

    @property
    def path(self) -> str:
        """The link within the portal, for a push message the service worker opens on
        its own origin."""
        if not self.link:
            return "/"
        parts = urlsplit(self.link)
        return (
            parts.path
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )


def locale_of(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    return user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def message(delivery: Delivery, user: User) -> Message:
    with force_locale(locale_of(user)):
        if delivery.kind in DIRECT:
            subject, text, link = DIRECT[delivery.kind](delivery, user)
            return Message(subject, text, link)
        text = notices.KINDS[delivery.kind].render(delivery.params)
        return Message(_("Simpul: %(text)s", text=_short(text)), text, _absolute(delivery.link))


def _absolute(link: str | None) -> str | None:
    return urls.on_public_host(link) if link else None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
