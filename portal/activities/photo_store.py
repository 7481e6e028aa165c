"""Activity photo files: stored, deleted with their rows, and held while a form is corrected."""

from collections.abc import Iterable, Sequence
from datetime import timedelta

from sqlalchemy import select

from .. import storage
from ..extensions import db
from ..models import Activity, ActivityPhoto, User, utcnow
from . import photos
from .photos import ProcessedPhoto

PHOTO_FOLDER = "activity_photos"
HELD_PHOTO_LIFETIME = timedelta(days=2)


def process_uploads(uploads) -> tuple[list[ProcessedPhoto], list[str]]:
    """Read and re-encode uploaded files: the clean photos, and why the others were refused."""
    processed, problems = [], []
    for upload in uploads:
        try:
            data = upload.stream.read(photos.MAX_BYTES + 1)
            processed.append(photos.process(data, upload.filename))
        except photos.PhotoError as exc:
            problems.append(str(exc))
    return processed, problems


def hold_photos(user: User, photos: Sequence[ProcessedPhoto]) -> list[ActivityPhoto]:
    """Keep valid uploads of a form that had errors, so they need not be sent again."""
    forget_stale_held_photos(user)
    held = [_photo_row(user, p) for p in photos]
    db.session.add_all(held)
    db.session.flush()  # their ids go into the form
    return held


def held_photos(user: User, ids: Iterable[int | str]) -> list[ActivityPhoto]:
    """The person's own held photos among ids (form values: anything else is ignored)."""
    wanted = {int(i) for i in ids if str(i).isdigit()}
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(ActivityPhoto)
            .where(
                ActivityPhoto.id.in_(wanted),
                ActivityPhoto.user_id == user.id,
                ActivityPhoto.activity_id.is_(None),
            )
            .order_by(ActivityPhoto.id)
        )
    )


def forget_stale_held_photos(user: User | None = None) -> int:
    """Delete held photos older than two days (one person's, or everyone's); the caller commits.

    Photos held for a form that was never sent again have no purpose left (UU PDP).
    """
    stmt = select(ActivityPhoto).where(
        ActivityPhoto.activity_id.is_(None),
        ActivityPhoto.created_at < utcnow() - HELD_PHOTO_LIFETIME,
    )
    if user is not None:
        stmt = stmt.where(ActivityPhoto.user_id == user.id)
    stale = list(db.session.scalars(stmt))
    for photo in stale:
        db.session.delete(photo)
    forget_files(stale)
    return len(stale)


def store(user: User, activity: Activity, photos: Sequence[ProcessedPhoto]) -> None:
    """Write the files and add their rows (storage deletes the files if nothing commits)."""
    activity.photos.extend(_photo_row(user, p) for p in photos)


def _photo_row(user: User, photo: ProcessedPhoto) -> ActivityPhoto:
    return ActivityPhoto(user_id=user.id, **saved_files(photo, PHOTO_FOLDER))


def saved_files(photo: ProcessedPhoto, folder: str) -> dict:
    """Write a processed photo and its thumbnail to storage (deleted again if nothing
    commits): the columns of a photo row (models.activities.PhotoFiles)."""
    return {
        "path": storage.save(photo.full, folder, "jpg"),
        "thumb_path": storage.save(photo.thumb, folder, "jpg"),
        "width": photo.width,
        "height": photo.height,
        "thumb_width": photo.thumb_width,
        "thumb_height": photo.thumb_height,
        "size_bytes": len(photo.full),
    }


def forget_files(photos: Iterable[ActivityPhoto]) -> None:
    """The files of photos whose rows are deleted go once that deletion commits."""
    for photo in photos:
        storage.delete_after_commit(photo.path)
        storage.delete_after_commit(photo.thumb_path)
