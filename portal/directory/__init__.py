"""The public directory of organisations and of the volunteers who chose to be listed."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from ..extensions import configured_limit, limiter

bp = Blueprint("directory", __name__, url_prefix="/direktori")


# Every page of the directory is public and searchable, so all of them share one rate
# limit per visitor: switching from the volunteer list to the organisations gains nothing.
limiter.shared_limit(configured_limit("PUBLIC"), scope="directory")(bp)

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels

    app.register_blueprint(bp)
    panels.add_nav(app, "directory.members", _l("Direktori"), lambda user: True, order=60)
