"""A person's activities and monthly reports in their data export; their photos erased."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Activity, ActivityPhoto, MonthlyReport
from . import photo_store


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
    reports = db.session.scalars(
        select(MonthlyReport)
        .where(MonthlyReport.user_id == user.id)
        .options(joinedload(MonthlyReport.organisation))
        .order_by(MonthlyReport.month, MonthlyReport.id)
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
        "monthly_reports": [
            {
                "organisation": r.organisation.name,
                "month": r.month.strftime("%Y-%m"),
                "status": r.status,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
                "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
                "note": r.note,
            }
            for r in reports
        ],
    }


def erase_photos(user) -> None:
    """Delete the person's photo files and rows; the activities stay as counts and hours.

    The caller commits; the files go first, since a photo row without its file only
    shows a missing image, while a file without a row could never be found again.
    """
    photos = list(db.session.scalars(select(ActivityPhoto).where(ActivityPhoto.user_id == user.id)))
    photo_store.delete_files(photo_store.paths(photos))
    for photo in photos:
        db.session.delete(photo)
