"""Simpul: the portal where Belitung Timur's social-welfare volunteers meet Dinas Sosial."""

import importlib
import logging
import os

from flask import Flask

from . import config as config_module
from .extensions import babel, compress, csrf, db, limiter, login_manager, migrate

# The Alembic migrations ship inside the package, so `flask --app portal db upgrade`
# works from any directory, installed or from the checkout.
MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration first, then a list of register_* calls."""
    # SIMPUL_INSTANCE_PATH: where config.py, the SQLite database and the uploads live.
    # Without it Flask picks ./instance beside a checkout, or <venv>/var/portal-instance
    # for an installed package.
    app = Flask(
        __name__,
        instance_path=_instance_path(),
        instance_relative_config=True,
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config_module.Config)
    app.config.from_pyfile("config.py", silent=True)
    config_module.from_environment(app)
    if config:
        app.config.update(config)
    _apply_defaults(app)
    _refuse_weak_secret(app)
    config_module.check_and_adjust(app)
    trust_proxies(app)

    register_logging(app)
    from . import web

    web.register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    from . import offline

    web.register(app)
    offline.register(app)
    return app


def _instance_path() -> str | None:
    path = os.environ.get("SIMPUL_INSTANCE_PATH")
    return os.path.abspath(os.path.expanduser(path)) if path else None


def _apply_defaults(app: Flask) -> None:
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "simpul.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Pool options such as pool_pre_ping are fine; SQLite needs a longer lock wait.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"timeout": 15},
        }
    # Statement parameters (titles, descriptions, phone numbers) stay out of tracebacks
    # and logs, whatever other engine options an instance sets.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        "hide_parameters": True,
        **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
    }
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")


def _refuse_weak_secret(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if app.config.get("TESTING"):
        return
    if key in config_module.WEAK_SECRET_KEYS or len(key) < 32:
        raise config_module.StartupError(
            "SECRET_KEY tidak ada atau terlalu lemah. Buat sekali saja dengan "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))' dan simpan "
            "sebagai SIMPUL_SECRET_KEY di berkas lingkungan (/etc/simpul/simpul.env, lihat "
            "docs/DEPLOYING.md) atau SECRET_KEY di instance/config.py: minimal 32 karakter "
            "acak, dan tetap sama setiap kali portal dijalankan ulang."
        )


def trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For/-Proto/-Host from TRUSTED_PROXIES proxies in front, when
    the connection comes from one of TRUSTED_PROXY_ADDRESSES (see portal/proxies.py)."""
    count = app.config["TRUSTED_PROXIES"]
    if count:
        from .proxies import TrustedProxyFix

        app.wsgi_app = TrustedProxyFix(app.wsgi_app, count, app.config["TRUSTED_PROXY_ADDRESSES"])


def register_logging(app: Flask) -> None:
    from .logging_filters import RedactingFilter

    for handler in logging.getLogger().handlers + app.logger.handlers:
        handler.addFilter(RedactingFilter())
    logging.getLogger("werkzeug").addFilter(RedactingFilter())


def register_extensions(app: Flask) -> None:
    from . import database

    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    compress.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    from .i18n import init_babel

    init_babel(app, babel)
    from .auth import sessions

    sessions.init_login_manager(app, login_manager)


# Each feature package has an init_app(app) that registers its blueprint, menu items
# and home-page panels. Add a feature by adding its name here.
FEATURES = (
    "main",
    "auth",
    "accounts",
    "organisations",
    "admin",
    "meetings",
    "directory",
    "rights",
    "materials",
    "activities",
    "reports",
    "payments",
    "incidents",
    "notifications",
    "summaries",
    "regions",
)


def register_blueprints(app: Flask) -> None:
    for name in FEATURES:
        importlib.import_module(f"{__name__}.{name}").init_app(app)


def register_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
