"""Logging activities: create, change and delete them while their month is open."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..i18n import today_wib
from ..models import (
    Activity,
    Area,
    Membership,
    MonthlyReport,
    PpksCategory,
    User,
    utcnow,
)
from ..models.activities import LOCKED_STATUSES, MAX_PHOTOS
from . import choices, months, photo_store
from .photos import ProcessedPhoto

MAX_MINUTES = 24 * 60


class ActivityError(ValueError):
    """A change the rules refuse; str() is the message for the person."""

    field: str | None = None


class MonthLocked(ActivityError):
    field = "done_on"


@dataclass(frozen=True)
class ActivityInput:
    organisation_id: int
    done_on: date
    activity_type_id: int
    desa_id: int
    duration_minutes: int
    people_served: int
    title: str
    description: str = ""
    ppks_ids: Sequence[int] = ()


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


def _check_input(user: User, data: ActivityInput) -> list[PpksCategory]:
    """The rules the form also checks, enforced here for every caller."""
    membership = next(
        (m for m in user.active_memberships if m.organisation_id == data.organisation_id), None
    )
    if membership is None:
        raise ActivityError(_("Anda bukan anggota aktif organisasi ini."))
    if data.done_on > today_wib():
        raise ActivityError(_("Tanggal kegiatan tidak boleh setelah hari ini."))
    if not 1 <= data.duration_minutes <= MAX_MINUTES:
        raise ActivityError(_("Lama kegiatan antara 1 menit dan 24 jam."))
    if data.people_served < 0:
        raise ActivityError(_("Jumlah orang yang dilayani tidak boleh negatif."))
    allowed_types = {t.id for t in choices.activity_types_for(membership.organisation)}
    if data.activity_type_id not in allowed_types:
        raise ActivityError(_("Pilih jenis kegiatan dari daftar."))
    desa = db.session.get(Area, data.desa_id)
    if desa is None or desa.level != "desa":
        raise ActivityError(_("Pilih desa dari daftar."))
    categories = []
    if data.ppks_ids:
        categories = list(
            db.session.scalars(
                select(PpksCategory).where(
                    PpksCategory.id.in_(set(data.ppks_ids)), PpksCategory.is_active
                )
            )
        )
        if len(categories) != len(set(data.ppks_ids)):
            raise ActivityError(_("Pilih kategori PPKS dari daftar."))
    return categories


def create_activity(
    user: User,
    data: ActivityInput,
    *,
    submission_id: str,
    photos: Sequence[ProcessedPhoto] = (),
    held_ids: Iterable[int] = (),
    meeting_id: int | None = None,
    commit: bool = True,
) -> Activity:
    """A new activity in an open month. Sending the same form again returns the first one."""
    existing = by_submission(user, submission_id)
    if existing is not None:
        return existing
    categories = _check_input(user, data)
    _check_open(user.id, data.organisation_id, data.done_on)
    held = photo_store.held_photos(user, held_ids)
    if len(held) + len(photos) > MAX_PHOTOS:
        raise ActivityError(_("Paling banyak %(n)d foto per kegiatan.", n=MAX_PHOTOS))
    activity = Activity(
        user_id=user.id,
        submission_id=submission_id,
        meeting_id=meeting_id,
        **_fields(data),
    )
    activity.ppks_categories = categories
    written = photo_store.store(user, activity, photos)
    try:
        # A savepoint, so a duplicate undoes only this insert, not the caller's other work.
        with db.session.begin_nested():
            db.session.add(activity)
            activity.photos.extend(held)  # already in the session: after the activity is
    except IntegrityError:
        # The same form arrived twice at once and the other request won: use its activity.
        photo_store.delete_files(written)
        existing = by_submission(user, submission_id)
        if existing is None:
            raise
        return existing
    audit.record(
        "activity.created",
        actor=user,
        obj=activity,
        subject=user,
        detail={"organisation_id": data.organisation_id, "photos": len(activity.photos)},
    )
    if commit:
        photo_store.commit_or_forget(written)
    return activity


def update_activity(
    user: User,
    activity: Activity,
    data: ActivityInput,
    *,
    photos: Sequence[ProcessedPhoto] = (),
    held_ids: Iterable[int] = (),
    remove_photo_ids: Iterable[int] = (),
) -> Activity:
    """Change an activity of an open month; its organisation stays."""
    if data.organisation_id != activity.organisation_id:
        raise ActivityError(_("Organisasi kegiatan tidak dapat diganti."))
    _check_open(user.id, activity.organisation_id, activity.done_on)
    categories = _check_input(user, data)
    _check_open(user.id, activity.organisation_id, data.done_on)
    remove = {int(i) for i in remove_photo_ids}
    kept = [p for p in activity.photos if p.id not in remove]
    held = photo_store.held_photos(user, held_ids)
    if len(kept) + len(held) + len(photos) > MAX_PHOTOS:
        raise ActivityError(_("Paling banyak %(n)d foto per kegiatan.", n=MAX_PHOTOS))
    changed = sorted(k for k, v in _fields(data).items() if getattr(activity, k) != v)
    if {c.id for c in categories} != {c.id for c in activity.ppks_categories}:
        changed.append("ppks")
    for key, value in _fields(data).items():
        setattr(activity, key, value)
    activity.ppks_categories = categories
    removed = [p for p in activity.photos if p.id in remove]
    for photo in removed:
        activity.photos.remove(photo)
    written = photo_store.store(user, activity, photos)
    activity.photos.extend(held)
    if removed or photos or held:
        changed.append("photos")
    activity.updated_at = utcnow()
    audit.record(
        "activity.updated", actor=user, obj=activity, subject=user, detail={"fields": changed}
    )
    photo_store.commit_or_forget(written)
    photo_store.delete_files(photo_store.paths(removed))
    return activity


def delete_activity(user: User, activity: Activity) -> None:
    _check_open(user.id, activity.organisation_id, activity.done_on)
    files = photo_store.paths(activity.photos)
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
    db.session.commit()
    photo_store.delete_files(files)


def _fields(data: ActivityInput) -> dict:
    return {
        "organisation_id": data.organisation_id,
        "done_on": data.done_on,
        "activity_type_id": data.activity_type_id,
        "desa_id": data.desa_id,
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
