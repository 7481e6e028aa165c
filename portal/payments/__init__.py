"""Tali asih: rates per organisation kind, and the month's payment list, fixed and printed."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("payments", __name__, url_prefix="/tali-asih")

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels
    from ..security import payments as rules
    from . import services

    app.register_blueprint(bp)
    panels.add_nav(app, "payments.index", _l("Tali asih"), rules.can_run_payments, order=75)
    app.jinja_env.globals.update(
        payment_line_for=services.line_for,
        payment_reasons=services.REASONS,
        **rules.TEMPLATE_FUNCTIONS,
    )
