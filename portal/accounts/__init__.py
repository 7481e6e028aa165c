"""A person's own account: profile, password, sessions, notices."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("accounts", __name__, url_prefix="/akun")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import notices, panels, personal_data
    from . import data

    app.register_blueprint(bp)
    panels.add_nav(
        app,
        "accounts.notice_list",
        _l("Pemberitahuan"),
        _logged_in,
        order=93,
        count=notices.unread_count,
    )
    panels.add_nav(app, "accounts.profile", _l("Akun saya"), _logged_in, order=95)

    personal_data.add_provider(
        app, "profile", data.profile_data, label=data.LABEL, fields=data.FIELDS
    )


def _logged_in(user) -> bool:
    return user.is_authenticated
