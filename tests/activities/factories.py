"""Test data for activities and monthly reports, made through the models directly."""

import io
import itertools
from datetime import date

from PIL import Image
from sqlalchemy import select

from portal import months, storage
from portal.activities.photo_store import PHOTO_FOLDER
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import (
    Activity,
    ActivityPhoto,
    ActivityType,
    Membership,
    MonthlyReport,
    Organisation,
    PpksCategory,
    utcnow,
)

from .. import factories

_submissions = itertools.count(1)


def type_for(org_id: int, name: str | None = None) -> ActivityType:
    org = db.session.get(Organisation, org_id)
    stmt = select(ActivityType).where(ActivityType.kind_id == org.kind_id)
    if name:
        stmt = select(ActivityType).where(ActivityType.name == name)
    return db.session.scalars(stmt.order_by(ActivityType.name)).first()


def ppks(code: str) -> PpksCategory:
    return db.session.scalar(select(PpksCategory).where(PpksCategory.code == code))


def activity(
    user_id: int,
    org_id: int,
    *,
    done_on: date | None = None,
    minutes: int = 90,
    people: int = 5,
    title: str = "Penyuluhan siaga banjir",
    description: str = "Sosialisasi jalur evakuasi di balai desa.",
    type_name: str | None = None,
    desa=None,
    ppks_codes: tuple[str, ...] = (),
    photos: int = 0,
) -> Activity:
    item = Activity(
        user_id=user_id,
        organisation_id=org_id,
        activity_type_id=type_for(org_id, type_name).id,
        desa_id=(desa or factories.desa()).id,
        done_on=done_on or today_wib(),
        duration_minutes=minutes,
        people_served=people,
        title=title,
        description=description,
        submission_id=f"test-submission-{next(_submissions):06d}",
    )
    item.ppks_categories = [ppks(code) for code in ppks_codes]
    db.session.add(item)
    db.session.flush()
    for _ in range(photos):
        item.photos.append(photo_row(user_id))
    db.session.flush()
    return item


def photo_row(user_id: int) -> ActivityPhoto:
    data = jpeg()
    return ActivityPhoto(
        user_id=user_id,
        path=storage.save(data, PHOTO_FOLDER, "jpg"),
        thumb_path=storage.save(data, PHOTO_FOLDER, "jpg"),
        width=64,
        height=48,
        thumb_width=64,
        thumb_height=48,
        size_bytes=len(data),
    )


def report(user_id: int, org_id: int, month: date, status: str) -> MonthlyReport:
    item = MonthlyReport(user_id=user_id, organisation_id=org_id, month=month, status=status)
    if status != "draft":
        item.submitted_at = utcnow()
    db.session.add(item)
    db.session.flush()
    return item


def membership_id(user_id: int, org_id: int) -> int:
    return db.session.scalar(
        select(Membership.id).where(
            Membership.user_id == user_id, Membership.organisation_id == org_id
        )
    )


def this_month() -> str:
    return months.to_param(months.current())


def jpeg(size=(64, 48), color=(200, 80, 40), exif: bytes | None = None, fmt="JPEG") -> bytes:
    """A small real image; with exif=, carrying that EXIF block."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()


def gps_exif() -> bytes:
    """EXIF with a camera model, an orientation and a GPS position (Manggar, Belitung Timur)."""
    exif = Image.Exif()
    exif[0x0110] = "Kamera Uji"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    gps = {1: "S", 2: (2.0, 52.0, 0.0), 3: "E", 4: (108.0, 16.0, 0.0)}
    exif[0x8825] = gps
    return exif.tobytes()
