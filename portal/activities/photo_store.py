"""Activity photo files: stored, deleted with their rows, and held while a form is corrected."""

from collections.abc import Iterable, Sequence
from datetime import timedelta

from sqlalchemy import select

from .. import storage
from ..extensions import db
from ..models import Activity, ActivityPhoto, User, utcnow
from .photos import ProcessedPhoto

PHOTO_FOLDER = "activity_photos"
HELD_PHOTO_LIFETIME = timedelta(days=2)


def hold_photos(user: User, photos: Sequence[ProcessedPhoto]) -> list[ActivityPhoto]:
    """Keep valid uploads of a form that had errors, so they need not be sent again."""
    forget_stale_held_photos(user)
    held = [_photo_row(user, p) for p in photos]
    db.session.add_all(held)
    commit_or_forget(paths(held))
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
    delete_files(paths(stale))
    return len(stale)


def store(user: User, activity: Activity, photos: Sequence[ProcessedPhoto]) -> list[str]:
    """Write the files and add their rows; returns the paths, to delete if the commit fails."""
    rows = [_photo_row(user, p) for p in photos]
    activity.photos.extend(rows)
    return paths(rows)


def _photo_row(user: User, photo: ProcessedPhoto) -> ActivityPhoto:
    return ActivityPhoto(
        user_id=user.id,
        path=storage.save(photo.full, PHOTO_FOLDER, "jpg"),
        thumb_path=storage.save(photo.thumb, PHOTO_FOLDER, "jpg"),
        width=photo.width,
        height=photo.height,
        thumb_width=photo.thumb_width,
        thumb_height=photo.thumb_height,
        size_bytes=len(photo.full),
    )


def commit_or_forget(written: list[str]) -> None:
    """Commit; if that fails, the files just written would belong to nothing: delete them."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        delete_files(written)
        raise


def paths(photos: Iterable[ActivityPhoto]) -> list[str]:
    return [path for p in photos for path in (p.path, p.thumb_path)]


def delete_files(relative_paths: Iterable[str]) -> None:
    for path in relative_paths:
        storage.delete(path)
