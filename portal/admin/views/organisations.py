"""Admin: organisations and their coordinators; the admin's home and the audit log."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ...extensions import db
from ...forms import EmptyForm
from ...models import AuditEvent, Membership, Organisation, User
from ...models.organisations import ACTIVE, PENDING, ROLE_COORDINATOR
from ...paging import after_key, keyset, page_number, paginate
from ...security import admin_required, get_or_404, of_managed_organisation_or_404
from ...urls import row_id
from .. import bp, services
from ..forms import AuditFilterForm, CoordinatorForm, OrganisationForm

PER_PAGE = 50


@bp.route("/")
@admin_required
def index():
    """The admin's overview."""
    counts = {
        "organisations": db.session.scalar(select(func.count()).select_from(Organisation)),
        "users": db.session.scalar(select(func.count()).select_from(User)),
        "pending": db.session.scalar(
            select(func.count()).select_from(Membership).where(Membership.status == PENDING)
        ),
    }
    return render_template("admin/index.html", counts=counts)


@bp.route("/organisasi")
@admin_required
def organisations():
    """Every organisation, listed or not, with its number of active members."""
    active = (
        select(Membership.organisation_id, func.count().label("n"))
        .where(Membership.status == ACTIVE)
        .group_by(Membership.organisation_id)
        .subquery()
    )
    stmt = (
        select(Organisation, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.organisation_id == Organisation.id)
        .options(joinedload(Organisation.kind))
        .order_by(Organisation.name, Organisation.id)
    )
    page = paginate(stmt, page_number(), PER_PAGE)
    return render_template("admin/organisations.html", page=page)


def _organisation_data(form: OrganisationForm) -> dict:
    return {
        "name": form.name.data,
        "short_name": form.short_name.data or None,
        "kind_id": int(form.kind.data),
        "area_id": int(form.area.data) if form.area.data else None,
        "description": form.description.data or "",
        "contact_phone": form.contact_phone.data or None,
        "contact_email": form.contact_email.data or None,
        "is_listed": form.is_listed.data,
    }


@bp.route("/organisasi/baru", methods=["GET", "POST"])
@bp.route("/organisasi/<int:org_id>", methods=["GET", "POST"])
@admin_required
def organisation_edit(org_id: int | None = None):
    """Create or edit an organisation; list or unlist it."""
    # The form reads the kind and the area from the object (then shows their ids).
    options = (joinedload(Organisation.kind), joinedload(Organisation.area))
    organisation = get_or_404(Organisation, org_id, options=options) if org_id else None
    form = OrganisationForm(obj=organisation if request.method == "GET" else None)
    if request.method == "GET" and organisation:
        form.kind.data = str(organisation.kind_id)
        form.area.data = str(organisation.area_id or "")
    form.fill_choices()
    if form.validate_on_submit():
        try:
            organisation = services.save_organisation(
                current_user, organisation, _organisation_data(form)
            )
        except services.AdminError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(_("Organisasi disimpan."), "success")
            return redirect(url_for("admin.organisation_edit", org_id=organisation.id), code=303)
    memberships = _active_memberships(organisation) if organisation else []
    return render_template(
        "admin/organisation_edit.html",
        form=form,
        organisation=organisation,
        coordinators=[m for m in memberships if m.role == ROLE_COORDINATOR],
        coordinator_form=CoordinatorForm(formdata=None, memberships=memberships),
        button_form=EmptyForm(),
    ), (422 if form.errors else 200)


@bp.route("/organisasi/<int:org_id>/koordinator", methods=["POST"])
@admin_required
def coordinator_add(org_id: int):
    """Name an active member as coordinator."""
    organisation = get_or_404(Organisation, org_id)
    # Another organisation's membership is "not found", as everywhere.
    of_managed_organisation_or_404(
        Membership, org_id, request.form.get("membership", type=row_id) or 0
    )
    form = CoordinatorForm(memberships=_active_memberships(organisation))
    if form.validate_on_submit():
        membership = form.chosen()
        services.name_coordinator(current_user, membership)
        flash(_("%(name)s kini koordinator.", name=membership.user.full_name), "success")
    else:
        flash(" ".join(map(str, form.membership.errors)), "error")
    return redirect(url_for("admin.organisation_edit", org_id=org_id), code=303)


def _active_memberships(organisation: Organisation) -> list[Membership]:
    """The organisation's active members with their people, by name."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.organisation_id == organisation.id, Membership.status == ACTIVE)
            .options(joinedload(Membership.user))
            .join(Membership.user)
            .order_by(User.full_name)
        )
    )


@bp.route("/keanggotaan/<int:membership_id>/copot-koordinator", methods=["POST"])
@admin_required
def coordinator_remove(membership_id: int):
    """Make a coordinator an ordinary member again."""
    membership = get_or_404(Membership, membership_id, options=(joinedload(Membership.user),))
    services.remove_coordinator(current_user, membership)
    flash(_("%(name)s bukan koordinator lagi.", name=membership.user.full_name), "success")
    return redirect(url_for("admin.organisation_edit", org_id=membership.organisation_id), code=303)


@bp.route("/audit")
@admin_required
def audit_log():
    """The audit trail, newest first, filterable by action."""
    form = AuditFilterForm(request.args)
    form.fill_choices()
    action = form.aksi.data if form.validate() else None
    stmt = select(AuditEvent)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    # The log only grows: pages by key, so the thousandth page costs what the first does.
    page = keyset(stmt, AuditEvent.id, after_key(), PER_PAGE)
    actor_ids = {e.actor_id for e in page.items if e.actor_id}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    return render_template("admin/audit.html", page=page, actors=actors, form=form)
