"""The shell every page shares: headers, error pages, template helpers.

The menu and the home panels are declared by the features (portal/panels.py)."""

import hashlib
import logging
import os
from functools import cache

from flask import (
    Flask,
    Request,
    abort,
    current_app,
    has_request_context,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from . import audit, database, letterhead, phone, security, urls, whatsapp
from .panels import nav_items

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
ERROR_CODES = (400, 401, 403, 404, 405, 413, 422, 429, 500)

log = logging.getLogger(__name__)


class IdConverter(IntegerConverter):
    """<int:...> in every route: a whole number from 0 to urls.LARGEST_ID; a larger one
    does not match the route (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", urls.LARGEST_ID)
        super().__init__(map, *args, **kwargs)


def register_converters(app: Flask) -> None:
    """Before any blueprint adds its routes: converters are looked up when a rule is added."""
    app.url_map.converters["int"] = IdConverter


class PortalRequest(Request):
    """A url-encoded body is held in memory whole (werkzeug applies MAX_FORM_MEMORY_SIZE
    only to multipart fields): it may be as large as one multipart text field, no more, so
    a 10 MB field is refused (413) before it is read."""

    @property
    def max_content_length(self) -> int | None:
        limit = super().max_content_length
        if self._max_content_length is None and self.mimetype == URLENCODED and current_app:
            field = current_app.config["MAX_FORM_MEMORY_SIZE"]
            if field is not None:
                limit = field if limit is None else min(limit, field)
        return limit

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


URLENCODED = "application/x-www-form-urlencoded"


def register(app: Flask) -> None:
    app.request_class = PortalRequest
    app.before_request(refuse_nul_bytes)
    app.after_request(security_headers)
    register_error_pages(app)
    register_template_helpers(app)


def refuse_nul_bytes():
    """Nobody types a NUL byte; PostgreSQL cannot store one. Refuse it at the door: no
    page has such an address (404); a form or query holding one is a bad request (400)."""
    if "\x00" in request.path:
        abort(404)
    values = [*request.args.values(), *request.form.values()]
    if any("\x00" in value for value in values):
        abort(400)


def security_headers(response):
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint == "static":
        return _static_headers(response)
    headers.setdefault("Content-Security-Policy", CSP)
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if response.mimetype == "text/html":
        # Views may answer htmx with a fragment: caches must keep the two apart.
        response.vary.add("HX-Request")
    kept_privately = headers.get("Cache-Control", "").startswith("private, max-age=")
    if _is_logged_in() and not kept_privately:
        headers["Cache-Control"] = "no-store"
    return response


def _static_headers(response):
    """A static file gets what deploy/nginx gives it: fingerprinted (?v=), so cached for a
    year unchanged, and nosniff; not the headers only a page needs (on 3G each response's
    headers cost as much as a small file), except the policy for an SVG opened as a page."""
    headers = response.headers
    if response.mimetype == "image/svg+xml":
        headers["Content-Security-Policy"] = CSP
    for name in ("Content-Disposition", "Expires"):
        headers.pop(name, None)
    if request.args.get("v"):
        response.cache_control.immutable = True
    return response


def clear_site_data(response):
    """After a logout: the browser drops what it keeps of the portal (cached pages, offline
    copies, service workers, local storage), so the next person on a shared phone sees
    none of it. Cookies stay (the device cookie of auth/throttle.py); the session ended."""
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
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
        if _request_ctx_url_adapter() is None:
            # A Host outside TRUSTED_HOSTS: no URL can be built for it, so no page either.
            return app.response_class(
                "400 Bad Request: host tidak dikenal / unknown host\n",
                400,
                mimetype="text/plain",
            )
        if code == 500 and database.is_transient(getattr(error, "original_exception", error)):
            return _try_again_soon(render_error)
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


def _try_again_soon(render_error):
    """A dropped database connection or a lock that outlasted the wait: 503 "Coba lagi
    sebentar lagi" (a GET or HEAD is first tried once more, see database.RetrySafeRequests)."""
    log.warning("Database unavailable on %s %s", request.method, request.path)
    database.mark_retry()
    try:
        response = current_app.make_response(
            (render_template("errors/error.html", code=503, pending=False), 503)
        )
    except Exception:  # the page itself needs the database (the menu): plain text then
        from .extensions import db

        db.session.rollback()
        response = current_app.make_response(
            (_("Coba lagi sebentar lagi."), 503, {"Content-Type": "text/plain; charset=utf-8"})
        )
    response.headers["Retry-After"] = "5"
    return response


def _request_ctx_url_adapter():
    from flask.globals import request_ctx

    return request_ctx.url_adapter if request_ctx else None


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
    """A fingerprinted URL, so static files can be cached for a year. Built once per file
    and application root (base.html asks for eight on every page)."""
    root = request.script_root if has_request_context() else ""
    return _static_url(current_app.static_folder, root, filename)


@cache
def _static_url(folder: str, _root: str, filename: str) -> str:
    return url_for("static", filename=filename, v=_file_hash(os.path.join(folder, filename)))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        csrf_token=generate_csrf,
        get_locale=get_locale,
        static_url=static_url,
        whatsapp_url=whatsapp.chat_url,
        nav_items=nav_items,
        office_letterhead=letterhead.current,
        **security.TEMPLATE_FUNCTIONS,
    )
    from .text import render_markdown

    app.jinja_env.filters.update(
        phone=phone.display, markdown=render_markdown, aksi=audit.action_label
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
