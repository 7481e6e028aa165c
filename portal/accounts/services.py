"""Accounts: registration, profile, password, and the admin's deactivation."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, passwords, phone, signals
from ..extensions import db
from ..models import ConsentRecord, Membership, Organisation, User, utcnow
from ..models.organisations import PENDING
from ..phone import masked


def register(
    *,
    full_name: str,
    phone: str,
    email: str | None,
    password: str,
    desa_id: int,
    organisation: Organisation,
    member_number: str | None,
    grade: str | None,
    submission_id: str | None,
) -> User:
    """A new volunteer, pending approval by the organisation's coordinator.

    Two sends of one form at once (a double tap on a slow network) both pass the form's
    checks; the second one's insert then meets the first one's row, and gets the account
    the first one made. Two different forms for one phone or e-mail at once: the second
    is told that it is registered already (AlreadyRegistered), as the form would have."""
    user = User(
        full_name=full_name,
        phone=phone,
        email=email or None,
        password_hash=passwords.hash_password(password),
        home_desa_id=desa_id,
        registration_token=submission_id or None,
        password_changed_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:
        earlier = registered_with(submission_id, phone, password)  # or SubmissionTaken
        if earlier is not None:
            return earlier
        raise AlreadyRegistered(_taken_field(phone, email)) from None
    db.session.add(
        ConsentRecord(
            user_id=user.id,
            document="privacy",
            version=current_app.config["PRIVACY_NOTICE_VERSION"],
        )
    )
    membership = Membership(
        user_id=user.id,
        organisation_id=organisation.id,
        status=PENDING,
        member_number=member_number or None,
        grade=grade or None,
    )
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "account.registered",
        actor=user,
        obj=membership,
        subject=user,
        detail={"organisation_id": organisation.id, "phone": masked(phone)},
    )
    return user


class AlreadyRegistered(ValueError):
    """The phone or e-mail of a registration was taken by another one sent at the same
    moment; args[0] is the form field ("phone" or "email")."""


def _taken_field(phone_number: str, email: str | None) -> str:
    if db.session.scalar(select(User.id).where(User.phone == phone_number)) is None and email:
        return "email"
    return "phone"


class SubmissionTaken(ValueError):
    """The registration form's submission id is another registration's (a copied or
    tampered form): neither that account nor its existence is shown, nothing is made."""


def registered_with(submission_id: str | None, phone_raw: str, password: str) -> User | None:
    """The account an earlier send of this same form created (a double tap): the same
    submission id, with the phone and password it was sent with."""
    if not submission_id:
        return None
    user = db.session.scalar(select(User).where(User.registration_token == submission_id))
    if user is None:
        return None
    try:
        same_phone = phone.normalise(phone_raw or "") == user.phone
    except phone.InvalidPhone:
        same_phone = False
    if same_phone and passwords.verify(user.password_hash, password or ""):
        return user
    raise SubmissionTaken


def change_password(user: User, new_password: str) -> None:
    """New hash; every other session ends (the caller starts a fresh one)."""
    from ..auth import sessions

    user.password_hash = passwords.hash_password(new_password)
    user.password_changed_at = utcnow()
    sessions.end_all(user)
    audit.record("account.password_changed", actor=user, obj=user, subject=user)


def logout_everywhere(user: User) -> None:
    from ..auth import sessions

    sessions.end_all(user)
    audit.record("account.logged_out_everywhere", actor=user, obj=user, subject=user)


def with_loaded(user: User, *options) -> User:
    """The same person with these relationships loaded, in one query: for a page that
    shows more of the account than load_user loads for every page (the memberships)."""
    return db.session.scalars(select(User).where(User.id == user.id).options(*options)).one()


def update_profile(user: User, *, full_name, email, desa_id, listed, show_phone, locale) -> None:
    changed = []
    old_email = user.email
    for field, value in (
        ("full_name", full_name),
        ("email", email or None),
        ("home_desa_id", desa_id),
        ("listed", listed),
        ("show_phone", show_phone and listed),
        ("locale", locale or None),
    ):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if "email" in changed:
        from .recovery import email_changed

        email_changed(user, old_email)
        audit.record("account.email_changed", actor=user, obj=user, subject=user)
    if changed:
        audit.record(
            "account.profile_updated",
            actor=user,
            obj=user,
            subject=user,
            detail={"fields": changed},
        )


def set_deactivated(admin: User, user: User, deactivated: bool) -> None:
    """Deactivation ends every session of the person at once."""
    from ..auth import sessions

    user.is_deactivated = deactivated
    if deactivated:
        sessions.end_all(user)
        signals.account_deactivated.send(admin, user=user)
    audit.record(
        "account.deactivated" if deactivated else "account.reactivated",
        actor=admin,
        obj=user,
        subject=user,
    )


def create_admin(*, full_name: str, phone: str, email: str | None, password: str) -> User:
    user = User(
        full_name=full_name,
        phone=phone,
        email=email or None,
        password_hash=passwords.hash_password(password),
        is_admin=True,
        password_changed_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.admin_created", obj=user, subject=user)
    return user
