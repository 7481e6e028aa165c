"""The coordinator's and the admin's report pages: members by month, overview, export."""

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import audit, exports, months
from ...activities.totals import Scope
from ...extensions import db
from ...htmx import render_page_or_fragment
from ...models import Organisation
from ...paging import page_number
from ...security import can_manage_organisation, get_or_404, is_admin, managed_organisation_ids
from ...security.reports import reviewer_required
from .. import bp, export, listing, overview, services
from ..forms import ExportForm


def _organisations() -> list[Organisation]:
    """The organisations this person reviews: their own, or all for the admin."""
    ids = managed_organisation_ids(current_user)
    stmt = select(Organisation).order_by(Organisation.name)
    if ids is not None:
        stmt = stmt.where(Organisation.id.in_(sorted(ids)))
    return list(db.session.scalars(stmt))


def _chosen(organisations, wanted: str | None, *, default_first: bool) -> Organisation | None:
    """The organisation asked for (an id) among those allowed; another is "not found"."""
    if not wanted or not wanted.isdigit():
        return organisations[0] if default_first and organisations else None
    return get_or_404(Organisation, int(wanted), can=can_manage_organisation)


def _month_arg():
    month = months.parse(request.args.get("bulan"))
    if month is None or month > months.current():
        return months.current()
    return month


@bp.route("/")
@reviewer_required
def index():
    """Every member of an organisation and the status of their report for a month."""
    organisations = _organisations()
    organisation = _chosen(organisations, request.args.get("organisasi"), default_first=True)
    month = _month_arg()
    status = request.args.get("status") or None
    context = {
        "organisations": organisations,
        "organisation": organisation,
        "month": month,
        "status": status,
        "status_labels": services.STATUS_LABELS,
        "previous": months.shift(month, -1),
        "following": months.shift(month, 1) if month < months.current() else None,
    }
    if organisation is not None:
        counts = listing.status_counts(organisation.id, month)
        context["counts"] = counts
        context["members"] = listing.organisation_month(
            organisation.id, month, status, page_number(), counts=counts
        )
    # htmx: the filter form swaps only the member list.
    return render_page_or_fragment("reports/index.html", "reports/_members.html", **context)


@bp.route("/ringkasan")
@reviewer_required
def overview_page():
    """This month against last month: members, activities, hours, people, by desa and PPKS."""
    organisations = _organisations()
    # One organisation is simply that organisation; with several, "all of them" first.
    organisation = _chosen(
        organisations, request.args.get("organisasi"), default_first=len(organisations) == 1
    )
    ids = {organisation.id} if organisation else managed_organisation_ids(current_user)
    month = _month_arg()
    data = overview.build(ids, month, per_organisation=organisation is None)
    return render_template(
        "reports/overview.html",
        organisations=organisations,
        organisation=organisation,
        data=data,
        all_label=_("Semua organisasi") if is_admin(current_user) else _("Semua organisasi saya"),
    )


@bp.route("/ekspor", methods=["GET", "POST"])
@reviewer_required
def export_page():
    """Download a month or a date range as XLSX or CSV; every download is audited."""
    organisations = _organisations()
    form = ExportForm()
    form.fill_choices(organisations, allow_all=is_admin(current_user) or len(organisations) > 1)
    if request.method == "GET":
        form.month.data = months.to_param(_month_arg())
        chosen = request.args.get("organisasi", "")
        form.organisation.data = chosen if chosen in form.organisation_ids else ""
        if not form.allow_all and not form.organisation.data and organisations:
            form.organisation.data = str(organisations[0].id)
    if request.method == "POST":
        _chosen(
            organisations, form.organisation.data, default_first=False
        )  # another organisation's: "not found"
    if form.validate_on_submit():
        return _download(form, organisations)
    code = 422 if form.errors else 200
    return render_template("reports/export.html", form=form), code


def _download(form: ExportForm, organisations):
    start, end = form.dates()
    if form.organisation.data:
        ids = frozenset({int(form.organisation.data)})
        slug = f"organisasi-{form.organisation.data}"
    else:
        managed = managed_organisation_ids(current_user)
        ids = frozenset(managed) if managed is not None else None
        slug = "semua"
    scope = Scope(start, end, organisation_ids=ids)
    name = f"kegiatan-{slug}-{start.isoformat()}-{end.isoformat()}"
    counted = {"rows": 0}

    def counting(rows):
        for row in rows:
            counted["rows"] += 1
            yield row

    if form.format.data == "xlsx":
        whom = (
            next((o.name for o in organisations if str(o.id) == form.organisation.data), "")
            if form.organisation.data
            else _("semua organisasi")
        )
        body = exports.xlsx_response(
            f"{name}.xlsx", export.xlsx_sheets(scope, whom, counting(export.activity_rows(scope)))
        )
    elif form.format.data == "csv":
        body = exports.csv_response(
            f"{name}.csv", export.activity_headers(), counting(export.activity_rows(scope))
        )
    else:
        body = exports.csv_response(
            f"ringkasan-{name}.csv", export.summary_headers(), counting(export.summary_rows(scope))
        )
    audit.record_export(
        "report.exported",
        actor=current_user,
        fmt=form.format.data,
        organisation_id=int(form.organisation.data) if form.organisation.data else "all",
        start=start.isoformat(),
        end=end.isoformat(),
        rows=counted["rows"],
    )
    return body
