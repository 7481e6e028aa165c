"""Admin: the reference lists (areas, PSKS kinds, PPKS categories, activity and incident kinds).

One pair of views serves every list; a ReferenceList says what differs.
"""

from dataclasses import dataclass

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...models import ActivityType, Area, IncidentKind, OrganisationKind, PpksCategory
from ...paging import page_number, paginate
from ...security import admin_required, get_or_404, one_of_or_404
from .. import bp, services
from ..forms import ActivityTypeForm, AreaForm, CodeNameForm

PER_PAGE = 50


@dataclass(frozen=True)
class ReferenceList:
    model: type
    form: type
    title: object
    columns: tuple[tuple[str, object], ...]
    order_by: tuple
    to_form: dict  # model attribute -> form field, where names differ
    options: tuple = ()


LISTS = {
    "wilayah": ReferenceList(
        Area,
        AreaForm,
        _l("Wilayah"),
        (("code", _l("Kode")), ("name", _l("Nama")), ("level", _l("Tingkat"))),
        (Area.code,),
        {"parent_id": "parent"},
    ),
    "psks": ReferenceList(
        OrganisationKind,
        CodeNameForm,
        _l("Jenis PSKS"),
        (("code", _l("Kode")), ("name", _l("Nama"))),
        (OrganisationKind.name,),
        {},
    ),
    "ppks": ReferenceList(
        PpksCategory,
        CodeNameForm,
        _l("Kategori PPKS"),
        (("code", _l("Kode")), ("name", _l("Nama"))),
        (PpksCategory.position, PpksCategory.name),
        {},
    ),
    "jenis-kegiatan": ReferenceList(
        ActivityType,
        ActivityTypeForm,
        _l("Jenis kegiatan"),
        (("kind", _l("Jenis organisasi")), ("name", _l("Nama"))),
        (ActivityType.kind_id, ActivityType.name),
        {"kind_id": "kind"},
        (joinedload(ActivityType.kind),),
    ),
    "jenis-kejadian": ReferenceList(
        IncidentKind,
        CodeNameForm,
        _l("Jenis kejadian"),
        (("code", _l("Kode")), ("name", _l("Nama"))),
        (IncidentKind.position, IncidentKind.name),
        {},
    ),
}


def _spec(name: str) -> ReferenceList:
    return one_of_or_404(LISTS, name)


@bp.route("/referensi/<name>")
@admin_required
def reference_list(name: str):
    """One reference list, with a form to add a row."""
    spec = _spec(name)
    stmt = select(spec.model).options(*spec.options).order_by(*spec.order_by, spec.model.id)
    page = paginate(stmt, page_number(), PER_PAGE)
    form = spec.form()
    form.fill_choices()
    return render_template(
        "admin/reference_list.html", spec=spec, name=name, page=page, form=form, lists=LISTS
    )


@bp.route("/referensi/<name>/baru", methods=["POST"])
@bp.route("/referensi/<name>/<int:row_id>", methods=["GET", "POST"])
@admin_required
def reference_edit(name: str, row_id: int | None = None):
    """Add or edit one row of a reference list; rows are retired, never deleted."""
    spec = _spec(name)
    obj = get_or_404(spec.model, row_id) if row_id else spec.model()
    form = spec.form(obj=obj if request.method == "GET" else None)
    if request.method == "GET":
        for attr, field in spec.to_form.items():
            form[field].data = str(getattr(obj, attr) or "")
    form.fill_choices()
    if form.validate_on_submit():
        data = {}
        for field in form:
            if field.name == "csrf_token":
                continue
            attr = next((a for a, f in spec.to_form.items() if f == field.name), field.name)
            value = field.data
            if attr.endswith("_id"):
                value = int(value) if value else None
            data[attr] = value if value != "" else None
        try:
            services.save_reference(current_user, obj, data, name)
        except services.AdminError as exc:
            form[next(iter(data))].errors.append(str(exc))
        else:
            flash(_("Tersimpan."), "success")
            return redirect(url_for("admin.reference_list", name=name), code=303)
    return render_template(
        "admin/reference_edit.html", spec=spec, name=name, form=form, obj=obj, lists=LISTS
    ), (422 if form.errors else 200)
