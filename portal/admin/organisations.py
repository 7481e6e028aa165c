"""Admin: organisations and their coordinators; the admin's home and the audit log."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..forms import EmptyForm
from ..models import AuditEvent, Membership, Organisation, User
from ..models.organisation import ACTIVE, PENDING, ROLE_COORDINATOR
from ..security import admin_required
from . import bp, services
from .forms import CoordinatorForm, OrganisationForm


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
    rows = db.session.execute(
        select(Organisation, func.coalesce(active.c.n, 0))
        .outerjoin(active, active.c.organisation_id == Organisation.id)
        .options(joinedload(Organisation.kind))
        .order_by(Organisation.name)
    ).all()
    return render_template("admin/organisations.html", rows=rows)


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
    organisation = db.session.get(Organisation, org_id) if org_id else None
    if org_id and organisation is None:
        abort(404)
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
    coordinators, candidates = [], []
    if organisation:
        memberships = db.session.scalars(
            select(Membership)
            .where(Membership.organisation_id == organisation.id, Membership.status == ACTIVE)
            .options(joinedload(Membership.user))
            .join(Membership.user)
            .order_by(User.full_name)
        ).all()
        coordinators = [m for m in memberships if m.role == ROLE_COORDINATOR]
        candidates = [m for m in memberships if m.role != ROLE_COORDINATOR]
    coordinator_form = CoordinatorForm()
    coordinator_form.membership.choices = [(str(m.id), m.user.full_name) for m in candidates]
    return render_template(
        "admin/organisation_edit.html",
        form=form,
        organisation=organisation,
        coordinators=coordinators,
        coordinator_form=coordinator_form,
        button_form=EmptyForm(),
    ), (422 if form.errors else 200)


@bp.route("/organisasi/<int:org_id>/koordinator", methods=["POST"])
@admin_required
def coordinator_add(org_id: int):
    """Name an active member as coordinator."""
    form = CoordinatorForm()
    membership = db.session.get(Membership, request.form.get("membership", type=int) or 0)
    if not form.validate_on_submit() or membership is None or membership.organisation_id != org_id:
        abort(404)
    try:
        services.name_coordinator(current_user, membership)
        flash(_("%(name)s kini koordinator.", name=membership.user.full_name), "success")
    except services.AdminError as exc:
        flash(str(exc), "error")
    return redirect(url_for("admin.organisation_edit", org_id=org_id), code=303)


@bp.route("/keanggotaan/<int:membership_id>/copot-koordinator", methods=["POST"])
@admin_required
def coordinator_remove(membership_id: int):
    """Make a coordinator an ordinary member again."""
    membership = db.session.get(Membership, membership_id)
    if membership is None or not EmptyForm().validate_on_submit():
        abort(404)
    services.remove_coordinator(current_user, membership)
    flash(_("%(name)s bukan koordinator lagi.", name=membership.user.full_name), "success")
    return redirect(url_for("admin.organisation_edit", org_id=membership.organisation_id), code=303)


@bp.route("/audit")
@admin_required
def audit_log():
    """The audit trail, newest first, filterable by action."""
    action = request.args.get("aksi", "")[:60]
    stmt = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action))
    page = db.paginate(
        stmt, page=request.args.get("page", 1, type=int), per_page=50, error_out=False
    )
    actor_ids = {e.actor_id for e in page.items if e.actor_id}
    actors = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(actor_ids)))}
    return render_template("admin/audit.html", page=page, actors=actors, action=action)
