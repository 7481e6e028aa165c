"""A person's own account: profile, password, sessions, notices."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/akun")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    app.register_blueprint(bp)
    from .. import personal_data
    from .data import profile_data

    personal_data.add_provider(app, "profile", profile_data)
