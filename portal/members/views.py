"""The coordinator's organisations, one member's page, a new activation link, the export."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..exports import csv_response, xlsx_response
from ..forms import EmptyForm
from ..i18n import today_wib
from ..organisations.forms import STATUS_LABELS, DecisionForm, MemberSearchForm
from ..paging import clamp_page
from ..panels import member_summaries
from ..security import coordinator_required, managed_organisation_ids, managed_organisation_or_404
from ..security.directory import (
    can_export_members,
    can_reissue_activation,
    managed_membership_or_404,
)
from . import activation, bp, services


@bp.route("/organisasi/")
@coordinator_required
def index():
    """The organisations this person manages, with their members and applicants."""
    page = services.managed_organisations(
        managed_organisation_ids(current_user), clamp_page(request.args.get("page"))
    )
    return render_template("members/index.html", page=page)


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>")
@coordinator_required
def member(org_id: int, membership_id: int):
    """One member: contact, membership, activation, and what other features know of them."""
    membership = managed_membership_or_404(org_id, membership_id)
    latest = activation.latest(membership)
    return render_template(
        "members/member.html",
        membership=membership,
        person=membership.user,
        summaries=member_summaries(membership),
        latest=latest,
        latest_state=activation.state(latest) if latest else None,
        latest_link=activation.link_for(latest) if latest else None,
        button_form=EmptyForm(),
        decision_form=DecisionForm(),
    )


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>/aktivasi", methods=["POST"])
@coordinator_required
def reissue_activation(org_id: int, membership_id: int):
    """A new activation link for a member who has not activated; the old one stops working."""
    membership = managed_membership_or_404(org_id, membership_id)
    if not (EmptyForm().validate_on_submit() and can_reissue_activation(current_user, membership)):
        abort(400)
    try:
        activation.reissue(current_user._get_current_object(), membership)
    except activation.ActivationError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Tautan aktivasi baru dibuat. Tautan lama tidak berlaku lagi."), "success")
    return redirect(url_for("members.member", org_id=org_id, membership_id=membership_id), code=303)


@bp.route("/organisasi/<int:org_id>/anggota.<any(csv, xlsx):fmt>")
@coordinator_required
def export(org_id: int, fmt: str):
    """The member list as CSV or XLSX, with the list's filters; cells cannot be formulas."""
    organisation = managed_organisation_or_404(org_id)
    if not can_export_members(current_user, organisation):
        abort(404)
    form = MemberSearchForm(request.args)
    q = (form.q.data or "") if form.validate() else ""
    rows = services.export_rows(
        current_user._get_current_object(),
        organisation,
        STATUS_LABELS,
        fmt,
        status=form.status_value,
        q=q,
        desa_id=form.desa_id,
    )
    name = f"anggota-{organisation.short_name or organisation.id}-{today_wib().isoformat()}"
    name = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)
    if fmt == "csv":
        return csv_response(f"{name}.csv", services.export_headers(), rows)
    return xlsx_response(f"{name}.xlsx", [(_("Anggota"), services.export_headers(), rows)])
