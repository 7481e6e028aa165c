"""Activities: volunteers log what they did, with photos, month by month."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("activities", __name__, url_prefix="/kegiatan")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import months, panels, personal_data
    from ..security import activities as rules
    from . import commands, data
    from . import panels as activity_panels

    app.register_blueprint(bp)
    app.cli.add_command(commands.activities_cli)
    panels.add_nav(app, "activities.index", _l("Kegiatan"), rules.can_log_activities, order=20)
    panels.add_home_panel(app, activity_panels.home_panel, "activities/_panel_home.html", order=20)
    panels.add_member_summary(app, activity_panels.member_summary, order=20)
    personal_data.add_provider(
        app, "activities", data.activities_data, label=data.LABEL, fields=data.FIELDS
    )
    personal_data.add_eraser(app, data.erase_photos)
    app.jinja_env.globals.update(**rules.TEMPLATE_FUNCTIONS)
    app.jinja_env.filters.update(
        bulan=months.label,
        durasi=activity_panels.duration,
        jam_desimal=activity_panels.decimal_hours,
    )
