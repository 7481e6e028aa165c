"""Failed logins counted per account as well as per address (ASVS 2.2.1).

Three counts, all of failures only (a right password is never slowed by them):

- per account (the phone number or e-mail typed, so an unknown one behaves the same):
  RATELIMIT_LOGIN_ACCOUNT, short windows, so guessing one account from many addresses is
  slow and a stranger's wrong tries make its owner wait minutes, not hours;
- per account on a browser that has logged in to it before (a signed "device" cookie,
  OWASP's device cookies): its own, looser count, so the owner is not locked out by
  what a stranger elsewhere does;
- per address and account: RATELIMIT_LOGIN, so one person's wrong passwords behind a
  NAT or proxy do not lock out the other accounts used from that address.

The limiter decorator on the view keeps a looser count per address
(RATELIMIT_LOGIN_ADDRESS) against trying many accounts from one place.
"""

import math
import secrets
import time

from flask import current_app, request
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeSerializer
from limits import parse_many

from .. import phone
from ..extensions import limiter

DEVICE_COOKIE = "__Host-simpul-device"
DEVICE_COOKIE_DEV = "simpul-device"  # DEVELOPMENT_HTTP: no __Host- without https
DEVICE_MAX_AGE = 365 * 24 * 3600


def account_key(login: str) -> str:
    """The account a login names: a phone number in E.164, an e-mail in lower case."""
    login = (login or "").strip()
    if "@" in login:
        return login.lower()
    try:
        return phone.normalise(login)
    except phone.InvalidPhone:
        return login.lower()[:254]


def address_and_account() -> str:
    """The limiter key of RATELIMIT_LOGIN: this address, for this account."""
    return f"{get_remote_address()}|{account_key(request.form.get('login', ''))}"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="login-device")


def _cookie_name() -> str:
    return DEVICE_COOKIE_DEV if current_app.config.get("DEVELOPMENT_HTTP") else DEVICE_COOKIE


def _device(key: str) -> str | None:
    """This browser's device id for the account, if it has logged in to it before."""
    raw = request.cookies.get(_cookie_name())
    if not raw:
        return None
    try:
        account, device = _serializer().loads(raw)
    except (BadSignature, ValueError, TypeError):
        return None
    return device if account == key else None


def _counts(key: str):
    """(limits, identifiers) of the count this attempt belongs to."""
    device = _device(key)
    if device is not None:
        return parse_many(current_app.config["RATELIMIT_LOGIN_DEVICE"]), ("device", key, device)
    return parse_many(current_app.config["RATELIMIT_LOGIN_ACCOUNT"]), ("account", key)


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def wait_seconds(login: str) -> int:
    """0 if the account may be tried now; otherwise how long until it may."""
    if not _enabled():
        return 0
    items, identifiers = _counts(account_key(login))
    waits = [
        limiter.limiter.get_window_stats(item, "login", *identifiers).reset_time - time.time()
        for item in items
        if not limiter.limiter.test(item, "login", *identifiers)
    ]
    return max(1, math.ceil(max(waits))) if waits else 0


def failed(login: str) -> None:
    """Count a wrong password for the account."""
    if not _enabled():
        return
    items, identifiers = _counts(account_key(login))
    for item in items:
        limiter.limiter.hit(item, "login", *identifiers)


def remember_device(response, login: str):
    """After a successful login: this browser is one the owner uses."""
    key = account_key(login)
    value = _serializer().dumps([key, _device(key) or secrets.token_urlsafe(12)])
    config = current_app.config
    response.set_cookie(
        _cookie_name(),
        value,
        max_age=DEVICE_MAX_AGE,
        secure=config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
        path="/",
    )
    return response
