"""Secrets derived from the app's secret key: check-in codes (a meeting's, a posko's) and
calendar-feed tokens.

Nothing secret is stored: a row keeps a random salt, and the code or token is an HMAC of
the secret key, the object and the salt. A new salt revokes the old value at once; a
database copy without the secret key yields no valid code.
"""

import base64
import hashlib
import hmac
import secrets

from flask import current_app

# No 0/O or 1/I: people type the code from a screen across the room. 32 symbols, so
# a byte modulo the length is unbiased.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_salt() -> str:
    return secrets.token_hex(16)


def _digest(purpose: str, *parts) -> bytes:
    key = current_app.config["SECRET_KEY"].encode()
    message = "|".join([purpose, *(str(p) for p in parts)]).encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def checkin_code(object_id: int, salt: str, purpose: str = "meeting-checkin") -> str:
    """Eight characters from an unambiguous alphabet, e.g. 'K7QF2M9A'. purpose keeps a
    meeting's code and a posko's apart even when their ids and salts were equal."""
    digest = _digest(purpose, object_id, salt)
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:CODE_LENGTH])


def normalise_code(typed: str | None) -> str:
    """What people type: 'k7qf-2m9a ' -> 'K7QF2M9A'."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())[:32]


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def feed_token(user_id: int, salt: str) -> str:
    digest = _digest("calendar-feed", user_id, salt)
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
