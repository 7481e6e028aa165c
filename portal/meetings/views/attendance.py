"""At the venue: the QR code, check-in, attendance by hand, live counts, the daftar hadir."""

import io

import segno
from flask import Response, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ... import audit, exports
from ...forms import EmptyForm
from ...htmx import is_fragment_request, render_page_or_fragment
from ...i18n import letter_date, now_utc, time_wib, to_wib
from ...models import Area, Invitation, Meeting
from ...models.meetings import ATTENDANCE, BY_CODE, BY_QR
from ...paging import page_number
from ...security import coordinator_required, get_or_404, member_required
from ...security.meetings import (
    can_manage_meeting,
    checkin_or_404,
    invitation_of,
    invitation_of_meeting_or_404,
)
from ...urls import external, safe_next
from .. import attendance, bp
from ..forms import AttendanceForm, CheckinForm, all_errors
from ..labels import attendance_label, rsvp_label
from ..services import MeetingError


def _checkin_url(meeting: Meeting) -> str:
    return external(
        "meetings.checkin", meeting_id=meeting.id, token=attendance.current_code(meeting)
    )


@bp.route("/<int:meeting_id>/kode")
@coordinator_required
def code(meeting_id: int):
    """The organiser's screen: the QR code to show or print, the typed code, the count."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
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
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    buffer = io.BytesIO()
    segno.make(_checkin_url(meeting), error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, title=_("Kode QR kehadiran")
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/<int:meeting_id>/kode", methods=["POST"])
@coordinator_required
def rotate_code(meeting_id: int):
    """A new code: the old one (shared or photographed) stops working at once."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    attendance.rotate_code(current_user, meeting)
    flash(_("Kode kehadiran diganti. Kode lama tidak berlaku lagi."), "success")
    return redirect(url_for("meetings.code", meeting_id=meeting.id), code=303)


@bp.route("/<int:meeting_id>/hadir", methods=["GET", "POST"])
@member_required
def checkin(meeting_id: int):
    """Where the QR code leads: confirm 'I am here' (after logging in if needed)."""
    meeting = get_or_404(Meeting, meeting_id)
    invitation = invitation_of(current_user, meeting.id)
    form = CheckinForm(request.form if request.method == "POST" else request.args)
    if request.method == "POST":
        if not form.validate_on_submit():
            error, status = all_errors(form), 422
        else:
            invitation, error, status = _check_in(meeting, invitation, form)
            if error is None:
                return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)
    else:
        form.via.data = BY_QR if request.args.get("token") else BY_CODE
        error, status = _preview_code(meeting, invitation, form.token.data)
    checkin_or_404(meeting, invitation, valid_code=status == 403)  # 403: valid, not invited
    return render_template(
        "meetings/checkin.html",
        meeting=meeting,
        invitation=invitation,
        form=form,
        error=error,
        now=now_utc(),
    ), status


def _check_in(meeting, invitation, form):
    """Record the attendance; (invitation, None, 303) or (invitation, error, status)."""
    method = BY_QR if form.via.data == BY_QR else BY_CODE
    try:
        invitation, newly = attendance.check_in(
            meeting, invitation, current_user, form.token.data, method
        )
    except attendance.NotInvited as exc:
        return invitation, str(exc), 403
    except MeetingError as exc:
        return invitation, str(exc), 422
    when = time_wib(invitation.checked_in_at)
    if newly:
        flash(_("Terima kasih, kehadiran Anda tercatat pukul %(time)s.", time=when), "success")
    else:
        flash(_("Anda sudah tercatat hadir pukul %(time)s.", time=when), "info")
    return invitation, None, 303


def _preview_code(meeting, invitation, typed):
    """A code in the link (the QR code) is checked before the person confirms."""
    if not typed:
        return None, 200
    try:
        attendance.verify_code(meeting, current_user, typed, now_utc())
    except MeetingError as exc:
        return str(exc), 422
    if invitation is None:
        return _("Anda tidak ada dalam daftar undangan rapat ini."), 403
    return None, 200


@bp.route("/<int:meeting_id>/kehadiran")
@coordinator_required
def attendees(meeting_id: int):
    """Mark attendance by hand: hadir, izin, sakit, tidak hadir; searchable, paged."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    return _attendees_page(meeting)


def _attendees_page(meeting, error=None, status=200):
    query = (request.args.get("q") or "").strip()[:80]
    shown = (
        request.args.get("status") if request.args.get("status") in (*ATTENDANCE, "belum") else None
    )
    page = attendance.attendees_page(meeting, query, shown, page_number())
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
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    invitation = invitation_of_meeting_or_404(
        meeting, invitation_id, joinedload(Invitation.user), joinedload(Invitation.organisation)
    )
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
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
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
    meeting = get_or_404(
        Meeting,
        meeting_id,
        can=can_manage_meeting,
        options=(
            joinedload(Meeting.area).joinedload(Area.parent),
            joinedload(Meeting.organisation),
        ),
    )
    return render_template(
        "meetings/sheet.html",
        meeting=meeting,
        rows=attendance.attendance_list(meeting),
        counts=attendance.counts(meeting.id),
        meeting_day=to_wib(meeting.starts_at).date(),
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


def _sheet_rows(meeting, *, checked_in=None):
    """The daftar hadir's rows; checked_in turns the check-in time into the cell's value
    (the CSV's "09.30" text by default)."""
    for number, inv in enumerate(attendance.attendance_list(meeting), start=1):
        yield (
            number,
            inv.user.full_name,
            inv.organisation.name if inv.organisation else "",
            inv.user.home_desa.label if inv.user.home_desa else "",
            rsvp_label(inv.rsvp),
            attendance_label(inv.attendance) if inv.attendance else "",
            (checked_in or _time_text)(inv.checked_in_at) if inv.checked_in_at else "",
            "",
        )


def _time_text(moment) -> str:
    return time_wib(moment).removesuffix(" WIB")


def _xlsx_sheet(meeting) -> exports.Sheet:
    """The daftar hadir as a sheet: the check-in time a real time (hh.mm), the signature
    column wide enough to sign in when printed."""
    columns = [exports.Column(str(h)) for h in SHEET_HEADERS]
    columns[6] = exports.Column(str(SHEET_HEADERS[6]), exports.TIME)
    rows = _sheet_rows(meeting, checked_in=lambda at: to_wib(at).replace(tzinfo=None))
    title = _(
        "Daftar hadir %(title)s, %(date)s",
        title=meeting.title,
        date=letter_date(meeting.starts_at),
    )
    return exports.Sheet(_("Daftar hadir"), columns, rows, title=title, widths={7: 28})


@bp.route("/<int:meeting_id>/daftar-hadir.<any(csv, xlsx):fmt>", methods=["POST"])
@coordinator_required
def attendance_export(meeting_id: int, fmt: str):
    """The daftar hadir as CSV or XLSX (formulas defused); the export is audited."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    audit.record_export("meeting.attendance_exported", actor=current_user, obj=meeting, fmt=fmt)
    filename = f"daftar-hadir-rapat-{meeting.id}.{fmt}"
    headers = [str(h) for h in SHEET_HEADERS]
    if fmt == "csv":
        return exports.csv_response(filename, headers, _sheet_rows(meeting))
    return exports.xlsx_response(filename, [_xlsx_sheet(meeting)])
