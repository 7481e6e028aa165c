"""The public directory of organisations and of the volunteers who chose to be listed."""

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l

from ..extensions import limiter

bp = Blueprint("directory", __name__, url_prefix="/direktori")


def _public_limit():
    return current_app.config["RATELIMIT_PUBLIC"]


# Every page of the directory is public and searchable, so all of them share one rate
# limit per visitor: switching from the volunteer list to the organisations gains nothing.
limiter.shared_limit(_public_limit, scope="directory")(bp)

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels
    from ..phone import wa_number
    from ..security import directory as policy

    app.register_blueprint(bp)
    panels.add_nav(app, "directory.members", _l("Direktori"), lambda user: True, order=60)
    app.jinja_env.globals.update(
        whatsapp_url=whatsapp_url, wa_number=wa_number, **policy.TEMPLATE_FUNCTIONS
    )


def whatsapp_url(e164: str, text: str | None = None) -> str:
    """A wa.me link that opens a chat with this number, optionally with a message typed."""
    from urllib.parse import quote

    from ..phone import wa_number

    url = f"https://wa.me/{wa_number(e164)}"
    return f"{url}?text={quote(text)}" if text else url
