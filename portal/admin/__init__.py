"""The office's administration: organisations, coordinators, accounts, reference lists, audit."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("admin", __name__, url_prefix="/admin")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels
    from ..security import is_admin

    app.register_blueprint(bp)
    panels.add_nav(app, "admin.index", _l("Admin"), is_admin, order=90)
