"""A person's activities in their data export; their photos erased."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Activity, ActivityPhoto
from ..personal_data import Field
from . import photo_store
from .panels import duration

LABEL = _l("Kegiatan")
FIELDS = {
    "activities": Field(_l("Kegiatan")),
    "organisation": Field(_l("Organisasi")),
    "date": Field(_l("Tanggal")),
    "type": Field(_l("Jenis kegiatan")),
    "desa": Field(_l("Desa")),
    "duration_minutes": Field(_l("Durasi"), duration),
    "people_served": Field(_l("Orang dilayani")),
    "ppks_categories": Field(_l("Kategori PPKS")),
    "title": Field(_l("Judul")),
    "description": Field(_l("Uraian")),
    "photos": Field(_l("Foto")),
    "created_at": Field(_l("Dicatat")),
}


def activities_data(user) -> dict:
    activities = db.session.scalars(
        select(Activity)
        .where(Activity.user_id == user.id)
        .options(
            joinedload(Activity.organisation),
            joinedload(Activity.activity_type),
            joinedload(Activity.desa),
            selectinload(Activity.ppks_categories),
            selectinload(Activity.photos),
        )
        .order_by(Activity.done_on, Activity.id)
    )
    return {
        "activities": [
            {
                "organisation": a.organisation.name,
                "date": a.done_on.isoformat(),
                "type": a.activity_type.name,
                "desa": a.desa.name,
                "duration_minutes": a.duration_minutes,
                "people_served": a.people_served,
                "ppks_categories": [c.name for c in a.ppks_categories],
                "title": a.title,
                "description": a.description,
                "photos": len(a.photos),
                "created_at": a.created_at.isoformat(),
            }
            for a in activities
        ],
    }


def erase_photos(user) -> None:
    """Delete the person's photo files and rows; the activities stay as counts and hours.

    The files go when the deletion of their rows commits.
    """
    photos = list(db.session.scalars(select(ActivityPhoto).where(ActivityPhoto.user_id == user.id)))
    photo_store.forget_files(photos)
    for photo in photos:
        db.session.delete(photo)
