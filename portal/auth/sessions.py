"""Log-in sessions that really end: a server-side row per browser, checked on every request.

The signed cookie carries the user id, a random session token and the user's
session_version. Logging out deletes the row; password change, "log out
everywhere" and deactivation bump session_version and delete every row. A cookie
copied before any of these is refused afterwards.
"""

import hashlib
import secrets

from flask import current_app, request, session
from flask_babel import gettext
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import joinedload

from .. import database
from ..extensions import db
from ..i18n import N_
from ..models import LoginSession, Membership, User, utcnow


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def init_login_manager(app, login_manager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Kept as the msgid (a session cannot hold a lazy string) and translated when flashed.
    login_manager.login_message = N_("Silakan masuk untuk membuka halaman ini.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session row does this job
    login_manager.user_loader(load_user)


# The person and their memberships come with the row: nearly every page needs them (menu,
# panels, permissions), and one query is cheaper than three. Built once: this runs on
# every request, and building the statement cost as much as running it.
_SESSION_WITH_USER = (
    select(LoginSession)
    .where(LoginSession.token_hash == bindparam("token_hash"))
    .options(
        joinedload(LoginSession.user)
        .joinedload(User.memberships)
        .joinedload(Membership.organisation)
    )
)


def load_user(user_id: str) -> User | None:
    token = session.get("sid")
    if not token:
        return None
    row = db.session.scalars(_SESSION_WITH_USER, {"token_hash": _hash(token)}).unique().first()
    if row is None or str(row.user_id) != user_id:
        return None
    user = row.user
    if not user.is_active or session.get("sv") != user.session_version:
        return None
    now = utcnow()
    cfg = current_app.config
    # Neither the clean-up nor the touch may fail or hold up the page (a GET needs no
    # write lock): both run after the request's transaction, and are skipped if the
    # database is busy. A skipped touch is made by a later request; a session left
    # expired is refused all the same.
    if now - row.created_at > cfg["SESSION_ABSOLUTE_LIFETIME"] or (
        now - row.last_seen_at > cfg["SESSION_IDLE_TIMEOUT"]
    ):
        database.write_if_free(delete(LoginSession).where(LoginSession.id == row.id))
        return None
    if now - row.last_seen_at > cfg["SESSION_TOUCH_INTERVAL"]:
        database.write_if_free(
            update(LoginSession)
            .where(LoginSession.id == row.id, LoginSession.last_seen_at < now)
            .values(last_seen_at=now)
        )
    return user


def start(user: User) -> None:
    """Log in: a fresh session (no fixation), a new server-side row."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user_id=user.id,
            token_hash=_hash(token),
            user_agent=(request.user_agent.string or "")[:120],
        )
    )
    user.last_login_at = utcnow()
    session.permanent = True
    session["sid"] = token
    session["sv"] = user.session_version
    login_user(user, remember=False)


def end() -> None:
    """Log out this browser only."""
    token = session.get("sid")
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def end_all(user: User) -> None:
    """Every session of this person ends now; the caller commits."""
    user.session_version += 1
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def open_sessions(user: User) -> list[LoginSession]:
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .order_by(LoginSession.last_seen_at.desc())
        )
    )
