"""A coordinator's members: their organisations, one member's page, export, import from
Excel, and the one-time activation links of imported people."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

bp = Blueprint("members", __name__)

from . import activation_views, import_views, views  # noqa: E402, F401


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import is_admin, is_coordinator
    from . import activation

    app.register_blueprint(bp)
    panels.add_nav(
        app,
        "members.index",
        _l("Anggota"),
        lambda user: is_admin(user) or is_coordinator(user),
        order=75,
    )
    personal_data.add_provider(app, "activation_links", activation.activation_data)
    personal_data.add_eraser(app, _erase_import_traces)


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
