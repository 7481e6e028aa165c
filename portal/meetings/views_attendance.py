"""At the venue: the QR code, check-in, attendance by hand, live counts, the daftar hadir."""

import io

import segno
from flask import Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit, exports
from ..extensions import db
from ..forms import EmptyForm
from ..htmx import is_fragment_request, render_page_or_fragment
from ..i18n import now_utc, time_wib
from ..models import Meeting
from ..models.meetings import ATTENDANCE, BY_CODE, BY_QR
from ..security import coordinator_required, member_required
from ..security.meetings import (
    can_manage_meeting,
    invitation_of,
    invitation_of_meeting_or_404,
    meeting_to_manage_or_404,
)
from ..urls import safe_next
from . import attendance, bp
from .forms import AttendanceForm, CheckinForm, all_errors
from .labels import attendance_label, rsvp_label
from .services import MeetingError


def _checkin_url(meeting: Meeting) -> str:
    return url_for(
        "meetings.checkin",
        meeting_id=meeting.id,
        token=attendance.current_code(meeting),
        _external=True,
    )


@bp.route("/<int:meeting_id>/kode")
@coordinator_required
def code(meeting_id: int):
    """The organiser's screen: the QR code to show or print, the typed code, the count."""
    meeting = meeting_to_manage_or_404(meeting_id)
    return render_template(
        "meetings/code.html",
        meeting=meeting,
        code=attendance.display_code(attendance.current_code(meeting)),
        checkin_url=_checkin_url(meeting),
        opens_at=attendance.checkin_opens_at(meeting),
        counts=attendance.counts(meeting.id),
        now=now_utc(),
        form=EmptyForm(),
    )


@bp.route("/<int:meeting_id>/kode.svg")
@coordinator_required
def code_svg(meeting_id: int):
    """The QR code as an SVG file (no inline style or script, so the CSP holds)."""
    meeting = meeting_to_manage_or_404(meeting_id)
    buffer = io.BytesIO()
    segno.make(_checkin_url(meeting), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=_("Kode QR kehadiran")
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/<int:meeting_id>/kode", methods=["POST"])
@coordinator_required
def rotate_code(meeting_id: int):
    """A new code: the old one (shared or photographed) stops working at once."""
    meeting = meeting_to_manage_or_404(meeting_id)
    if EmptyForm().validate_on_submit():
        attendance.rotate_code(current_user, meeting)
        flash(_("Kode kehadiran diganti. Kode lama tidak berlaku lagi."), "success")
    return redirect(url_for("meetings.code", meeting_id=meeting.id), code=303)


@bp.route("/<int:meeting_id>/hadir", methods=["GET", "POST"])
@member_required
def checkin(meeting_id: int):
    """Where the QR code leads: confirm 'I am here' (after logging in if needed)."""
    meeting = db.session.get(Meeting, meeting_id) or abort(404)
    invitation = invitation_of(current_user, meeting.id)
    insider = invitation is not None or can_manage_meeting(current_user, meeting)
    form = CheckinForm(request.form if request.method == "POST" else request.args)
    if request.method == "GET":
        form.via.data = BY_QR if request.args.get("token") else BY_CODE
    typed = form.token.data
    error, status = None, 200
    if request.method == "POST" and form.validate_on_submit():
        method = BY_QR if form.via.data == BY_QR else BY_CODE
        try:
            invitation, newly = attendance.check_in(
                meeting, invitation, current_user, typed, method
            )
        except attendance.NotInvited as exc:
            error, status = str(exc), 403
        except MeetingError as exc:
            error, status = str(exc), 422
        else:
            when = time_wib(invitation.checked_in_at)
            if newly:
                flash(
                    _("Terima kasih, kehadiran Anda tercatat pukul %(time)s.", time=when), "success"
                )
            else:
                flash(_("Anda sudah tercatat hadir pukul %(time)s.", time=when), "info")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)
    elif request.method == "POST":
        error, status = all_errors(form), 422
    elif typed:
        try:
            attendance.verify_code(meeting, current_user, typed, now_utc())
            if invitation is None:
                error, status = _("Anda tidak ada dalam daftar undangan rapat ini."), 403
        except MeetingError as exc:
            error, status = str(exc), 422
    if not insider and status != 403:
        abort(404)  # without a valid code, another organisation's meeting does not exist
    return render_template(
        "meetings/checkin.html",
        meeting=meeting,
        invitation=invitation,
        form=form,
        error=error,
        now=now_utc(),
    ), status


@bp.route("/<int:meeting_id>/kehadiran")
@coordinator_required
def attendees(meeting_id: int):
    """Mark attendance by hand: hadir, izin, sakit, tidak hadir; searchable, paged."""
    meeting = meeting_to_manage_or_404(meeting_id)
    return _attendees_page(meeting)


def _attendees_page(meeting, error=None, status=200):
    query = (request.args.get("q") or "").strip()[:80]
    shown = (
        request.args.get("status") if request.args.get("status") in (*ATTENDANCE, "belum") else None
    )
    page = attendance.attendees_page(meeting, query, shown, request.args.get("page", 1, type=int))
    return render_template(
        "meetings/attendees.html",
        meeting=meeting,
        page=page,
        q=query,
        shown=shown,
        counts=attendance.counts(meeting.id),
        form=AttendanceForm(formdata=None),
        error=error,
        now=now_utc(),
    ), status


@bp.route("/<int:meeting_id>/kehadiran/<int:invitation_id>", methods=["POST"])
@coordinator_required
def mark(meeting_id: int, invitation_id: int):
    """Record one invitee's attendance; htmx swaps the row and updates the count."""
    meeting = meeting_to_manage_or_404(meeting_id)
    invitation = invitation_of_meeting_or_404(meeting, invitation_id)
    form = AttendanceForm()
    error = None
    if form.validate_on_submit():
        try:
            attendance.mark(current_user, meeting, invitation, form.status.data)
        except MeetingError as exc:
            error = str(exc)
    else:
        error = all_errors(form)
    if is_fragment_request():
        html = render_template(
            "meetings/_attendee_row.html",
            meeting=meeting,
            inv=invitation,
            row_error=error,
            back=request.form.get("next"),
            counts=attendance.counts(meeting.id),
            oob=True,
            now=now_utc(),
        )
        return make_response((html, 422 if error else 200))
    if error:
        return _attendees_page(meeting, error, 422)
    back = safe_next(request.form.get("next"), url_for("meetings.attendees", meeting_id=meeting.id))
    return redirect(back, code=303)


@bp.route("/<int:meeting_id>/hitungan")
@coordinator_required
def live_counts(meeting_id: int):
    """The answers and attendance counts; polled by htmx on the organiser's pages."""
    meeting = meeting_to_manage_or_404(meeting_id)
    return render_page_or_fragment(
        "meetings/counts.html",
        "meetings/_counts.html",
        meeting=meeting,
        counts=attendance.counts(meeting.id),
        now=now_utc(),
    )


@bp.route("/<int:meeting_id>/daftar-hadir")
@coordinator_required
def attendance_sheet(meeting_id: int):
    """The daftar hadir, printable on A4, with an empty signature column."""
    meeting = meeting_to_manage_or_404(meeting_id)
    return render_template(
        "meetings/sheet.html", meeting=meeting, rows=attendance.attendance_list(meeting)
    )


SHEET_HEADERS = (
    _l("No"),
    _l("Nama"),
    _l("Organisasi"),
    _l("Desa"),
    _l("Jawaban undangan"),
    _l("Kehadiran"),
    _l("Jam hadir (WIB)"),
    _l("Tanda tangan"),
)


def _sheet_rows(meeting):
    for number, inv in enumerate(attendance.attendance_list(meeting), start=1):
        yield (
            number,
            inv.user.full_name,
            inv.organisation.name if inv.organisation else "",
            inv.user.home_desa.label if inv.user.home_desa else "",
            rsvp_label(inv.rsvp),
            attendance_label(inv.attendance) if inv.attendance else "",
            time_wib(inv.checked_in_at).removesuffix(" WIB") if inv.checked_in_at else "",
            "",
        )


@bp.route("/<int:meeting_id>/daftar-hadir.<any(csv, xlsx):fmt>")
@coordinator_required
def attendance_export(meeting_id: int, fmt: str):
    """The daftar hadir as CSV or XLSX (formulas defused); the export is audited."""
    meeting = meeting_to_manage_or_404(meeting_id)
    audit.record(
        "meeting.attendance_exported", actor=current_user, obj=meeting, detail={"format": fmt}
    )
    db.session.commit()
    filename = f"daftar-hadir-rapat-{meeting.id}.{fmt}"
    headers = [str(h) for h in SHEET_HEADERS]
    if fmt == "csv":
        return exports.csv_response(filename, headers, _sheet_rows(meeting))
    return exports.xlsx_response(filename, [(_("Daftar hadir"), headers, _sheet_rows(meeting))])
