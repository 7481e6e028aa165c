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
from sqlalchemy import delete, select

from ..extensions import db
from ..i18n import N_
from ..models import LoginSession, User, utcnow


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


def load_user(user_id: str) -> User | None:
    token = session.get("sid")
    if not token:
        return None
    row = db.session.scalar(select(LoginSession).where(LoginSession.token_hash == _hash(token)))
    if row is None or str(row.user_id) != user_id:
        return None
    user = row.user
    if not user.is_active or session.get("sv") != user.session_version:
        return None
    now = utcnow()
    cfg = current_app.config
    if now - row.created_at > cfg["SESSION_ABSOLUTE_LIFETIME"] or (
        now - row.last_seen_at > cfg["SESSION_IDLE_TIMEOUT"]
    ):
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > cfg["SESSION_TOUCH_INTERVAL"]:
        row.last_seen_at = now
        db.session.commit()
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
    db.session.commit()
    session.permanent = True
    session["sid"] = token
    session["sv"] = user.session_version
    login_user(user, remember=False)


def end() -> None:
    """Log out this browser only."""
    token = session.get("sid")
    if token:
        db.session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
        db.session.commit()
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
