"""A coordinator's work on their organisation's people: applicants, approvals, suspensions."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisasi")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    app.register_blueprint(bp)
