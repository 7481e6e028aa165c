"""Simpul: the portal where Belitung Timur's social-welfare volunteers meet Dinas Sosial."""

import importlib
import logging
import os

from flask import Flask

from . import config as config_module
from .extensions import babel, compress, csrf, db, limiter, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application: configuration first, then a list of register_* calls."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(config_module.Config)
    app.config.from_pyfile("config.py", silent=True)
    config_module.from_environment(app)
    if config:
        app.config.update(config)
    _apply_defaults(app)
    _refuse_weak_secret(app)

    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    from . import web

    web.register(app)
    return app


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
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = os.path.join(app.instance_path, "uploads")


def _refuse_weak_secret(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if app.config.get("TESTING"):
        return
    if key in config_module.WEAK_SECRET_KEYS or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing or too weak. Set SIMPUL_SECRET_KEY or SECRET_KEY in "
            "instance/config.py to at least 32 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )


def register_logging(app: Flask) -> None:
    from .logging_filters import RedactingFilter

    for handler in logging.getLogger().handlers + app.logger.handlers:
        handler.addFilter(RedactingFilter())
    logging.getLogger("werkzeug").addFilter(RedactingFilter())


def register_extensions(app: Flask) -> None:
    from . import database

    db.init_app(app)
    database.init_app(app)
    migrations = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "migrations"))
    migrate.init_app(app, db, directory=migrations, render_as_batch=True)
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
    "members",
    "materials",
    "activities",
    "reports",
)


def register_blueprints(app: Flask) -> None:
    for name in FEATURES:
        importlib.import_module(f"{__name__}.{name}").init_app(app)


def register_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
