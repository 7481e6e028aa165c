"""The monthly report: submit, verify or return, print, export; and the overview."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("reports", __name__, url_prefix="/laporan")

from . import views  # noqa: E402


def init_app(app) -> None:
    from .. import months, panels, personal_data
    from ..security import reports as rules
    from . import data
    from .services import STATUS_LABELS

    # Rules are bound when the blueprint registers, so the converter must exist first.
    app.url_map.converters["bulan"] = months.MonthConverter
    app.register_blueprint(bp)
    panels.add_nav(app, "reports.index", _l("Laporan anggota"), rules.can_review_reports, order=70)
    panels.add_home_panel(app, views.month.review_panel, "reports/_panel_review.html", order=15)
    app.jinja_env.globals.update(report_statuses=STATUS_LABELS, **rules.TEMPLATE_FUNCTIONS)
    personal_data.add_provider(
        app, "monthly_reports", data.reports_data, label=data.LABEL, fields=data.FIELDS
    )
