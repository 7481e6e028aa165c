"""The web-push channel: VAPID-signed, encrypted messages to each device a person turned
push on for (pywebpush); a subscription the push service no longer knows is removed.

pywebpush (with aiohttp and requests, 14 MB) and cryptography (9 MB) are imported where
they are used: a web worker serves pages and rarely needs either; the job runner sends.
"""

import base64
import json
import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, select

from ..extensions import db
from ..models import PushSubscription, User, utcnow
from .render import Message

if TYPE_CHECKING:
    from py_vapid import Vapid

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class SendError(Exception):
    """No device took the message; the reason is kept on the delivery."""


def vapid() -> "Vapid":
    """The server's VAPID key: VAPID_PRIVATE_KEY is a PEM file's path, PEM text, or the
    base64url raw key (docs/DEPLOYING.md: made once with py_vapid's `vapid --gen`)."""
    from py_vapid import Vapid

    value = current_app.config["VAPID_PRIVATE_KEY"]
    if os.path.isfile(value):
        return Vapid.from_file(value)
    if value.lstrip().startswith("-----BEGIN"):
        return Vapid.from_pem(value.encode())
    return Vapid.from_string(value)


def public_key() -> str:
    """The application server key the browser subscribes with (base64url, uncompressed)."""
    from cryptography.hazmat.primitives import serialization

    raw = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _b64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def problem(endpoint: str, p256dh: str, auth: str) -> str | None:
    """Why this subscription cannot be stored, or None: an https endpoint of a push
    service (PUSH_SERVICE_HOSTS), a P-256 public key and a 16-byte secret."""
    from cryptography.hazmat.primitives.asymmetric import ec

    parts = urlsplit(endpoint or "")
    host = (parts.hostname or "").lower()
    loopback = current_app.config.get("PUSH_ALLOW_LOOPBACK") and host in LOOPBACK
    if len(endpoint or "") > 500 or parts.scheme not in (
        {"https", "http"} if loopback else {"https"}
    ):
        return _("Alamat langganan notifikasi tidak valid.")
    allowed = current_app.config["PUSH_SERVICE_HOSTS"]
    if not loopback and not any(host == h or host.endswith("." + h) for h in allowed):
        return _("Layanan notifikasi ini tidak dikenal.")
    try:
        point = _b64(p256dh or "")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        secret = _b64(auth or "")
    except (ValueError, TypeError):
        return _("Kunci langganan notifikasi tidak valid.")
    if len(point) != 65 or len(secret) != 16 or len(p256dh) > 100 or len(auth) > 40:
        return _("Kunci langganan notifikasi tidak valid.")
    return None


def subscribe(
    user: User, endpoint: str, p256dh: str, auth: str, user_agent: str
) -> PushSubscription:
    """Store this device's subscription; the same endpoint again replaces its keys (and
    moves to this person, if another had it on the same browser before)."""
    sub = db.session.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint))
    if sub is None:
        sub = PushSubscription(endpoint=endpoint)
        db.session.add(sub)
    sub.user_id, sub.p256dh, sub.auth = user.id, p256dh, auth
    sub.user_agent = (user_agent or "")[:120]
    return sub


def unsubscribe(user: User, endpoint: str) -> None:
    db.session.execute(
        delete(PushSubscription).where(
            PushSubscription.user_id == user.id, PushSubscription.endpoint == endpoint
        )
    )


def devices(user: User) -> list[PushSubscription]:
    return list(
        db.session.scalars(select(PushSubscription).where(PushSubscription.user_id == user.id))
    )


def payload(message: Message, tag: str, lang: str = "id") -> str:
    return json.dumps(
        {"title": "Simpul", "body": message.text, "url": message.path, "tag": tag, "lang": lang},
        ensure_ascii=False,
    )


def send(user: User, message: Message, tag: str, lang: str = "id") -> int:
    """Push to every device of the person; returns how many took it. A device the push
    service answers 404 or 410 for is gone: its subscription is removed."""
    from pywebpush import WebPushException, webpush

    key = vapid()
    data = payload(message, tag, lang)
    delivered, errors = 0, []
    for sub in devices(user):
        try:
            webpush(
                {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}},
                data=data,
                vapid_private_key=key,
                vapid_claims={"sub": current_app.config["VAPID_SUBJECT"]},
                ttl=current_app.config.get("PUSH_TTL", 86400),
                timeout=current_app.config.get("PUSH_TIMEOUT", 10),
            )
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                db.session.delete(sub)
                errors.append(f"{status}: langganan dihapus")
            else:
                errors.append(f"{status or 'network'}: {str(exc)[:120]}")
            continue
        except OSError as exc:
            errors.append(f"network: {type(exc).__name__}")
            continue
        sub.last_used_at = utcnow()
        delivered += 1
    if not delivered:
        raise SendError("; ".join(errors)[:300] or "no device")
    return delivered
