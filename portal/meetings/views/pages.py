"""Meetings: the list, one meeting's page, scheduling, changing, cancelling, answering."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ... import offline
from ...htmx import is_fragment_request, render_page_or_fragment
from ...i18n import now_utc, today_wib
from ...models import Area, Meeting
from ...paging import page_number
from ...security import (
    coordinator_required,
    found_or_404,
    get_or_404,
    managed_organisation_ids,
    member_required,
)
from ...security.meetings import (
    as_seen_by,
    can_count_as_activity,
    can_invite_organisations,
    can_manage_meeting,
    meeting_to_see_or_404,
)
from ...urls import external, safe_next
from .. import attendance, bp, calendar, counting, minutes, queries, services
from ..forms import (
    CancelForm,
    CheckinForm,
    ClashCheckForm,
    MeetingForm,
    RsvpForm,
    all_errors,
)
from ..labels import rsvp_label

MEETING_PAGE = (
    joinedload(Meeting.area).joinedload(Area.parent),
    joinedload(Meeting.organisation),
    selectinload(Meeting.organisations),
    joinedload(Meeting.minutes),
)
# The form filled from the meeting reads its area and organiser.
MEETING_FORM = (
    joinedload(Meeting.area),
    joinedload(Meeting.organisation),
    selectinload(Meeting.organisations),
)


@bp.route("/")
@member_required
def index():
    """My meetings: upcoming (default) or past; organisers also see the ones they manage."""
    tab = "selesai" if request.args.get("tab") == "selesai" else "akan-datang"
    page, invitations = queries.meetings_page(current_user, tab, page_number(), now_utc())
    if tab == "akan-datang":
        offline.keep_page()  # upcoming meetings: on the phone for the way to the venue
    return render_template(
        "meetings/index.html",
        page=page,
        invitations=invitations,
        tab=tab,
        now=now_utc(),
        rsvp_form=RsvpForm(formdata=None),
    )


@bp.route("/<int:meeting_id>")
@member_required
def detail(meeting_id: int):
    """One meeting: what, when, where; my answer and check-in; minutes and action items."""
    meeting, invitation = meeting_to_see_or_404(meeting_id, *MEETING_PAGE)
    return render_detail(meeting, invitation)


def render_detail(
    meeting, invitation, status=200, rsvp_form=None, rsvp_error=None, checkin_form=None
):
    """The meeting page; also re-rendered with 422 when an answer or a code is refused."""
    manager = can_manage_meeting(current_user, meeting)
    published = meeting.minutes is not None and meeting.minutes.published_at is not None
    url = external("meetings.detail", meeting_id=meeting.id)
    now = now_utc()
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        invitation=invitation,
        manager=manager,
        counts=attendance.counts(meeting.id) if manager else None,
        items=minutes.meeting_items(meeting) if (manager or published) else [],
        published=published,
        rsvp_form=rsvp_form or RsvpForm(formdata=None),
        rsvp_error=rsvp_error,
        checkin_form=checkin_form or CheckinForm(formdata=None),
        checkin_open=attendance.checkin_is_open(meeting, now),
        whatsapp=calendar.whatsapp_link(meeting, url),
        counted_activity_id=(
            counting.counted_activity_id(current_user, meeting.id)
            if can_count_as_activity(current_user, invitation)
            else None
        ),
        now=now,
        today=today_wib(),
    ), status


@bp.route("/baru", methods=["GET", "POST"])
@coordinator_required
def new():
    """Schedule a meeting; clashes are shown as a warning before saving."""
    form = MeetingForm()
    form.fill_choices(current_user)
    if request.method == "GET":
        own = [value for value, _label in form.organisation.choices if value]
        if own and not form.organisations.data and len(form.organisation.choices) == len(own):
            form.organisation.data = own[0]
            form.organisations.data = own[:1]
    return _save(form, None)


@bp.route("/<int:meeting_id>/ubah", methods=["GET", "POST"])
@coordinator_required
def edit(meeting_id: int):
    """Change time, place or invitees; invitees are told and calendars update."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting, options=MEETING_FORM)
    current_ids = [o.id for o in meeting.organisations]
    form = MeetingForm(obj=meeting if request.method == "GET" else None)
    form.fill_choices(current_user, current_ids)
    if request.method == "GET":
        form.area.data = str(meeting.area_id)
        form.organisation.data = str(meeting.organisation_id or "")
        form.organisations.data = [str(i) for i in current_ids]
        form.change_note.data = ""
    return _save(form, meeting)


def _save(form: MeetingForm, meeting):
    clash_list = []
    if form.validate_on_submit():
        plan = form.plan()
        added = set(plan.invited_ids) - {o.id for o in (meeting.organisations if meeting else [])}
        found_or_404(added, can_invite_organisations)  # another's organisations: not found
        clash_list = as_seen_by(
            current_user,
            services.clashes(
                plan.starts_at, plan.ends_at, plan.venue, plan.invited_ids, meeting and meeting.id
            ),
        )
        fingerprint = ",".join(str(c.meeting.id) for c in clash_list)
        if not clash_list or form.clash_ok.data == fingerprint:
            try:
                if meeting is None:
                    meeting = services.schedule(current_user, plan)
                    flash(_("Rapat dijadwalkan dan undangan terkirim."), "success")
                else:
                    services.change(current_user, meeting, plan)
                    flash(_("Perubahan rapat disimpan."), "success")
                return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)
            except services.MeetingError as exc:
                getattr(form, exc.field or "title").errors.append(str(exc))
                clash_list = []
        else:
            form.clash_ok.data = fingerprint
    status = 422 if form.errors else 200
    return render_template(
        "meetings/form.html", form=form, meeting=meeting, clashes=clash_list
    ), status


@bp.route("/bentrok")
@coordinator_required
def clash_check():
    """While the form is filled in (htmx): meetings that overlap at the venue or with an
    invited organisation. Without JavaScript the same warning comes on saving."""
    form = ClashCheckForm(request.args)
    starts, ends, found = form.starts_at.data, form.ends_at.data, []
    if starts and ends and ends > starts:
        found = as_seen_by(
            current_user,
            services.clashes(
                starts,
                ends,
                form.venue.data or "",
                _invitable(form.organisation_ids()),
                form.meeting_id(),
            ),
        )
    return render_page_or_fragment("meetings/clashes.html", "meetings/_clashes.html", clashes=found)


def _invitable(organisation_ids: list[int]) -> list[int]:
    """Only organisations the person may invite: another's meetings are not theirs to see."""
    managed = managed_organisation_ids(current_user)
    return organisation_ids if managed is None else [i for i in organisation_ids if i in managed]


@bp.route("/<int:meeting_id>/batal", methods=["POST"])
@coordinator_required
def cancel(meeting_id: int):
    """Cancel the meeting: every invitee sees it, calendars show it cancelled."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            services.cancel(current_user, meeting, form.reason.data)
            flash(_("Rapat dibatalkan. Semua undangan sudah diberi tahu."), "success")
        except services.MeetingError as exc:
            flash(str(exc), "error")
    else:
        flash(all_errors(form), "error")
    return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)


@bp.route("/<int:meeting_id>/jawab", methods=["POST"])
@member_required
def rsvp(meeting_id: int):
    """Hadir / tidak hadir / mungkin in one tap; htmx swaps only the answer block."""
    meeting, invitation = meeting_to_see_or_404(meeting_id, *MEETING_PAGE)
    invitation = found_or_404(invitation)  # the organiser who is not invited has nothing to answer
    form = RsvpForm()
    error = None
    if form.validate_on_submit():
        try:
            services.answer(invitation, meeting, form.answer.data, form.note.data)
        except services.MeetingError as exc:
            error = str(exc)
    else:
        error = all_errors(form)
    if is_fragment_request():
        return _rsvp_fragment(meeting, invitation, form, error)
    if error:
        return render_detail(meeting, invitation, 422, rsvp_form=form, rsvp_error=error)
    flash(
        _("Jawaban Anda tersimpan: %(answer)s.", answer=rsvp_label(form.answer.data).lower()),
        "success",
    )
    back = safe_next(form.next.data, url_for("meetings.detail", meeting_id=meeting.id))
    return redirect(back, code=303)


def _rsvp_fragment(meeting, invitation, form, error):
    """htmx: only the answer block, saved or with the reason it was not."""
    html = render_template(
        "meetings/_rsvp.html",
        meeting=meeting,
        invitation=invitation,
        rsvp_form=form,
        error=error,
        saved=error is None,
        now=now_utc(),
    )
    return make_response((html, 422 if error else 200))
