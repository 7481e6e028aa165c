"""Publishing: new material, edits, publish and archive, and the publisher's own list."""

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...models import Organisation
from ...models.materials import STATUSES
from ...paging import page_number
from ...security import coordinator_required, managed_organisation_ids
from ...security.materials import managed_material_or_404
from .. import attachments, bp, queries, services
from ..forms import MaterialForm, StatusForm


def _too_large():
    """The 413 page when the attachment is over 20 MB, whatever the app-wide limit."""
    upload = request.files.get("attachment")
    size = attachments.upload_size(upload) if upload else 0
    whole = request.content_length or 0
    if size <= attachments.MAX_BYTES and whole <= attachments.MAX_REQUEST_BYTES:
        return None
    return render_template("materials/too_large.html", size=max(size, whole)), 413


def _data(form: MaterialForm) -> services.MaterialData:
    return services.MaterialData(
        title=form.title.data,
        kind=form.kind.data,
        summary=form.summary.data,
        body=form.body.data or "",
        link_url=form.link.data or None,
        audience=form.audience.data,
        organisation_id=form.owner_id,
        organisation_ids=form.organisation_ids,
    )


def _render_form(form: MaterialForm, material=None):
    return render_template("materials/form.html", form=form, material=material), (
        422 if form.errors else 200
    )


@bp.route("/baru", methods=["GET", "POST"])
@coordinator_required
def new():
    """Write a material: saved as a draft, or published at once."""
    if request.method == "POST" and (too_large := _too_large()):
        return too_large
    form = MaterialForm()
    if request.method == "GET":
        form.submission_id.data = secrets.token_urlsafe(16)
    form.fill_choices(current_user)
    # A double tap or a resend after a slow network: the first request made it.
    done = services.created_with(form.submission_id.data) if request.method == "POST" else None
    if done is not None and done.created_by_id == current_user.id:
        return redirect(url_for("materials.detail", slug=done.slug), code=303)
    if done is not None:
        # Someone else's id: a copied or altered form. Show it again with a fresh one.
        form.submission_id.data = secrets.token_urlsafe(16)
        form.form_errors.append(
            _("Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi.")
        )
        return _render_form(form)
    if form.validate_on_submit():
        publish = form.action.data == "publish"
        try:
            material = services.create(
                current_user,
                _data(form),
                form.upload,
                publish=publish,
                submission_id=form.submission_id.data,
            )
        except services.MaterialError as exc:
            form.owner.errors.append(str(exc))
        else:
            flash(_("Materi diterbitkan.") if publish else _("Draf disimpan."), "success")
            return redirect(url_for("materials.detail", slug=material.slug), code=303)
    return _render_form(form)


@bp.route("/<slug>/ubah", methods=["GET", "POST"])
@coordinator_required
def edit(slug: str):
    """Edit a material; its address stays the same."""
    material = managed_material_or_404(slug)
    if request.method == "POST" and (too_large := _too_large()):
        return too_large
    form = MaterialForm()
    form.material = material
    if request.method == "GET":
        form.load(material)
    form.fill_choices(current_user)
    if form.validate_on_submit():
        publish = form.action.data == "publish"
        try:
            services.update_material(
                current_user,
                material,
                _data(form),
                form.upload,
                remove_attachment=form.remove_attachment.data,
                publish=publish,
            )
        except services.MaterialError as exc:
            form.owner.errors.append(str(exc))
        else:
            flash(_("Materi diterbitkan.") if publish else _("Perubahan disimpan."), "success")
            return redirect(url_for("materials.detail", slug=material.slug), code=303)
    return _render_form(form, material)


@bp.route("/<slug>/status", methods=["POST"])
@coordinator_required
def change_status(slug: str):
    """Publish (a draft, or again after archiving) or archive."""
    material = managed_material_or_404(slug)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if form.action.data == "publish":
            services.publish(current_user, material)
            flash(_("Materi diterbitkan."), "success")
        else:
            services.archive(current_user, material)
            flash(_("Materi diarsipkan: tidak tampil lagi di perpustakaan."), "success")
    except services.MaterialError as exc:
        flash(str(exc), "error")
    return redirect(url_for("materials.detail", slug=material.slug), code=303)


@bp.route("/kelola")
@coordinator_required
def manage():
    """The material this person publishes, in every status, and the follow-up links."""
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    page = queries.managed_page(current_user, status=status, page=page_number())
    managed = managed_organisation_ids(current_user)
    stmt = select(Organisation).order_by(Organisation.name)
    if managed is not None:
        stmt = stmt.where(Organisation.id.in_(managed))
    return render_template(
        "materials/manage.html",
        page=page,
        status=status,
        statuses=STATUSES,
        organisations=db.session.scalars(stmt).all(),
    )
