"""Logging in and out, and registering as a volunteer."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from . import recovery, views  # noqa: E402, F401


def init_app(app) -> None:
    app.register_blueprint(bp)
