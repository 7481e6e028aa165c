"""The shell every page shares: headers, error pages, template helpers, base menu."""

import hashlib
import logging
import os
from functools import cache

from flask import Flask, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from . import notices, phone, security
from .panels import add_home_panel, add_nav, nav_items

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
ERROR_CODES = (400, 401, 403, 404, 405, 413, 422, 429, 500)

log = logging.getLogger(__name__)


def register(app: Flask) -> None:
    app.before_request(refuse_nul_bytes)
    app.after_request(security_headers)
    register_error_pages(app)
    register_template_helpers(app)
    register_menu(app)


def refuse_nul_bytes():
    """Nobody types a NUL byte; PostgreSQL cannot store one. Refuse it at the door."""
    values = [*request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400)


def security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if response.mimetype == "text/html":
        # Views may answer htmx with a fragment: caches must keep the two apart.
        response.vary.add("HX-Request")
    if request.endpoint != "static" and _is_logged_in():
        headers["Cache-Control"] = "no-store"
    return response


def _is_logged_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except SQLAlchemyError:
        # The response of a failed request: loading the user failed too. Treat it as
        # logged in so that the error page is not cached.
        return True


def register_error_pages(app: Flask) -> None:
    def render_error(error):
        code = error.code if isinstance(error, HTTPException) else 500
        if code == 500:
            log.exception("Unhandled error on %s %s", request.method, request.path)
        pending = code == 403 and getattr(error, "description", "") == "pending"
        response = app.make_response(
            (render_template("errors/error.html", code=code, pending=pending), code)
        )
        if code == 405 and isinstance(error, HTTPException):
            response.headers.update(error.get_headers())
            response.headers["Content-Type"] = "text/html; charset=utf-8"
        return response

    for code in ERROR_CODES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(CSRFError, render_error)
    app.register_error_handler(Exception, _unexpected(render_error))


def _unexpected(render_error):
    def handle(error):
        if isinstance(error, HTTPException):
            return render_error(error)
        from .extensions import db

        db.session.rollback()
        return render_error(error)

    return handle


@cache
def _file_hash(path: str) -> str:
    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:10]


def static_url(filename: str) -> str:
    """A fingerprinted URL, so static files can be cached for a year."""
    path = os.path.join(current_app.static_folder, filename)
    return url_for("static", filename=filename, v=_file_hash(path))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        csrf_token=generate_csrf,
        get_locale=get_locale,
        static_url=static_url,
        nav_items=nav_items,
        **security.TEMPLATE_FUNCTIONS,
    )
    from .text import render_markdown

    app.jinja_env.filters.update(phone=phone.display, markdown=render_markdown)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def register_menu(app: Flask) -> None:
    from .organisations.services import pending_count

    add_nav(app, "main.home", _l("Beranda"), lambda u: True, order=0)
    add_nav(
        app,
        "organisations.applicants",
        _l("Pendaftar"),
        lambda u: security.is_admin(u) or security.is_coordinator(u),
        order=80,
    )
    add_nav(app, "admin.index", _l("Admin"), security.is_admin, order=90)
    add_nav(
        app,
        "accounts.notice_list",
        _l("Pemberitahuan"),
        lambda u: u.is_authenticated,
        order=93,
        count=notices.unread_count,
    )
    add_nav(app, "accounts.profile", _l("Akun saya"), lambda u: u.is_authenticated, order=95)

    def applicants_panel(user):
        if not (security.is_admin(user) or security.is_coordinator(user)):
            return None
        count = pending_count(security.managed_organisation_ids(user))
        return render_template("main/_panel_applicants.html", count=count)

    def status_panel(user):
        if security.is_admin(user):
            return None
        return render_template("main/_panel_status.html", memberships=user.memberships)

    add_home_panel(app, status_panel, order=0)
    add_home_panel(app, applicants_panel, order=10)
