"""Applicants and members of an organisation, seen by its coordinator (or an admin)."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ...htmx import is_fragment_request, render_page_or_fragment
from ...models import Membership, Organisation
from ...paging import page_number
from ...security import (
    can_manage_organisation,
    coordinator_required,
    get_or_404,
    managed_organisation_ids,
)
from ...security.organisations import (
    can_approve,
    can_decide_membership,
    can_reinstate,
    can_suspend,
)
from .. import bp, services
from ..forms import DecisionForm, MemberSearchForm

CHECKS = {
    "approve": can_approve,
    "reject": can_approve,
    "suspend": can_suspend,
    "reinstate": can_reinstate,
}


@bp.route("/organisasi/pendaftar")
@coordinator_required
def applicants():
    """Every pending applicant of the organisations this person manages."""
    items = services.pending_applicants(managed_organisation_ids(current_user))
    return render_template("organisations/applicants.html", items=items, form=DecisionForm())


@bp.route("/organisasi/<int:org_id>/anggota")
@coordinator_required
def members(org_id: int):
    """The organisation's people: search by name, phone or number; filter by status, desa."""
    organisation = get_or_404(Organisation, org_id, can=can_manage_organisation)
    form = MemberSearchForm(request.args)
    valid = form.validate()
    page = services.members_page(
        organisation,
        form.status_value,
        page_number(),
        q=(form.q.data or "") if valid else "",
        desa_id=form.desa_id,
    )
    response = render_page_or_fragment(
        "organisations/members.html",
        "organisations/_member_rows.html",
        organisation=organisation,
        members=page,
        form=form,
        decision_form=DecisionForm(),
    )
    if not valid and not is_fragment_request():
        response.status_code = 422
    return response


@bp.route("/organisasi/keanggotaan/<int:membership_id>/keputusan", methods=["POST"])
@coordinator_required
def decide(membership_id: int):
    """Approve, reject, suspend or reinstate one membership."""
    membership = get_or_404(
        Membership,
        membership_id,
        can=can_decide_membership,
        options=(joinedload(Membership.user), joinedload(Membership.organisation)),
    )
    form = DecisionForm()
    back = request.form.get("back") or url_for("organisations.applicants")
    if not (form.validate_on_submit() and CHECKS[form.action.data](current_user, membership)):
        flash(_("Keputusan tidak dapat disimpan. Muat ulang halaman lalu coba lagi."), "error")
        return redirect(_local(back), code=303)
    try:
        services.decide(current_user, membership, form.action.data, form.note.data)
    except services.DecisionError as exc:
        flash(str(exc), "error")
        return redirect(_local(back), code=303)
    message = {
        "approve": _("%(name)s disetujui.", name=membership.user.full_name),
        "reject": _("Pendaftaran %(name)s ditolak.", name=membership.user.full_name),
        "suspend": _("Keanggotaan %(name)s ditangguhkan.", name=membership.user.full_name),
        "reinstate": _("Keanggotaan %(name)s dipulihkan.", name=membership.user.full_name),
    }[form.action.data]
    if is_fragment_request():
        # htmx: replace the applicant's card with the outcome, no page reload.
        return make_response(
            render_template("organisations/_decided.html", membership=membership, message=message)
        )
    flash(message, "success")
    return redirect(_local(back), code=303)


def _local(url: str) -> str:
    from ...urls import safe_next

    return safe_next(url, url_for("organisations.applicants"))
