"""Rakor and other meetings: schedule, invite, answer, check in, attendance, minutes, tasks."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("meetings", __name__, url_prefix="/rapat")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import can_see_member_area
    from ..security import meetings as meeting_rules
    from ..signals import account_deactivated, membership_activated
    from . import calendar, integration, invitations, labels

    app.register_blueprint(bp)
    panels.add_nav(app, "meetings.index", _l("Rapat"), can_see_member_area, order=30)
    panels.add_home_panel(
        app, integration.upcoming_panel, "meetings/_panel_upcoming.html", order=20
    )
    panels.add_home_panel(
        app, integration.action_items_panel, "meetings/_panel_items.html", order=30
    )
    panels.add_member_summary(app, integration.member_summary, order=40)
    personal_data.add_provider(
        app,
        "meetings",
        integration.personal_data,
        label=integration.DATA_LABEL,
        fields=integration.DATA_FIELDS,
    )
    personal_data.add_eraser(app, integration.erase_personal_data)
    app.jinja_env.globals.update(
        meeting_time_range=calendar.time_range,
        **labels.TEMPLATE_FUNCTIONS,
        **meeting_rules.TEMPLATE_FUNCTIONS,
    )
    # weak=False: the receiver is a module function, but be explicit that it must live on.
    membership_activated.connect(invitations.invite_new_member, weak=False)
    account_deactivated.connect(calendar.end_feed_of_deactivated, weak=False)
