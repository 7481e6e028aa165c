"""A person's copy of their data, their deletion request, and the admin's handling of it."""

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from .. import audit
from ..forms import EmptyForm
from ..i18n import today_wib
from ..models import DeletionRequest, Membership, User
from ..models.rights import COMPLETED, REQUESTED
from ..paging import page_number
from ..security import admin_required, get_or_404
from ..security.rights import can_complete_deletion
from . import bp, readable, services
from .forms import CompleteDeletionForm, DeletionRequestForm


@bp.route("/akun/data")
@login_required
def my_data():
    """Everything the portal holds about me, as a readable page."""
    user = current_user._get_current_object()
    data = services.export(user)
    return render_template(
        "rights/my_data.html",
        sections=readable.sections(data["sections"]),
        open_request=services.open_request(user),
    )


@bp.route("/akun/data.json", methods=["POST"])
@login_required
def my_data_json():
    """Everything the portal holds about me, as a JSON download."""
    user = current_user._get_current_object()
    data = services.export(user)
    audit.record_export("personal_data.exported", actor=user, obj=user, subject=user, fmt="json")
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    filename = f"data-saya-simpul-{today_wib().isoformat()}.json"
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/akun/hapus", methods=["GET", "POST"])
@login_required
def deletion():
    """Ask for my account to be deleted; see or withdraw an open request."""
    user = current_user._get_current_object()
    open_request = services.open_request(user)
    form = DeletionRequestForm()
    if open_request is None and form.validate_on_submit():
        services.request_deletion(user, form.reason.data)
        flash(_("Permintaan hapus akun terkirim. Admin Dinas Sosial akan memprosesnya."), "success")
        return redirect(url_for("rights.deletion"), code=303)
    if open_request is not None and request.method == "POST":
        return redirect(url_for("rights.deletion"), code=303)
    return render_template(
        "rights/deletion.html", form=form, open_request=open_request, cancel_form=EmptyForm()
    ), (422 if form.errors else 200)


@bp.route("/akun/hapus/batal", methods=["POST"])
@login_required
def deletion_cancel():
    """Withdraw my open deletion request."""
    if services.cancel_deletion(current_user._get_current_object()):
        flash(_("Permintaan hapus akun dibatalkan. Akun Anda tetap ada."), "info")
    return redirect(url_for("rights.deletion"), code=303)


@bp.route("/admin/permintaan-hapus")
@admin_required
def deletion_requests():
    """Deletion requests: open ones first, oldest first; completed ones on their own tab."""
    status = COMPLETED if request.args.get("status") == COMPLETED else REQUESTED
    page = services.deletion_requests(status, page_number())
    return render_template("rights/requests.html", page=page, status=status)


@bp.route("/admin/permintaan-hapus/<int:request_id>", methods=["GET", "POST"])
@admin_required
def deletion_complete(request_id: int):
    """Check one request, then erase the person's data."""
    deletion_request = get_or_404(
        DeletionRequest,
        request_id,
        can=can_complete_deletion,
        # Joined, not selectin: a lost race refreshes the request (database.transition),
        # which would load a selectin collection again lazily.
        options=(
            joinedload(DeletionRequest.user)
            .joinedload(User.memberships)
            .joinedload(Membership.organisation),
        ),
    )
    form = CompleteDeletionForm()
    if form.validate_on_submit():
        try:
            services.complete_deletion(current_user._get_current_object(), deletion_request)
        except services.DeletionError as exc:
            flash(str(exc), "error")
        else:
            flash(_("Data pribadi sudah dihapus dan semua sesinya berakhir."), "success")
        return redirect(url_for("rights.deletion_requests"), code=303)
    return render_template("rights/request.html", form=form, deletion_request=deletion_request), (
        422 if form.errors else 200
    )
