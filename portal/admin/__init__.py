"""The office's administration: organisations, coordinators, accounts, reference lists, audit."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import organisations, reference, users  # noqa: E402, F401


def init_app(app) -> None:
    app.register_blueprint(bp)
