"""One notification service: every notice that notices.notify() records is also queued
for the channels its reader chose (web push, e-mail), sent and retried by the job
runner; the person chooses on their profile; the admin sees what was sent.

Also the WhatsApp reminder lists coordinators send themselves (there is no free API).
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("notifications", __name__, url_prefix="/notifikasi")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import months, panels, personal_data
    from ..security import is_admin
    from . import data, housekeeping, reminders, sending  # noqa: F401  (kinds and jobs)

    app.register_blueprint(bp)
    panels.add_nav(app, "notifications.deliveries", _l("Pengiriman"), is_admin, order=92)
    personal_data.add_provider(
        app, "notification_settings", data.settings_data, label=data.LABEL, fields=data.FIELDS
    )
    personal_data.add_eraser(app, data.erase)
    app.jinja_env.globals["report_due_on"] = months.report_due_on
