"""Logging activities: create, change and delete them while their month is open."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, database, months
from ..extensions import db
from ..models import (
    Activity,
    ActivityPhoto,
    ActivityType,
    Area,
    Membership,
    MonthlyReport,
    PpksCategory,
    User,
    utcnow,
)
from ..models.activities import LOCKED_STATUSES, MAX_PHOTOS
from ..models.organisations import ACTIVE, STATUSES
from . import photo_store
from .photos import ProcessedPhoto

MAX_MINUTES = 24 * 60


class ActivityError(ValueError):
    """A change the rules refuse; str() is the message for the person."""

    field: str | None = None


class SubmissionTaken(ActivityError):
    """The form's submission id belongs to someone else's activity: the form was copied
    or tampered with. The person sends it again with a fresh id."""


class MonthLocked(ActivityError):
    field = "done_on"


@dataclass(frozen=True)
class ActivityInput:
    """What an activity says, with the objects already loaded (by the form, or the caller).

    The form checks the values (a desa from the list, a type of the organisation's kind,
    a date not in the future, 1 minute to 24 hours); the service checks what only it
    knows: the membership is the person's and active, the month is open, the photo limit.
    """

    membership: Membership
    done_on: date
    activity_type: ActivityType
    desa: Area
    duration_minutes: int
    people_served: int
    title: str
    description: str = ""
    ppks: Sequence[PpksCategory] = ()

    @property
    def organisation_id(self) -> int:
        return self.membership.organisation_id


class TooManyPhotos(ActivityError):
    field = "photos"


def check_photo_count(count: int) -> None:
    """The photo limit, for the form (before any upload is processed) and the service."""
    if count > MAX_PHOTOS:
        raise TooManyPhotos(
            _(
                "Paling banyak %(max)d foto per kegiatan; ini menjadi %(count)d. Kurangi fotonya.",
                max=MAX_PHOTOS,
                count=count,
            )
        )


def report_status(user_id: int, organisation_id: int, month: date) -> str | None:
    return db.session.scalar(
        select(MonthlyReport.status).where(
            MonthlyReport.user_id == user_id,
            MonthlyReport.organisation_id == organisation_id,
            MonthlyReport.month == month,
        )
    )


def is_locked(activity: Activity) -> bool:
    """Its month's report is submitted or verified."""
    return report_status(activity.user_id, activity.organisation_id, activity.month) in (
        LOCKED_STATUSES
    )


def _check_open(user_id: int, organisation_id: int, day: date) -> None:
    month = months.first_of(day)
    if report_status(user_id, organisation_id, month) in LOCKED_STATUSES:
        raise MonthLocked(
            _(
                "Laporan %(month)s sudah dikirim, jadi kegiatan bulan itu terkunci. "
                "Kegiatan dapat diubah lagi bila koordinator mengembalikan laporannya.",
                month=months.label(month),
            )
        )


def by_submission(user: User, submission_id: str | None) -> Activity | None:
    """The activity an earlier send of the same form created."""
    if not submission_id:
        return None
    return db.session.scalar(
        select(Activity).where(Activity.submission_id == submission_id, Activity.user_id == user.id)
    )


def _not_a_member() -> ActivityError:
    return ActivityError(_("Anda bukan anggota aktif organisasi ini."))


def _check_membership(user: User, data: ActivityInput) -> None:
    membership = data.membership
    if membership.user_id != user.id or not membership.is_active:
        raise _not_a_member()


def hold_membership(membership: Membership, *, active: bool = True) -> None:
    """Take the membership's row until the transaction ends, by a conditional write (it
    must still be active; a deletion takes it whatever the status). A change of activities
    and the submission of the month's report (reports.services.submit) both take it before
    they read the report's status: a change either lands before the submission or finds the
    month locked, never slips into a report just submitted (on SQLite the write lock taken
    here does the same)."""
    if not database.transition(membership, "status", ACTIVE if active else STATUSES):
        raise _not_a_member()


def active_membership(user: User, organisation_id: int) -> Membership:
    """The person's active membership of the organisation (for callers without a form)."""
    for membership in user.active_memberships:
        if membership.organisation_id == organisation_id:
            return membership
    raise _not_a_member()


def create_activity(
    user: User,
    data: ActivityInput,
    *,
    submission_id: str,
    photos: Sequence[ProcessedPhoto] = (),
    held: Sequence[ActivityPhoto] = (),
    meeting_id: int | None = None,
) -> Activity:
    """A new activity in an open month.

    The caller has looked for an earlier send of the same form (by_submission); two sends
    at once both arriving here make one activity, the first.
    """
    _check_membership(user, data)
    hold_membership(data.membership)
    _check_open(user.id, data.organisation_id, data.done_on)
    check_photo_count(len(held) + len(photos))
    activity = Activity(
        user_id=user.id,
        submission_id=submission_id,
        meeting_id=meeting_id,
        photos=[],  # a new activity's collection, so that adding to it loads nothing
        **_fields(data),
    )
    activity.ppks_categories = list(data.ppks)
    try:
        # A savepoint, so a duplicate undoes only this insert (and its photo files), not
        # the caller's other work.
        with db.session.begin_nested():
            photo_store.store(user, activity, photos)
            db.session.add(activity)
            activity.photos.extend(held)  # already in the session: after the activity is
    except IntegrityError:
        # The same form arrived twice at once and the other request won: use its activity.
        existing = by_submission(user, submission_id)
        if existing is None:
            raise SubmissionTaken(
                _("Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi.")
            ) from None
        return existing
    audit.record(
        "activity.created",
        actor=user,
        obj=activity,
        subject=user,
        detail={"organisation_id": data.organisation_id, "photos": len(activity.photos)},
    )
    return activity


def update_activity(
    user: User,
    activity: Activity,
    data: ActivityInput,
    *,
    photos: Sequence[ProcessedPhoto] = (),
    held: Sequence[ActivityPhoto] = (),
    remove_photo_ids: Iterable[int] = (),
) -> Activity:
    """Change an activity of an open month; its organisation stays."""
    if data.organisation_id != activity.organisation_id:
        raise ActivityError(_("Organisasi kegiatan tidak dapat diganti."))
    _check_membership(user, data)
    hold_membership(data.membership)  # the month is checked at the moment of writing
    _check_open(user.id, activity.organisation_id, activity.done_on)
    _check_open(user.id, activity.organisation_id, data.done_on)
    remove = {int(i) for i in remove_photo_ids}
    kept = [p for p in activity.photos if p.id not in remove]
    check_photo_count(len(kept) + len(held) + len(photos))
    categories = list(data.ppks)
    changed = sorted(k for k, v in _fields(data).items() if getattr(activity, k) != v)
    if {c.id for c in categories} != {c.id for c in activity.ppks_categories}:
        changed.append("ppks")
    for key, value in _fields(data).items():
        setattr(activity, key, value)
    activity.ppks_categories = categories
    removed = [p for p in activity.photos if p.id in remove]
    for photo in removed:
        activity.photos.remove(photo)
    photo_store.store(user, activity, photos)
    activity.photos.extend(held)
    if removed or photos or held:
        changed.append("photos")
    activity.updated_at = utcnow()
    audit.record(
        "activity.updated", actor=user, obj=activity, subject=user, detail={"fields": changed}
    )
    photo_store.forget_files(removed)
    return activity


def delete_activity(user: User, activity: Activity) -> None:
    """Delete an activity of an open month (also after the membership ended)."""
    membership = membership_of(activity.user_id, activity.organisation_id)
    if membership is not None:
        hold_membership(membership, active=False)
    _check_open(user.id, activity.organisation_id, activity.done_on)
    photo_store.forget_files(activity.photos)
    audit.record(
        "activity.deleted",
        actor=user,
        obj=activity,
        subject=user,
        detail={
            "organisation_id": activity.organisation_id,
            "done_on": activity.done_on.isoformat(),
        },
    )
    db.session.delete(activity)


def _fields(data: ActivityInput) -> dict:
    return {
        "organisation_id": data.organisation_id,
        "done_on": data.done_on,
        "activity_type_id": data.activity_type.id,
        "desa_id": data.desa.id,
        "duration_minutes": data.duration_minutes,
        "people_served": data.people_served,
        "title": data.title,
        "description": data.description or "",
    }


def membership_of(user_id: int, organisation_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(
            Membership.user_id == user_id, Membership.organisation_id == organisation_id
        )
    )
