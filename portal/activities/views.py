"""Log, view, change and delete one's activities; their photos, shown to those allowed."""

from datetime import date

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from .. import database, months, offline, storage
from ..forms import EmptyForm
from ..htmx import is_fragment_request
from ..i18n import today_wib
from ..models import Activity, ActivityPhoto, Area
from ..security import get_or_404, member_required
from ..security.activities import (
    activity_logger_required,
    can_change_activity,
    can_view_activity,
    can_view_photo,
)
from ..urls import row_id
from . import bp, choices, photo_store, services
from .forms import ActivityForm, NewActivityForm

# What each page of one activity shows or changes, loaded with the activity.
_CHANGED = (selectinload(Activity.ppks_categories), selectinload(Activity.photos))
_IN_FORM = (
    joinedload(Activity.organisation),
    joinedload(Activity.activity_type),
    joinedload(Activity.desa),
    *_CHANGED,
)
_SHOWN = (
    joinedload(Activity.user),
    joinedload(Activity.organisation),
    joinedload(Activity.activity_type),
    joinedload(Activity.desa).joinedload(Area.parent),
    *_CHANGED,
)
_WITH_ACTIVITY = (joinedload(ActivityPhoto.activity),)  # who may see it is the activity's


def _user():
    return current_user._get_current_object()


def month_url(user_id: int, organisation_id: int, day) -> str:
    """The report page of the month an activity belongs to."""
    membership = services.membership_of(user_id, organisation_id)
    if membership is None:
        return url_for("activities.index")
    return _month_page(membership, day)


def _month_page(membership, day) -> str:
    return url_for("reports.month", membership_id=membership.id, month=months.first_of(day))


@bp.route("/")
@activity_logger_required
def index():
    """My activities: this month's page of my organisation (or the one asked for)."""
    memberships = choices.active_memberships(current_user)
    wanted = request.args.get("organisasi", type=row_id)
    membership = next((m for m in memberships if m.organisation_id == wanted), memberships[0])
    return redirect(url_for("reports.month", membership_id=membership.id, month=months.current()))


@bp.route("/baru", methods=["GET", "POST"])
@activity_logger_required
def new():
    """Log an activity; the same form sent twice makes one activity."""
    user = _user()
    form = NewActivityForm(
        memberships=choices.active_memberships(user),
        held_photos=photo_store.held_photos(user, request.form.getlist("held")),
    )
    fragment = request.method == "GET" and is_fragment_request()
    if request.method == "GET":
        _prefill_new(form, user)
        offline.keep_page()  # the empty form: an activity can be logged offline
    form.fill_choices(types_only=fragment)
    if fragment:
        # htmx: another organisation was picked; only its activity types come back.
        return make_response(
            render_template("activities/_type_options.html", choices=form.activity_type.choices)
        )
    if request.method == "POST":
        done = services.by_submission(user, form.submission_id.data)
        if done is not None:
            flash(_("Kegiatan ini sudah tersimpan sebelumnya."), "info")
            return redirect(month_url(user.id, done.organisation_id, done.done_on), code=303)
        if "ganti_organisasi" not in request.form and _validate(form):
            created = _create(form, user)
            if created is not None:
                return created
    form.ensure_submission_id()
    return _render_form(form, None)


def _prefill_new(form: ActivityForm, user) -> None:
    """A new form: the organisation and day asked for, the person's own desa."""
    form.organisation.data = request.args.get("organisation") or request.args.get("organisasi")
    form.desa.data = str(user.home_desa_id or "")
    day = _day_arg()
    if day is not None:
        form.done_on.data = day


def _create(form: ActivityForm, user):
    """Save a valid form; the redirect to its month, or None with the refusal on the form."""
    data = form.to_input()
    try:
        activity = services.create_activity(
            user,
            data,
            submission_id=form.submission_id.data,
            photos=form.processed,
            held=form.held_photos,
        )
    except services.ActivityError as error:
        form.add_error(error)
        if isinstance(error, services.SubmissionTaken):
            form.submission_id.data = None  # the form shown again gets a fresh one
        return None
    flash(_("Kegiatan disimpan."), "success")
    return redirect(_month_page(data.membership, activity.done_on), code=303)


@bp.route("/<int:activity_id>")
@member_required
def detail(activity_id: int):
    """One activity with its photos; its author, the organisation's coordinators, the admin."""
    activity = get_or_404(Activity, activity_id, can=can_view_activity, options=_SHOWN)
    return render_template(
        "activities/detail.html",
        activity=activity,
        locked=services.is_locked(activity),
        back=month_url(activity.user_id, activity.organisation_id, activity.done_on),
        form=EmptyForm(),
    )


@bp.route("/<int:activity_id>/ubah", methods=["GET", "POST"])
@activity_logger_required
def edit(activity_id: int):
    """Change an activity while its month is not yet submitted."""
    user = _user()
    activity = get_or_404(Activity, activity_id, can=can_change_activity, options=_IN_FORM)
    if services.is_locked(activity):
        return _locked(activity)
    form = ActivityForm(
        obj=activity if request.method == "GET" else None,
        memberships=[m for m in user.memberships if m.organisation_id == activity.organisation_id],
        existing_photos=activity.photos,
        held_photos=photo_store.held_photos(user, request.form.getlist("held")),
    )
    form.organisation.data = str(activity.organisation_id)
    if request.method == "GET":
        _prefill_edit(form, activity)
    form.fill_choices()
    if request.method == "POST" and _validate(form):
        try:
            services.update_activity(
                user,
                activity,
                form.to_input(),
                photos=form.processed,
                held=form.held_photos,
                remove_photo_ids=form.remove_photos.data or [],
            )
        except services.MonthLocked:
            return _locked(activity)
        except services.ActivityError as error:
            form.add_error(error)
        else:
            flash(_("Perubahan disimpan."), "success")
            return redirect(url_for("activities.detail", activity_id=activity.id), code=303)
    return _render_form(form, activity)


def _prefill_edit(form: ActivityForm, activity: Activity) -> None:
    """The choices and duration of the activity being changed."""
    form.activity_type.data = str(activity.activity_type_id)
    form.desa.data = str(activity.desa_id)
    form.ppks.data = [c.id for c in activity.ppks_categories]
    form.set_duration(activity.duration_minutes)


@bp.route("/<int:activity_id>/hapus", methods=["POST"])
@activity_logger_required
def delete(activity_id: int):
    """Delete an activity of a month not yet submitted, with its photos."""
    activity = get_or_404(Activity, activity_id, can=can_change_activity, options=_CHANGED)
    back = month_url(activity.user_id, activity.organisation_id, activity.done_on)
    try:
        services.delete_activity(_user(), activity)
    except services.MonthLocked:
        return _locked(activity)
    flash(_("Kegiatan dihapus."), "success")
    return redirect(back, code=303)


@bp.route("/foto/<int:photo_id>")
@member_required
def photo(photo_id: int):
    """A photo at up to 1600 px, for the people who may see its activity."""
    item = get_or_404(ActivityPhoto, photo_id, can=can_view_photo, options=_WITH_ACTIVITY)
    return _send_photo(item, item.path, "")


@bp.route("/foto/<int:photo_id>/kecil")
@member_required
def thumbnail(photo_id: int):
    """A thumbnail; kept a week in the viewer's browser (a photo never changes under its
    id: a replaced photo is a new one), so a month page with photos is cheap on 3G."""
    item = get_or_404(ActivityPhoto, photo_id, can=can_view_photo, options=_WITH_ACTIVITY)
    return _send_photo(item, item.thumb_path, "-kecil", cache_seconds=7 * 24 * 3600)


def _send_photo(item, path: str, suffix: str, cache_seconds: int = 0):
    # Inline is safe here: the file is a JPEG that Pillow wrote, not the uploaded bytes.
    return storage.send_stored(
        path,
        mimetype="image/jpeg",
        as_attachment=False,
        download_name=f"foto-kegiatan-{item.activity_id or 0}-{item.id}{suffix}.jpg",
        cache_seconds=cache_seconds,
    )


def _validate(form: ActivityForm) -> bool:
    """The form's rules, then the new photos processed (if their number is right): a photo
    that cannot be read is an error beside the photo field."""
    valid = form.validate()
    if not form.photos.errors:
        form.processed, problems = photo_store.process_uploads(form.uploads())
        if problems:
            form.photos.errors = [" ".join(problems)]
            return False
    return valid


def _render_form(form: ActivityForm, activity):
    if request.method == "POST" and form.errors:
        # Keep the photos that were fine, so a slow connection need not send them again.
        if form.processed:
            form.held_photos.extend(photo_store.hold_photos(_user(), form.processed))
            database.keep_changes()
        status = 422
    else:
        status = 200
    return render_template("activities/form.html", form=form, activity=activity), status


def _locked(activity):
    flash(
        _(
            "Kegiatan ini terkunci karena laporan %(month)s sudah dikirim. "
            "Kegiatan dapat diubah lagi bila koordinator mengembalikan laporannya.",
            month=months.label(activity.month),
        ),
        "error",
    )
    return redirect(url_for("activities.detail", activity_id=activity.id), code=303)


def _day_arg() -> date | None:
    """?tanggal=2026-10-31 from a past month's page: the new activity starts on that day."""
    try:
        day = date.fromisoformat(request.args.get("tanggal", ""))
    except ValueError:
        return None
    return day if day <= today_wib() else None
