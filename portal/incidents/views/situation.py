"""Situation reports (laporan situasi) with photos, the printable summary and the XLSX."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import audit, exports, storage
from ...activities import photo_store
from ...i18n import today_wib
from ...security import coordinator_required, member_required
from ...security.incidents import (
    incident_to_manage_or_404,
    incident_to_see_or_404,
    photo_of_incident_or_404,
)
from .. import bp, reports, services, summary
from ..forms import ReportForm
from .pages import PAGE_OPTIONS


@bp.route("/<int:incident_id>/laporan", methods=["GET", "POST"])
@coordinator_required
def report(incident_id: int):
    """A situation report from the phone: counts, needs, photos; never names."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    form = ReportForm()
    error = None
    if form.validate_on_submit():
        uploads = form.uploads()
        processed, problems = ([], []) if not uploads else photo_store.process_uploads(uploads)
        if len(uploads) > reports.MAX_PHOTOS:
            problems.append(_("Paling banyak %(max)d foto per laporan.", max=reports.MAX_PHOTOS))
        if problems:
            form.photos.errors = list(form.photos.errors or []) + problems
        else:
            data = reports.ReportInput(
                counts=form.counts(),
                needs={name: getattr(form, name).data for name in reports.NEED_LABELS},
                note=form.note.data or "",
            )
            try:
                reports.add_report(current_user, incident, data, processed)
            except services.IncidentError as exc:
                error = str(exc)
            else:
                flash(_("Laporan situasi tersimpan."), "success")
                return redirect(url_for("incidents.detail", incident_id=incident.id), code=303)
    elif not incident.is_open:
        error = _("Kejadian ini sudah ditutup; laporan situasi tidak dapat ditambah.")
    status = 422 if (form.errors or error) and form.is_submitted() else 200
    return render_template(
        "incidents/report.html", incident=incident, form=form, error=error
    ), status


@bp.route("/<int:incident_id>/foto/<int:photo_id>")
@member_required
def photo(incident_id: int, photo_id: int):
    """A site photo, for those who may see the incident."""
    incident, _callout = incident_to_see_or_404(incident_id)
    item = photo_of_incident_or_404(incident, photo_id)
    return _send(item, item.path, "")


@bp.route("/<int:incident_id>/foto/<int:photo_id>/kecil")
@member_required
def thumbnail(incident_id: int, photo_id: int):
    incident, _callout = incident_to_see_or_404(incident_id)
    item = photo_of_incident_or_404(incident, photo_id)
    return _send(item, item.thumb_path, "-kecil")


def _send(item, path, suffix):
    # Inline is safe: the file is a JPEG that Pillow wrote, not the uploaded bytes.
    return storage.send_stored(
        path,
        mimetype="image/jpeg",
        as_attachment=False,
        download_name=f"foto-musibah-{item.id}{suffix}.jpg",
    )


@bp.route("/<int:incident_id>/ringkasan")
@coordinator_required
def summary_print(incident_id: int):
    """The printable summary: the incident, every report's figures, who served."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    people = summary.participants(incident)
    return render_template(
        "incidents/summary.html",
        incident=incident,
        timeline=reports.timeline(incident, limit=200),
        people=people,
        totals=summary.totals(people),
        labels=reports.COUNT_LABELS,
        today=today_wib(),
    )


@bp.route("/<int:incident_id>/ringkasan.xlsx", methods=["POST"])
@coordinator_required
def summary_export(incident_id: int):
    """The reports and the participants as XLSX for the office; the export is audited."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    audit.record_export("incident.exported", actor=current_user, obj=incident, fmt="xlsx")
    whom = f"{incident.kind.name}, {incident.desa.name}"
    return exports.xlsx_response(
        f"musibah-{incident.id}.xlsx",
        [
            exports.Sheet(
                _("Laporan situasi"),
                [str(h) for h in summary.REPORT_HEADERS],
                summary.report_rows(incident),
                title=_("Laporan situasi · %(incident)s", incident=whom),
            ),
            exports.Sheet(
                _("Relawan"),
                [str(h) for h in summary.PEOPLE_HEADERS],
                summary.people_rows(incident),
                title=_("Relawan · %(incident)s", incident=whom),
            ),
        ],
    )
