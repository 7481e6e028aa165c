"""Home page, privacy notice, language switch, health check."""

import logging
from functools import cache

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import notices, offline
from ..extensions import db, limiter
from ..forms import EmptyForm
from ..panels import home_panels
from ..urls import safe_next
from . import bp

log = logging.getLogger(__name__)


@bp.route("/")
def home():
    """What needs this person's attention; a welcome for visitors."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    offline.keep_page()
    return render_template(
        "main/home.html",
        panels=home_panels(current_user),
        notices=notices.unread(current_user),
    )


@bp.route("/privasi")
def privacy():
    """The privacy notice, in plain Bahasa Indonesia, with its version."""
    return render_template(
        "main/privacy.html", version=current_app.config["PRIVACY_NOTICE_VERSION"]
    )


@bp.route("/bahasa", methods=["POST"])
def set_language():
    """Switch between Bahasa Indonesia and English."""
    form = EmptyForm()
    lang = request.form.get("lang")
    if form.validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
    return redirect(safe_next(request.form.get("next"), url_for("main.home")), code=303)


@bp.route("/terlalu-besar")
def too_large():
    """The 413 page nginx shows (error_page) for a body over its own limit."""
    abort(413)


@bp.route("/sehat")
@limiter.exempt
def health():
    """For the load balancer and monitoring: 200 "ok" when the database (and Redis, when
    the rate limits are kept there) answer, 503 otherwise. Never says which one failed
    nor why: the reason goes to the log."""
    healthy = _database_answers() and _redis_answers()
    response = make_response("ok" if healthy else "tidak sehat", 200 if healthy else 503)
    response.mimetype = "text/plain"
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        log.warning("health check: the database does not answer", exc_info=True)
        return False
    return True


def _redis_answers() -> bool:
    uri = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    if not uri.startswith(("redis://", "rediss://", "redis+unix://", "unix://")):
        return True
    try:
        return bool(_redis_client(uri).ping())
    except Exception:  # redis' errors, and a URI it cannot parse
        log.warning("health check: Redis does not answer", exc_info=True)
        return False


@cache
def _redis_client(uri: str):
    import redis

    return redis.Redis.from_url(uri.replace("redis+unix://", "unix://"), socket_timeout=2)


@bp.route("/sw.js")
@limiter.exempt
def service_worker():
    """The portal's one service worker, at the root so that its scope is the whole portal.
    Its parts are static files it imports (push notifications, offline pages and drafts);
    their fingerprinted names change the worker's text, so the browser updates it."""
    response = make_response(render_template("sw.js"))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response
