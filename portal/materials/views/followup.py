"""Follow-up: completion in one organisation, per material and per member, and its download."""

from flask import render_template, request
from flask_login import current_user

from ... import audit, exports
from ...i18n import today_wib
from ...models import Organisation
from ...paging import page_number
from ...security import coordinator_required, get_or_404
from ...security.materials import can_follow_up, followed_material_or_404
from .. import bp, completion
from ..services import slugify


@bp.route("/penyelesaian/<int:org_id>")
@coordinator_required
def completion_overview(org_id: int):
    """Per material (opened, completed, not yet) or, with ?lihat=anggota, per member."""
    organisation = get_or_404(Organisation, org_id, can=can_follow_up)
    by_member = request.args.get("lihat") == "anggota"
    number = page_number()
    if by_member:
        page, tallies = completion.members_page(org_id, number)
    else:
        page, tallies = completion.materials_page(org_id, number)
    return render_template(
        "materials/completion.html",
        organisation=organisation,
        by_member=by_member,
        page=page,
        tallies=tallies,
        members=completion.member_count(org_id),
        materials=completion.material_count(org_id),
    )


@bp.route("/penyelesaian/<int:org_id>/<slug>")
@coordinator_required
def completion_material(org_id: int, slug: str):
    """One material: each active member of the organisation, opened or completed when."""
    organisation, material = followed_material_or_404(org_id, slug)
    page, progress = completion.material_members_page(org_id, material, page_number())
    return render_template(
        "materials/completion_material.html",
        organisation=organisation,
        material=material,
        page=page,
        progress=progress,
        tally=completion.material_tally(org_id, material),
        members=completion.member_count(org_id),
    )


@bp.route("/penyelesaian/<int:org_id>/unduh.<any(csv, xlsx):fmt>", methods=["POST"])
@coordinator_required
def completion_export(org_id: int, fmt: str):
    """The completion of every member and material, as CSV or XLSX (audited)."""
    organisation = get_or_404(Organisation, org_id, can=can_follow_up)
    audit.record_export(
        "material.completion_exported", actor=current_user, obj=organisation, fmt=fmt
    )
    name = slugify(organisation.short_name or organisation.name)
    filename = f"penyelesaian-materi-{name}-{today_wib().isoformat()}.{fmt}"
    if fmt == "csv":
        headers, rows = completion.detail_sheet(org_id)
        return exports.csv_response(filename, headers, rows)
    return exports.xlsx_response(filename, completion.export_sheets(org_id))
