"""The incident: the list, opening one, its page, public or not, closing, the final report."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ...forms import EmptyForm
from ...i18n import now_utc, today_wib
from ...models import Area, Incident
from ...paging import page_number, paginate
from ...security import coordinator_required, member_required
from ...security.incidents import (
    incident_opener_required,
    incident_to_manage_or_404,
    incident_to_see_or_404,
    visible_incidents,
)
from .. import bp, callouts, reports, services, shifts, summary
from ..forms import AnswerForm, CloseForm, IncidentForm

PAGE_OPTIONS = (
    joinedload(Incident.kind),
    joinedload(Incident.desa).joinedload(Area.parent),
    joinedload(Incident.organisation),
)


@bp.route("/")
@member_required
def index():
    """The incidents this person may see, newest first."""
    stmt = (
        select(Incident)
        .where(visible_incidents(current_user))
        .options(*PAGE_OPTIONS)
        .order_by(Incident.began_at.desc(), Incident.id.desc())
    )
    return render_template("incidents/index.html", page=paginate(stmt, page_number(), 20))


@bp.route("/baru", methods=["GET", "POST"])
@incident_opener_required
def new():
    """Open an incident: kind, desa, since when, what happened, where the posko is."""
    form = IncidentForm()
    form.fill_choices(current_user)
    if form.validate_on_submit():
        data = services.IncidentInput(
            **form.chosen(),
            began_at=form.began_at.data,
            description=form.description.data,
            posko=form.posko.data,
            is_public=form.is_public.data,
        )
        try:
            incident = services.open_incident(current_user, data)
        except services.IncidentError as exc:
            getattr(form, exc.field or "description").errors.append(str(exc))
        else:
            flash(_("Kejadian dicatat. Sekarang panggil anggota."), "success")
            return redirect(url_for("incidents.callout", incident_id=incident.id), code=303)
    elif request.method == "GET":
        form.began_at.data = now_utc().replace(second=0, microsecond=0)
    status = 422 if form.errors else 200
    return render_template("incidents/form.html", form=form), status


def render_detail(incident, callout, status=200, answer_form=None, answer_error=None):
    latest = reports.timeline(incident, limit=20)
    return render_template(
        "incidents/detail.html",
        incident=incident,
        callout=callout,
        timeline=latest,
        latest=latest[0] if latest else None,
        counts=callouts.counts(incident.id),
        shift_count=shifts.shift_count(incident),
        answer_form=answer_form or AnswerForm(formdata=None),
        answer_error=answer_error,
        labels=reports.COUNT_LABELS,
        form=EmptyForm(),
    ), status


@bp.route("/<int:incident_id>")
@member_required
def detail(incident_id: int):
    """The incident page: what, where, the latest figures, the timeline of reports."""
    incident, callout = incident_to_see_or_404(incident_id, *PAGE_OPTIONS)
    return render_detail(incident, callout)


@bp.route("/<int:incident_id>/publik", methods=["POST"])
@coordinator_required
def visibility(incident_id: int):
    """Show the incident to every member, or only to those called out."""
    incident = incident_to_manage_or_404(incident_id)
    public = request.form.get("public") == "1"
    services.set_public(current_user, incident, public)
    flash(
        _("Kejadian kini terlihat oleh semua anggota.")
        if public
        else _("Kejadian kini hanya terlihat oleh yang dipanggil."),
        "success",
    )
    return redirect(url_for("incidents.detail", incident_id=incident.id), code=303)


@bp.route("/<int:incident_id>/tutup", methods=["GET", "POST"])
@coordinator_required
def close(incident_id: int):
    """Close the incident: open shifts end, the participants are recorded, the final report."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    form = CloseForm()
    error = None
    if form.validate_on_submit():
        try:
            services.close_incident(current_user, incident, form.note.data)
        except services.IncidentError as exc:
            error = str(exc)
        else:
            flash(_("Kejadian ditutup. Laporan akhir siap dicetak."), "success")
            return redirect(url_for("incidents.final_report", incident_id=incident.id), code=303)
    status = 422 if (form.errors or error) else 200
    return render_template(
        "incidents/close.html", incident=incident, form=form, error=error
    ), status


@bp.route("/<int:incident_id>/laporan-akhir")
@coordinator_required
def final_report(incident_id: int):
    """The laporan akhir on A4: the incident, the last figures, who took part, how long."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    people = summary.participants(incident)
    timeline = reports.timeline(incident, limit=100)
    return render_template(
        "incidents/final.html",
        incident=incident,
        people=people,
        totals=summary.totals(people),
        timeline=timeline,
        latest=timeline[0] if timeline else None,
        labels=reports.COUNT_LABELS,
        today=today_wib(),
    )
