"""The meetings feature's hook: an attended meeting counted as one activity ("count it")."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Activity, ActivityType, Area, User
from .services import (
    MAX_MINUTES,
    ActivityError,
    ActivityInput,
    active_membership,
    create_activity,
)

MEETING_ACTIVITY_TYPE = "Menghadiri rapat"


def log_meeting_attendance(
    user: User,
    organisation_id: int,
    meeting_title: str,
    on_date: date,
    duration_minutes: int,
    desa_id: int | None,
    meeting_id: int,
) -> Activity:
    """Count a meeting the person attended as one activity of type 'Menghadiri rapat'.

    Idempotent per (user, meeting): a second call returns the first activity. Raises
    ActivityError (MonthLocked when that month is already submitted) if it cannot count.
    desa_id is where the meeting was; anything that is not a desa (None, a kecamatan, the
    kabupaten) counts at the person's home desa. The duration is kept within 1 min-24 h.
    """
    existing = db.session.scalar(
        select(Activity).where(Activity.user_id == user.id, Activity.meeting_id == meeting_id)
    )
    if existing is not None:
        return existing
    activity_type = db.session.scalar(
        select(ActivityType).where(
            ActivityType.kind_id.is_(None), ActivityType.name == MEETING_ACTIVITY_TYPE
        )
    )
    if activity_type is None:
        raise ActivityError(_("Jenis kegiatan 'Menghadiri rapat' belum ada di daftar."))
    membership = active_membership(user, organisation_id)
    desa = db.session.get(Area, desa_id) if desa_id else None
    if desa is None or desa.level != "desa":
        desa = db.session.get(Area, user.home_desa_id) if user.home_desa_id else None
    data = ActivityInput(
        membership=membership,
        done_on=on_date,
        activity_type=activity_type,
        desa=desa,
        duration_minutes=min(max(int(duration_minutes), 1), MAX_MINUTES),
        people_served=0,
        title=(meeting_title or MEETING_ACTIVITY_TYPE).strip()[:120],
        description="",
    )
    return create_activity(
        user,
        data,
        submission_id=f"meeting:{meeting_id}:{user.id}",
        meeting_id=meeting_id,
    )
