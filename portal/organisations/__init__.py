"""A coordinator's organisations and their people: applicants, approvals, suspensions, one
member's page, export, import from Excel, and the one-time activation links of imported people.

One blueprint, `organisations`, without a URL prefix: its pages are under `/organisasi/`,
and the activation page an imported person opens is `/aktivasi`.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("organisations", __name__)

from . import views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import can_manage_some_organisation
    from ..security import organisations as rules
    from . import activation
    from .forms import STATUS_LABELS

    app.register_blueprint(bp)
    panels.add_nav(
        app, "organisations.index", _l("Anggota"), can_manage_some_organisation, order=75
    )
    panels.add_nav(
        app, "organisations.applicants", _l("Pendaftar"), can_manage_some_organisation, order=80
    )
    panels.add_home_panel(app, _applicants_panel, "organisations/_panel_applicants.html", order=10)
    personal_data.add_provider(
        app,
        "activation_links",
        activation.activation_data,
        label=activation.DATA_LABEL,
        fields=activation.DATA_FIELDS,
    )
    personal_data.add_eraser(app, _erase_import_traces)
    app.jinja_env.globals.update(membership_statuses=STATUS_LABELS, **rules.TEMPLATE_FUNCTIONS)


def _applicants_panel(user):
    """How many people wait for a decision, for those who decide."""
    from ..security import can_manage_some_organisation, managed_organisation_ids
    from .services import pending_count

    if not can_manage_some_organisation(user):
        return None
    count = pending_count(managed_organisation_ids(user))
    return {"count": count}


def _erase_import_traces(user) -> None:
    """Deletion request completed: activation links, and any import row naming the person."""
    from sqlalchemy import delete, or_

    from ..extensions import db
    from ..models import MemberImportRow
    from . import activation

    activation.erase(user)
    conditions = [MemberImportRow.existing_user_id == user.id]
    if user.phone:
        conditions.append(MemberImportRow.phone == user.phone)
    db.session.execute(delete(MemberImportRow).where(or_(*conditions)))
