"""One-time activation links: an imported person sets their own password with one.

The token is an HMAC of a random nonce under SECRET_KEY; the database keeps the nonce
and a SHA-256 hash of the token, never the token. So the coordinator can show a valid
link again (printable list, WhatsApp) while a copy of the database alone opens nothing.
A link works once, until it expires, and stops working when a new one is issued.

The same machinery makes the password-reset and e-mail check links
(`portal/accounts/recovery.py`): each has its purpose, mixed into the HMAC and stored,
so a link of one purpose never opens another's page.
"""

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from datetime import timedelta

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from .. import audit, passwords
from ..extensions import db
from ..models import ConsentRecord, MemberActivation, Membership, User, utcnow
from ..models.activation import ACTIVATION
from ..paging import paginate
from ..personal_data import Field
from ..urls import external

MAX_TOKEN_LENGTH = 100

USABLE, USED, EXPIRED, REVOKED, UNKNOWN = "usable", "used", "expired", "revoked", "unknown"


class ActivationError(ValueError):
    """The link cannot be used (any more); the message says what to do."""


def _lifetime() -> timedelta:
    return timedelta(days=int(current_app.config.get("ACTIVATION_LINK_DAYS", 14)))


def token_for(activation: MemberActivation) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    purpose = activation.purpose or ACTIVATION
    # Activation links keep the message they always had, so links already handed out work.
    prefix = "simpul-activation" if purpose == ACTIVATION else f"simpul-{purpose}"
    mac = hmac.new(key, f"{prefix}:{activation.nonce}".encode(), hashlib.sha256)
    return urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_for(activation: MemberActivation) -> str:
    """The full link to hand to the person; the token travels as a query parameter, which
    the log filter masks (token=...)."""
    return external("organisations.activate", token=token_for(activation))


def new_link(
    user_id: int,
    purpose: str,
    lifetime: timedelta,
    *,
    actor: User | None = None,
    membership: Membership | None = None,
    batch_id: int | None = None,
) -> MemberActivation:
    """A new one-time link of this purpose for this person; their earlier unused links of
    the same purpose stop working. The caller commits."""
    now = utcnow()
    db.session.execute(
        update(MemberActivation)
        .where(
            MemberActivation.user_id == user_id,
            MemberActivation.purpose == purpose,
            MemberActivation.used_at.is_(None),
            MemberActivation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    link = MemberActivation(
        user_id=user_id,
        purpose=purpose,
        membership_id=membership.id if membership is not None else None,
        batch_id=batch_id,
        nonce=secrets.token_urlsafe(24),
        created_by_id=actor.id if actor is not None else None,
        created_at=now,
        expires_at=now + lifetime,
    )
    link.token_hash = hash_token(token_for(link))
    db.session.add(link)
    return link


def issue(
    actor: User, membership: Membership, *, batch_id: int | None = None, audited: bool = True
) -> MemberActivation:
    """A new link for this member; earlier unused links stop working. The caller commits."""
    activation = new_link(
        membership.user_id,
        ACTIVATION,
        _lifetime(),
        actor=actor,
        membership=membership,
        batch_id=batch_id,
    )
    if audited:
        audit.record(
            "account.activation_link_issued",
            actor=actor,
            obj=membership,
            subject=membership.user,
            detail={"organisation_id": membership.organisation_id},
        )
    return activation


def reissue(actor: User, membership: Membership) -> MemberActivation:
    if membership.user.password_hash is not None or membership.user.erased_at is not None:
        raise ActivationError(_("Orang ini sudah mengaktifkan akunnya; tautan baru tidak perlu."))
    activation = issue(actor, membership)
    return activation


def find(token: str | None, purpose: str = ACTIVATION) -> MemberActivation | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalar(
        select(MemberActivation)
        .where(
            MemberActivation.token_hash == hash_token(token), MemberActivation.purpose == purpose
        )
        .options(joinedload(MemberActivation.user))
    )


def lock_usable(link: MemberActivation) -> MemberActivation:
    """The link again, locked for this transaction, if it can still be spent: two requests
    with the same link cannot both use it. Its person comes with it (only the link's row
    is locked)."""
    locked = db.session.scalar(
        select(MemberActivation)
        .where(MemberActivation.id == link.id)
        .options(joinedload(MemberActivation.user))
        .with_for_update(of=MemberActivation)
        .execution_options(populate_existing=True)
    )
    if state(locked) != USABLE:
        raise ActivationError(_("Tautan ini sudah tidak berlaku."))
    return locked


def state(activation: MemberActivation | None) -> str:
    if activation is None:
        return UNKNOWN
    if activation.used_at is not None:
        return USED
    if activation.revoked_at is not None or not activation.user.is_active:
        return REVOKED  # replaced by a newer link, or the account was deactivated
    if activation.expires_at <= utcnow():
        return EXPIRED
    return USABLE


def activate(activation: MemberActivation, password: str) -> User:
    """Set the person's own password and spend the link, in one transaction."""
    locked = lock_usable(activation)
    now = utcnow()
    user = locked.user
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = now
    locked.used_at = now
    db.session.add(
        ConsentRecord(
            user_id=user.id,
            document="privacy",
            version=current_app.config["PRIVACY_NOTICE_VERSION"],
            given_at=now,
        )
    )
    audit.record("account.activated", actor=user, obj=user, subject=user)
    return user


def latest(membership: Membership, purpose: str = ACTIVATION) -> MemberActivation | None:
    """The newest link of this member, for their coordinator's page."""
    return db.session.scalar(
        select(MemberActivation)
        .where(MemberActivation.membership_id == membership.id, MemberActivation.purpose == purpose)
        .options(joinedload(MemberActivation.user))
        .order_by(MemberActivation.id.desc())
        .limit(1)
    )


def of_batch(batch_id: int, page: int, per_page: int = 50):
    """The links an import made, by name, with their people: for the printable list."""
    stmt = (
        select(MemberActivation)
        .join(MemberActivation.user)
        .where(MemberActivation.batch_id == batch_id)
        .options(joinedload(MemberActivation.user))
        .order_by(User.full_name, MemberActivation.id)
    )
    return paginate(stmt, page, per_page)


DATA_LABEL = _l("Tautan aktivasi")
DATA_FIELDS = {
    "created_at": Field(_l("Dibuat")),
    "expires_at": Field(_l("Berlaku sampai")),
    "used_at": Field(_l("Dipakai")),
}


def activation_data(user: User) -> list[dict]:
    """The person's one-time links for their data export (never the token)."""
    rows = db.session.scalars(
        select(MemberActivation)
        .where(MemberActivation.user_id == user.id)
        .order_by(MemberActivation.id)
    )
    return [
        {
            "created_at": a.created_at.isoformat(),
            "expires_at": a.expires_at.isoformat(),
            "used_at": a.used_at.isoformat() if a.used_at else None,
        }
        for a in rows
    ]


def erase(user: User) -> None:
    """Deletion request completed: this person's links go."""
    from sqlalchemy import delete

    db.session.execute(delete(MemberActivation).where(MemberActivation.user_id == user.id))


def open_one_time_link(form, find, invalid_template: str):
    """A page opened with a one-time link (activation, password reset): the token comes in
    the address, then in the form's hidden field. Returns (link, None), the form knowing
    whose it is; or (None, answer): 404 for a link that never existed, 410 for a spent one."""
    token = form.token.data if request.method == "POST" else request.args.get("token")
    link = find(token)
    found = state(link)
    if found != USABLE:
        code = 404 if found == UNKNOWN else 410
        return None, (render_template(invalid_template, state=found), code)
    form.person = link.user
    if request.method == "GET":
        form.token.data = token
    return link, None
