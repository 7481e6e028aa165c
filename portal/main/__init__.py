"""Home, privacy notice, language switch, health check."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("main", __name__)

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels

    app.register_blueprint(bp)
    panels.add_nav(app, "main.home", _l("Beranda"), lambda user: True, order=0)
    panels.add_home_panel(app, _status_panel, "main/_panel_status.html", order=0)


def _status_panel(user):
    """A person's memberships and where each stands; the admin has none to show."""
    from ..security import is_admin

    if is_admin(user):
        return None
    return {"memberships": user.memberships}
