"""Each person's rights over their data: a copy of everything, and erasure on request."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("rights", __name__)

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import is_admin
    from ..security import rights as rules
    from . import services

    app.register_blueprint(bp)
    app.jinja_env.globals.update(**rules.TEMPLATE_FUNCTIONS)
    personal_data.add_provider(
        app,
        "account_deletion",
        services.deletion_data,
        label=services.DATA_LABEL,
        fields=services.DATA_FIELDS,
    )
    panels.add_nav(app, "rights.deletion_requests", _l("Permintaan hapus akun"), is_admin, order=91)

    def deletion_panel(user):
        if not is_admin(user):
            return None
        count = services.open_request_count()
        if not count:
            return None
        return {"count": count}

    panels.add_home_panel(app, deletion_panel, "rights/_panel_requests.html", order=20)
