"""The coordinator's organisations, one member's page, a new activation link, the export."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ...accounts import recovery
from ...exports import csv_response, xlsx_response
from ...forms import EmptyForm
from ...i18n import today_wib
from ...models import Area, Membership, Organisation, User
from ...models.activation import PASSWORD_RESET
from ...paging import page_number
from ...panels import member_summaries
from ...security import (
    coordinator_required,
    get_or_404,
    managed_organisation_ids,
    of_managed_organisation_or_404,
)
from ...security.organisations import (
    can_export_members,
)
from .. import activation, bp, roster
from ..forms import STATUS_LABELS, DecisionForm, MemberSearchForm


@bp.route("/organisasi/")
@coordinator_required
def index():
    """The organisations this person manages, with their members and applicants."""
    page = roster.managed_organisations(managed_organisation_ids(current_user), page_number())
    return render_template("organisations/index.html", page=page)


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>")
@coordinator_required
def member(org_id: int, membership_id: int):
    """One member: contact, membership, activation, and what other features know of them."""
    membership = of_managed_organisation_or_404(
        Membership,
        org_id,
        membership_id,
        options=(
            joinedload(Membership.user).joinedload(User.home_desa).joinedload(Area.parent),
            joinedload(Membership.organisation),
        ),
    )
    latest = activation.latest(membership)
    reset = activation.latest(membership, PASSWORD_RESET)
    reset_usable = reset is not None and activation.state(reset) == activation.USABLE
    return render_template(
        "organisations/member.html",
        membership=membership,
        person=membership.user,
        summaries=member_summaries(membership),
        latest=latest,
        latest_state=activation.state(latest) if latest else None,
        latest_link=activation.link_for(latest) if latest else None,
        reset=reset if reset_usable else None,
        reset_link=recovery.reset_url(reset) if reset_usable else None,
        button_form=EmptyForm(),
        decision_form=DecisionForm(),
    )


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>/aktivasi", methods=["POST"])
@coordinator_required
def reissue_activation(org_id: int, membership_id: int):
    """A new activation link for a member who has not activated; the old one stops working."""
    membership = of_managed_organisation_or_404(
        Membership, org_id, membership_id, options=(joinedload(Membership.user),)
    )
    try:
        activation.reissue(current_user._get_current_object(), membership)
    except activation.ActivationError as exc:
        flash(str(exc), "error")
    else:
        flash(_("Tautan aktivasi baru dibuat. Tautan lama tidak berlaku lagi."), "success")
    return redirect(
        url_for("organisations.member", org_id=org_id, membership_id=membership_id), code=303
    )


@bp.route("/organisasi/<int:org_id>/anggota.<any(csv, xlsx):fmt>", methods=["POST"])
@coordinator_required
def export(org_id: int, fmt: str):
    """The member list as CSV or XLSX, with the list's filters (sent as hidden fields);
    cells cannot be formulas."""
    organisation = get_or_404(Organisation, org_id, can=can_export_members)
    form = MemberSearchForm(request.form)
    q = (form.q.data or "") if form.validate() else ""
    rows = roster.export_rows(
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
        return csv_response(f"{name}.csv", roster.export_headers(), rows)
    return xlsx_response(f"{name}.xlsx", [roster.export_sheet(organisation, rows)])
