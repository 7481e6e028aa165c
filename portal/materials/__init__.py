"""Pembinaan: a library of guidance and training material, with completion tracking."""

from babel.numbers import format_decimal
from flask import Blueprint, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

bp = Blueprint("materials", __name__, url_prefix="/materi")

from . import views  # noqa: E402, F401


def file_size(size: int | None) -> str:
    """'850 KB', '2,3 MB': what a download will cost before it starts."""
    if size is None:
        return ""
    locale = str(get_locale() or "id")
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)), locale=locale)} KB"
    return f"{format_decimal(round(size / (1024 * 1024), 1), locale=locale)} MB"


def init_app(app) -> None:
    from .. import panels, personal_data
    from ..security import can_see_member_area, is_admin
    from ..security import materials as policy
    from . import attachments, labels, progress, queries

    app.register_blueprint(bp)
    panels.add_nav(app, "materials.library", _l("Materi"), can_see_member_area, order=40)
    panels.add_nav(
        app,
        "materials.public",
        _l("Materi"),
        lambda u: u.is_authenticated and not can_see_member_area(u),
        order=40,
    )

    def new_material_panel(user):
        if is_admin(user) or not can_see_member_area(user):
            return None
        count, items = queries.new_unopened(user)
        if not count:
            return None
        return {"count": count, "items": items}

    panels.add_home_panel(app, new_material_panel, "materials/_panel_new.html", order=30)
    panels.add_member_summary(app, _member_summary, order=40)
    personal_data.add_provider(
        app,
        "material_progress",
        progress.progress_data,
        label=progress.DATA_LABEL,
        fields=progress.DATA_FIELDS,
    )
    personal_data.add_eraser(app, progress.erase_progress)
    app.jinja_env.filters["ukuran_berkas"] = file_size
    app.jinja_env.globals.update(
        material_kinds=labels.KIND_LABELS,
        material_audiences=labels.AUDIENCE_LABELS,
        material_statuses=labels.STATUS_LABELS,
        attachment_labels=attachments.LABELS,
        **policy.TEMPLATE_FUNCTIONS,
    )


def _member_summary(membership):
    """On a coordinator's page about one member: how much of the material they finished."""
    from . import completion

    tally = completion.member_tally(membership.organisation_id, membership.user_id)
    total = completion.material_count(membership.organisation_id)
    if not total:
        return None
    return render_template("materials/_member_summary.html", tally=tally, total=total)
