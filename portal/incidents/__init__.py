"""Musibah: open an incident, call out Tagana, staff the posko, report the situation, close."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("incidents", __name__, url_prefix="/musibah")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import can_see_member_area
    from ..security import incidents as incident_rules
    from . import integration, labels

    app.register_blueprint(bp)
    panels.add_nav(app, "incidents.index", _l("Musibah"), can_see_member_area, order=35)
    panels.add_home_panel(app, integration.home_panel, "incidents/_panel_home.html", order=5)
    personal_data.add_provider(
        app,
        "incidents",
        integration.personal_data,
        label=integration.DATA_LABEL,
        fields=integration.DATA_FIELDS,
    )
    app.jinja_env.globals.update(
        **labels.TEMPLATE_FUNCTIONS,
        **incident_rules.TEMPLATE_FUNCTIONS,
    )
