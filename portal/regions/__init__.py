"""Wilayah: the regency by area, kabupaten → kecamatan → desa, for the admin (the whole
regency) and a coordinator (their own organisations' figures)."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("regions", __name__, url_prefix="/wilayah")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels
    from ..security import regions as rules

    app.register_blueprint(bp)
    panels.add_nav(app, "regions.kabupaten", _l("Wilayah"), rules.can_see_regions, order=72)
    app.jinja_env.globals.update(**rules.TEMPLATE_FUNCTIONS)
