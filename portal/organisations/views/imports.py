"""Import members from Excel or CSV: template, upload, preview, save, printable links."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ...exports import csv_response, xlsx_response
from ...forms import EmptyForm
from ...models import MemberImport, Organisation
from ...models.imports import IMPORTED, PREVIEW
from ...paging import page_number
from ...security import coordinator_required, get_or_404, of_managed_organisation_or_404
from ...security.organisations import can_import_members
from .. import activation, bp, imports, parsing, roster
from ..import_forms import ImportUploadForm


@bp.route("/organisasi/<int:org_id>/impor", methods=["GET", "POST"])
@coordinator_required
def import_start(org_id: int):
    """Upload a member list; a readable file leads to its preview, nothing is saved yet."""
    organisation = get_or_404(Organisation, org_id, can=can_import_members)
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(parsing.MAX_BYTES + 1)
        try:
            batch = imports.preview(
                current_user._get_current_object(), organisation, upload.filename or "", data
            )
        except parsing.ImportFileError as exc:
            form.file.errors.append(str(exc))
        else:
            return redirect(
                url_for("organisations.import_batch", org_id=org_id, batch_id=batch.id), code=303
            )
    return render_template(
        "organisations/import_start.html",
        organisation=organisation,
        form=form,
        recent=imports.recent_imports(organisation),
    ), (422 if form.errors else 200)


@bp.route("/organisasi/<int:org_id>/impor/templat.<any(xlsx, csv):fmt>")
@coordinator_required
def import_template(org_id: int, fmt: str):
    """The empty template to fill in, with a sheet of instructions and the desa names."""
    get_or_404(Organisation, org_id, can=can_import_members)
    if fmt == "csv":
        return csv_response("templat-impor-anggota.csv", roster.template_headers(), [])
    sheets = roster.template_sheets(roster.kecamatan_with_desa())
    return xlsx_response("templat-impor-anggota.xlsx", sheets)


@bp.route("/organisasi/<int:org_id>/impor/<int:batch_id>")
@coordinator_required
def import_batch(org_id: int, batch_id: int):
    """Before saving: every row with its problems. After: the activation links to hand out."""
    batch = of_managed_organisation_or_404(
        MemberImport, org_id, batch_id, options=(joinedload(MemberImport.organisation),)
    )
    page = page_number()
    only_problems = request.args.get("tampil") == "masalah"
    if batch.status == PREVIEW:
        return render_template(
            "organisations/import_preview.html",
            batch=batch,
            rows=imports.rows_page(batch, only_problems, page),
            only_problems=only_problems,
            form=EmptyForm(),
        )
    if batch.status == IMPORTED:
        # Two tabs: the activation links to hand out, and the rows to fix in the file.
        return render_template(
            "organisations/import_result.html",
            batch=batch,
            only_problems=only_problems,
            links=None if only_problems else activation.of_batch(batch.id, page),
            problems=imports.rows_page(batch, True, page) if only_problems else None,
            link_for=activation.link_for,
            state=activation.state,
        )
    return render_template("organisations/import_discarded.html", batch=batch)


@bp.route("/organisasi/<int:org_id>/impor/<int:batch_id>/simpan", methods=["POST"])
@coordinator_required
def import_save(org_id: int, batch_id: int):
    """Save every valid row at once: accounts, active memberships and activation links."""
    batch = of_managed_organisation_or_404(MemberImport, org_id, batch_id)
    target = url_for("organisations.import_batch", org_id=org_id, batch_id=batch_id)
    if batch.status != PREVIEW:  # a double tap: the first one already saved
        return redirect(target, code=303)
    try:
        outcome = imports.save(current_user._get_current_object(), batch)
    except imports.MemberImportError as exc:
        flash(str(exc), "error")
    else:
        flash(
            _(
                "Impor selesai: %(created)d akun baru, %(added)d keanggotaan ditambahkan.",
                created=outcome.created,
                added=outcome.added,
            ),
            "success",
        )
    return redirect(target, code=303)


@bp.route("/organisasi/<int:org_id>/impor/<int:batch_id>/batal", methods=["POST"])
@coordinator_required
def import_discard(org_id: int, batch_id: int):
    """Drop a preview without saving anything; its rows are forgotten."""
    batch = of_managed_organisation_or_404(MemberImport, org_id, batch_id)
    imports.discard(current_user._get_current_object(), batch)
    flash(_("Impor dibatalkan. Tidak ada yang disimpan."), "info")
    return redirect(url_for("organisations.import_start", org_id=org_id), code=303)
