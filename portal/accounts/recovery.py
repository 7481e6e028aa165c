"""Getting back in: a one-time password-reset link made by a coordinator or an admin (shown
as a link, a WhatsApp message or a QR code) or asked for by e-mail, and the e-mail check
that makes an address good for it. Built on the activation links
(portal/organisations/activation.py): only a hash of the token is stored, a link works
once and for a short time, and using a reset link ends every session of the person.
"""

import hmac
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import audit, notices, passwords, urls
from ..extensions import db
from ..i18n import N_, datetime_wib
from ..models import MemberActivation, Membership, User, utcnow
from ..models.activation import EMAIL_CHECK, PASSWORD_RESET
from ..notifications import queue, render
from ..organisations import activation as links

RESET_DONE = notices.kind(
    "account.password_reset",
    N_("Kata sandi akun Anda diatur ulang. Bila bukan Anda, segera hubungi koordinator Anda."),
)
RESET_EMAIL = "account.reset_link"
CHECK_EMAIL = "account.email_check"
CHANGED_EMAIL = "account.email_changed"


def _hours(name: str, default: int) -> timedelta:
    return timedelta(hours=float(current_app.config.get(name, default)))


# A coordinator's link


def issue_reset(actor: User, membership: Membership) -> MemberActivation:
    """A reset link for this member, made by their coordinator or an admin."""
    link = links.new_link(
        membership.user_id,
        PASSWORD_RESET,
        _hours("PASSWORD_RESET_LINK_HOURS", 24),
        actor=actor,
        membership=membership,
    )
    audit.record(
        "account.password_reset_link_issued",
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"organisation_id": membership.organisation_id},
    )
    return link


def reset_url(link: MemberActivation) -> str:
    return urls.external("auth.reset_password", token=links.token_for(link))


# Self-service by e-mail


def request_by_email(address: str) -> int | None:
    """Queue a reset link to this address if it is a verified one of an active account;
    returns the delivery's id (None for an unknown address) for sending it at once.

    The answer and the work are the same either way (a token is made and hashed, one
    audit row written), so neither the page nor its timing tells whether the address
    is known.
    """
    address = (address or "").strip().lower()
    user = db.session.scalar(
        select(User).where(func.lower(User.email) == address, User.email_verified_at.is_not(None))
    )
    if user is None or not user.is_active or user.password_hash is None:
        hmac.compare_digest(links.hash_token(address), links.hash_token(address[::-1]))
        audit.record("account.password_reset_requested", detail={"known": False})
        return None
    link = links.new_link(
        user.id,
        PASSWORD_RESET,
        timedelta(minutes=float(current_app.config.get("PASSWORD_RESET_EMAIL_MINUTES", 60))),
    )
    db.session.flush()
    delivery = queue.queue_direct(user, RESET_EMAIL, {"link_id": link.id}, address=user.email)
    audit.record("account.password_reset_requested", obj=user, subject=user, detail={"known": True})
    db.session.flush()
    return delivery.id


def find_reset(token: str | None) -> MemberActivation | None:
    return links.find(token, PASSWORD_RESET)


def reset(link: MemberActivation, password: str) -> User:
    """Set the new password and spend the link; every old session ends."""
    from ..auth import sessions

    locked = links.lock_usable(link)
    now = utcnow()
    user = locked.user
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = now
    locked.used_at = now
    sessions.end_all(user)
    audit.record(
        "account.password_reset",
        actor=user,
        obj=user,
        subject=user,
        detail={"by_link_of": locked.created_by_id, "self_service": locked.created_by_id is None},
    )
    notices.notify(user, RESET_DONE)
    return user


# E-mail check


def send_email_check(user: User) -> None:
    link = links.new_link(user.id, EMAIL_CHECK, _hours("EMAIL_CHECK_LINK_HOURS", 48))
    db.session.flush()
    queue.queue_direct(user, CHECK_EMAIL, {"link_id": link.id}, address=user.email)
    audit.record("account.email_check_sent", actor=user, obj=user, subject=user)


def email_check(token: str | None) -> tuple[str, User | None]:
    """What an e-mail check link can do, without changing anything (opening it is a GET,
    and mail programs open links on their own): (USABLE, its person) when it may confirm
    the address, (USED, its person) when it did already, (UNKNOWN, None) for a link that
    is unknown, replaced, expired, or for an address changed since."""
    link = links.find(token, EMAIL_CHECK)
    state = links.state(link)
    if state == links.USED and link.user.email_verified_at is not None:
        return links.USED, link.user
    if state != links.USABLE:
        return links.UNKNOWN, None
    return links.USABLE, link.user


def confirm_email(token: str | None) -> User | None:
    """Mark the address verified (the button on the link's page); None when the link is
    unknown, replaced or expired. Confirmed again (a second tab), it changes nothing."""
    state, user = email_check(token)
    if state != links.USABLE:
        return user
    link = links.find(token, EMAIL_CHECK)
    locked = links.lock_usable(link)
    locked.used_at = utcnow()
    locked.user.email_verified_at = utcnow()
    audit.record("account.email_verified", actor=locked.user, obj=locked.user, subject=locked.user)
    return locked.user


def email_changed(user: User, old_address: str | None = None) -> None:
    """A new address is not verified yet, and links sent to the old one stop working.
    The old address is told (a stolen session that changes it is noticed there)."""
    user.email_verified_at = None
    if old_address:
        queue.queue_direct(user, CHANGED_EMAIL, {"at": utcnow().isoformat()}, address=old_address)
    db.session.execute(
        update(MemberActivation)
        .where(
            MemberActivation.user_id == user.id,
            MemberActivation.purpose.in_([EMAIL_CHECK, PASSWORD_RESET]),
            MemberActivation.used_at.is_(None),
            MemberActivation.created_by_id.is_(None),
        )
        .values(revoked_at=utcnow())
    )


# The e-mails themselves, rendered when sent (the token is made again from the nonce).


@render.direct(RESET_EMAIL)
def _reset_email(delivery, user):
    link = db.session.get(MemberActivation, delivery.params["link_id"])
    url = reset_url(link) if link is not None and links.state(link) == links.USABLE else None
    text = _(
        "Halo %(name)s, ada permintaan mengatur ulang kata sandi akun Simpul Anda. Buka "
        "tautan ini untuk membuat kata sandi baru; tautan berlaku sampai %(until)s dan hanya "
        "sekali pakai. Bila Anda tidak memintanya, abaikan e-mail ini.",
        name=user.full_name,
        until=datetime_wib(link.expires_at) if link else "-",
    )
    if url is None:
        text = _("Tautan atur ulang kata sandi ini sudah tidak berlaku.")
    return _("Atur ulang kata sandi Simpul"), text, url


@render.direct(CHECK_EMAIL)
def _check_email(delivery, user):
    link = db.session.get(MemberActivation, delivery.params["link_id"])
    url = (
        urls.external("accounts.email_link", token=links.token_for(link))
        if link is not None and links.state(link) == links.USABLE
        else None
    )
    text = _(
        "Halo %(name)s, buka tautan ini untuk memastikan alamat e-mail ini milik Anda. "
        "Setelah itu Anda dapat meminta tautan atur ulang kata sandi lewat e-mail.",
        name=user.full_name,
    )
    return _("Periksa alamat e-mail Simpul Anda"), text, url


@render.direct(CHANGED_EMAIL)
def _changed_email(delivery, user):
    """To the old address: no link with a token, and not the new address."""
    text = _(
        "Halo %(name)s, alamat e-mail akun Simpul Anda diganti pada %(at)s, sehingga "
        "e-mail dari Simpul tidak lagi dikirim ke alamat ini. Bila bukan Anda yang "
        "menggantinya, segera hubungi koordinator Anda agar akun Anda diamankan.",
        name=user.full_name,
        at=datetime_wib(datetime.fromisoformat(delivery.params["at"])),
    )
    return _("Alamat e-mail Simpul Anda diganti"), text, None
