"""Wilayah pages: the kabupaten, a kecamatan, a desa; each also as XLSX (POST, audited)."""

from flask import render_template, request
from flask_login import current_user

from .. import audit, exports, months
from ..security.regions import area_or_404, region_scope, regions_required
from . import bp, figures, incidents, places, sheets


def _month():
    """?bulan=2026-11; missing, wrong or still to come: this month."""
    month = months.parse(request.args.get("bulan") or request.form.get("bulan"))
    if month is None or month > months.current():
        return months.current()
    return month


def _figures(kecamatan_code=None, desa_code=None):
    tree = places.load()
    kecamatan = desa = None
    if kecamatan_code is not None:
        kecamatan = area_or_404(tree, kecamatan_code, places.KECAMATAN)
    if desa_code is not None:
        desa = area_or_404(tree, desa_code, places.DESA, parent=kecamatan)
    level = places.DESA if desa else places.KECAMATAN if kecamatan else places.KABUPATEN
    area = desa or kecamatan or tree.kabupaten
    data = figures.build(tree, level, area, _month(), region_scope(current_user))
    return tree, kecamatan, data


def _page(kecamatan_code=None, desa_code=None):
    tree, kecamatan, data = _figures(kecamatan_code, desa_code)
    if data.level == places.KECAMATAN:
        desa_ids = [d.id for d in tree.desa_of(kecamatan)]
    else:
        desa_ids = [data.area.id] if data.level == places.DESA else None
    return render_template(
        "regions/area.html",
        data=data,
        incidents=incidents.during(current_user, data.level, desa_ids, data.month),
        kabupaten=tree.kabupaten,
        kecamatan=kecamatan,
        levels=places,
        kecamatan_of=tree.kecamatan_of_desa(),
        previous=months.shift(data.month, -1),
        following=months.shift(data.month, 1) if data.month < months.current() else None,
    )


def _download(kecamatan_code=None, desa_code=None):
    _tree, _kecamatan, data = _figures(kecamatan_code, desa_code)
    code = data.area.code if data.area is not None else "kabupaten"
    audit.record_export(
        "region.exported", actor=current_user, fmt="xlsx", area=code, month=str(data.month)
    )
    name = f"wilayah-{code}-{months.to_param(data.month)}.xlsx"
    return exports.xlsx_response(name, sheets.area_sheets(data))


@bp.route("/")
@regions_required
def kabupaten():
    """The whole regency, by kecamatan."""
    return _page()


@bp.route("/<kecamatan_code>")
@regions_required
def kecamatan(kecamatan_code: str):
    """One kecamatan, by desa."""
    return _page(kecamatan_code)


@bp.route("/<kecamatan_code>/<desa_code>")
@regions_required
def desa(kecamatan_code: str, desa_code: str):
    return _page(kecamatan_code, desa_code)


@bp.route("/unduh", methods=["POST"])
@regions_required
def kabupaten_xlsx():
    return _download()


@bp.route("/<kecamatan_code>/unduh", methods=["POST"])
@regions_required
def kecamatan_xlsx(kecamatan_code: str):
    return _download(kecamatan_code)


@bp.route("/<kecamatan_code>/<desa_code>/unduh", methods=["POST"])
@regions_required
def desa_xlsx(kecamatan_code: str, desa_code: str):
    return _download(kecamatan_code, desa_code)
