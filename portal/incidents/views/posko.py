"""The posko: shifts (piket), taking and assigning them, check-in and check-out by code."""

import io

import segno
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ... import codes
from ...i18n import now_utc, time_wib
from ...models import Shift
from ...security import coordinator_required, member_required
from ...security.incidents import (
    can_manage_incident,
    incident_to_manage_or_404,
    incident_to_see_or_404,
    own_assignment_or_404,
    shift_of_incident_or_404,
)
from .. import bp, services, shifts
from ..forms import AssignForm, CodeForm, ShiftForm
from .pages import PAGE_OPTIONS

# Joining a shift checks who is on it already.
WITH_PEOPLE = (selectinload(Shift.assignments),)


def _posko_page(
    incident, status=200, *, shift_form=None, code_form=None, error=None, error_shift=None
):
    manager = can_manage_incident(current_user, incident)
    assign_form = None
    if manager:
        assign_form = AssignForm(formdata=None)
        assign_form.fill_choices(incident.organisation_id)
    return render_template(
        "incidents/posko.html",
        incident=incident,
        shifts=shifts.shifts_of(incident),
        mine=shifts.my_assignments(current_user, incident),
        manager=manager,
        code=services.display_code(services.posko_code(incident)) if manager else None,
        shift_form=shift_form or ShiftForm(formdata=None),
        assign_form=assign_form,
        code_form=code_form or CodeForm(formdata=None),
        typed_code=codes.normalise_code(request.args.get("kode")),
        error=error,
        error_shift=error_shift,
        now=now_utc(),
    ), status


def _back(incident):
    return redirect(url_for("incidents.posko", incident_id=incident.id), code=303)


@bp.route("/<int:incident_id>/piket")
@member_required
def posko(incident_id: int):
    """The shifts at the posko: who is on which, and one's own check-in and check-out."""
    incident, _callout = incident_to_see_or_404(incident_id, *PAGE_OPTIONS)
    return _posko_page(incident)


def _posko_url(incident) -> str:
    code = services.posko_code(incident)
    return url_for("incidents.posko", incident_id=incident.id, kode=code, _external=True)


@bp.route("/<int:incident_id>/kode.svg")
@coordinator_required
def code_svg(incident_id: int):
    """A QR code of the posko page with the code filled in, to print and stick up."""
    incident = incident_to_manage_or_404(incident_id)
    buffer = io.BytesIO()
    segno.make(_posko_url(incident), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=_("Kode QR posko")
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/<int:incident_id>/piket", methods=["POST"])
@coordinator_required
def add_shift(incident_id: int):
    """A new shift with the number of people it needs."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    form = ShiftForm()
    if form.validate_on_submit():
        try:
            shifts.add_shift(
                current_user,
                incident,
                form.starts_at.data,
                form.ends_at.data,
                form.people_needed.data,
            )
        except services.IncidentError as exc:
            getattr(form, exc.field or "starts_at").errors.append(str(exc))
        else:
            flash(_("Piket ditambahkan."), "success")
            return _back(incident)
    return _posko_page(incident, 422, shift_form=form)


@bp.route("/<int:incident_id>/piket/<int:shift_id>/ambil", methods=["POST"])
@member_required
def take_shift(incident_id: int, shift_id: int):
    """Take a place on a shift."""
    incident, _callout = incident_to_see_or_404(incident_id, *PAGE_OPTIONS)
    shift = shift_of_incident_or_404(incident, shift_id, *WITH_PEOPLE)
    try:
        shifts.join_shift(current_user, incident, shift)
    except services.IncidentError as exc:
        return _posko_page(incident, 422, error=str(exc), error_shift=shift.id)
    flash(_("Anda terdaftar di piket ini."), "success")
    return _back(incident)


@bp.route("/<int:incident_id>/piket/<int:shift_id>/tugaskan", methods=["POST"])
@coordinator_required
def assign_shift(incident_id: int, shift_id: int):
    """The coordinator puts a member on a shift."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    shift = shift_of_incident_or_404(incident, shift_id, *WITH_PEOPLE)
    form = AssignForm()
    form.fill_choices(incident.organisation_id)
    if not form.validate_on_submit():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _posko_page(incident, 422, error=error, error_shift=shift.id)
    person = form.chosen()
    try:
        shifts.join_shift(person, incident, shift, actor=current_user)
    except services.IncidentError as exc:
        return _posko_page(incident, 422, error=str(exc), error_shift=shift.id)
    flash(_("%(name)s ditugaskan piket.", name=person.full_name), "success")
    return _back(incident)


@bp.route("/<int:incident_id>/piket/<int:shift_id>/masuk", methods=["POST"])
@member_required
def check_in(incident_id: int, shift_id: int):
    """Check in at the posko with the code shown there."""

    def act(incident, assignment, code):
        shifts.check_in(current_user, incident, assignment, code)
        when = time_wib(assignment.checked_in_at)
        return _("Masuk piket tercatat pukul %(time)s.", time=when), "success"

    return _with_posko_code(incident_id, shift_id, act)


@bp.route("/<int:incident_id>/piket/<int:shift_id>/keluar", methods=["POST"])
@member_required
def check_out(incident_id: int, shift_id: int):
    """Check out with the posko code; the shift becomes one activity of the month."""

    def act(incident, assignment, code):
        not_counted = shifts.check_out(current_user, incident, assignment, code)
        if not_counted:
            return _(
                "Keluar piket tercatat, tetapi belum masuk kegiatan bulanan: %(why)s",
                why=not_counted,
            ), "warning"
        return _("Keluar piket tercatat. Piket ini masuk kegiatan bulan Anda."), "success"

    return _with_posko_code(incident_id, shift_id, act)


def _with_posko_code(incident_id: int, shift_id: int, act):
    """Load the person's place on the shift, read the code, act; errors re-render (422)."""
    incident, _callout = incident_to_see_or_404(incident_id, *PAGE_OPTIONS)
    assignment = own_assignment_or_404(shift_of_incident_or_404(incident, shift_id))
    form = CodeForm()
    try:
        if not form.validate_on_submit():
            raise services.IncidentError(" ".join(form.code.errors))
        message, category = act(incident, assignment, form.code.data)
    except services.IncidentError as exc:
        return _posko_page(incident, 422, code_form=form, error=str(exc), error_shift=shift_id)
    flash(message, category)
    return _back(incident)
