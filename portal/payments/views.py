"""Tali asih pages: the runs, preparing and fixing a month, a run, its print and XLSX."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from .. import audit, exports, months
from ..extensions import db
from ..forms import EmptyForm
from ..models import OrganisationKind
from ..models.payments import PaymentRate, PaymentRun
from ..paging import page_number, paginate
from ..security import get_or_404
from ..security.payments import can_see_run, payments_required
from . import bp, services, sheets
from .forms import CorrectionForm, MonthForm, RateForm

PER_PAGE = 50


@bp.route("/")
@payments_required
def index():
    """The fixed lists, newest month first, and the month to prepare next."""
    form = MonthForm(meta={"csrf": False}, data={"month": _last_month()})
    runs = paginate(
        select(PaymentRun)
        .options(joinedload(PaymentRun.fixed_by))
        .order_by(PaymentRun.month.desc(), PaymentRun.number.desc()),
        page_number(),
        PER_PAGE,
    )
    return render_template("payments/index.html", form=form, runs=runs)


def _last_month() -> str:
    return months.to_param(months.shift(months.current(), -1))


@bp.route("/siapkan")
@payments_required
def prepare():
    """The month's list as the reports stand now, with the button that fixes it."""
    form = MonthForm(request.args, meta={"csrf": False})
    return _prepared(form)


def _prepared(form, code=200):
    draft = fixed = error = None
    if form.validate():
        fixed = services.current_run(form.month.month)
        try:
            draft = services.prepare(form.month.month)
        except services.PaymentError as problem:
            error = str(problem)
        if fixed is not None:
            error = _(
                "Daftar tali asih %(month)s sudah ditetapkan. Untuk mengubahnya, buat koreksi "
                "dari daftar itu.",
                month=months.label(form.month.month),
            )
    if form.errors or error:
        code = 422
    return (
        render_template(
            "payments/prepare.html",
            form=form,
            draft=None if error else draft,
            fixed=fixed,
            error=error,
            fix_form=EmptyForm(),
        ),
        code,
    )


@bp.route("/tetapkan", methods=["POST"])
@payments_required
def fix():
    """Fix ("Tetapkan") the month's list: from now on it does not change."""
    form = MonthForm()
    if not form.validate():
        return _prepared(form, 422)
    try:
        run = services.fix(current_user._get_current_object(), form.month.month)
    except services.PaymentError:
        return _prepared(form, 422)
    flash(_("Daftar tali asih %(month)s ditetapkan.", month=months.label(run.month)), "success")
    return redirect(url_for("payments.run", run_id=run.id), code=303)


@bp.route("/<int:run_id>")
@payments_required
def run(run_id: int):
    """A fixed list: who is paid and how much, and who was left out and why."""
    run = get_or_404(PaymentRun, run_id, can=can_see_run)
    return _render_run(run, CorrectionForm())


def _render_run(run, correction_form, code=200):
    apart = request.args.get("bagian") == "terpisah"
    lines = paginate(services.lines_stmt(run, paid=not apart), page_number(), PER_PAGE)
    newer = None
    if not run.is_current:
        newer = services.current_run(run.month)
    return (
        render_template(
            "payments/run.html",
            run=run,
            lines=lines,
            apart=apart,
            newer=newer,
            correction_form=correction_form,
            export_form=EmptyForm(),
        ),
        code,
    )


@bp.route("/<int:run_id>/koreksi", methods=["POST"])
@payments_required
def correct(run_id: int):
    """A correction: the month's list fixed again from the reports as they are now."""
    run = get_or_404(PaymentRun, run_id, can=can_see_run)
    form = CorrectionForm()
    if not run.is_current:
        form.reason.errors = [_("Daftar ini sudah dikoreksi; koreksi daftar yang terbaru.")]
        return _render_run(run, form, 422)
    if not form.validate():
        return _render_run(run, form, 422)
    new = services.fix(current_user._get_current_object(), run.month, reason=form.reason.data)
    flash(
        _("Koreksi daftar tali asih %(month)s ditetapkan.", month=months.label(new.month)),
        "success",
    )
    return redirect(url_for("payments.run", run_id=new.id), code=303)


@bp.route("/<int:run_id>/cetak")
@payments_required
def print_run(run_id: int):
    """The list on A4, with the letterhead and a column for each recipient's signature."""
    run = get_or_404(PaymentRun, run_id, can=can_see_run)
    paid = list(db.session.scalars(services.lines_stmt(run, paid=True)))
    apart = list(db.session.scalars(services.lines_stmt(run, paid=False)))
    return render_template("payments/print.html", run=run, paid=paid, apart=apart)


@bp.route("/<int:run_id>/unduh", methods=["POST"])
@payments_required
def export_run(run_id: int):
    """The list as XLSX for the treasurer; the download is audited."""
    run = get_or_404(PaymentRun, run_id, can=can_see_run)
    audit.record_export("payment.exported", actor=current_user, fmt="xlsx", obj=run)
    name = f"tali-asih-{months.to_param(run.month)}-{run.number}.xlsx"
    return exports.xlsx_response(name, sheets.run_sheets(run))


@bp.route("/tarif", methods=["GET", "POST"])
@payments_required
def rates():
    """The rates per organisation kind with their months; add one."""
    kinds = list(db.session.scalars(select(OrganisationKind).order_by(OrganisationKind.name)))
    form = RateForm()
    form.fill_choices(kinds)
    code = 200
    if form.validate_on_submit():
        try:
            services.add_rate(
                current_user._get_current_object(),
                form.kinds[form.kind.data],
                form.amount.data,
                form.valid_from.month,
                form.valid_until.month,
            )
        except services.PaymentError as problem:
            form.valid_from.errors = [str(problem)]
        else:
            flash(_("Tarif tali asih disimpan."), "success")
            return redirect(url_for("payments.rates"), code=303)
    if form.errors:
        code = 422
    listed = paginate(
        select(PaymentRate)
        .options(joinedload(PaymentRate.kind))
        .join(OrganisationKind)
        .order_by(OrganisationKind.name, PaymentRate.valid_from),
        page_number(),
        PER_PAGE,
    )
    return render_template("payments/rates.html", form=form, rates=listed), code
