"""Export rows: one per activity, and a summary of one row per member and organisation.

Plain tuples straight from two or three queries, so 10,000 activities take no ORM objects.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from .. import exports, months
from ..activities.totals import Scope
from ..extensions import db
from ..i18n import letter_date
from ..models import (
    Activity,
    ActivityPhoto,
    ActivityType,
    Area,
    Membership,
    MonthlyReport,
    Organisation,
    PpksCategory,
    User,
)
from ..models.activities import activity_ppks
from ..models.organisations import ACTIVE
from .services import STATUS_LABELS


def xlsx_sheets(scope: Scope, whom: str, activities: Iterable) -> list[exports.Sheet]:
    """The XLSX: the activities (rows as activity_rows gives them) and the summary, each
    titled with whom and the period."""
    period = f"{letter_date(scope.start)} – {letter_date(scope.end)}"
    return [
        exports.Sheet(
            _("Kegiatan"),
            activity_headers(),
            activities,
            title=_("Kegiatan %(whom)s, %(period)s", whom=whom, period=period),
        ),
        exports.Sheet(
            _("Ringkasan per anggota"),
            summary_headers(),
            summary_rows(scope),
            title=_("Ringkasan per anggota %(whom)s, %(period)s", whom=whom, period=period),
        ),
    ]


def activity_headers() -> list:
    return [
        _("Tanggal"),
        _("Organisasi"),
        _("Nama anggota"),
        exports.Column(_("No. anggota"), exports.TEXT),
        _("Jenis kegiatan"),
        _("Judul"),
        _("Uraian"),
        _("Desa"),
        _("Kecamatan"),
        _("Durasi (menit)"),
        _("Durasi (jam)"),
        _("Orang dilayani"),
        _("Kategori PPKS"),
        _("Foto"),
        _("Status laporan"),
    ]


def summary_headers() -> list:
    return [
        _("Organisasi"),
        _("Nama anggota"),
        exports.Column(_("No. anggota"), exports.TEXT),
        _("Jumlah kegiatan"),
        _("Durasi (jam)"),
        _("Orang dilayani"),
        _("Status laporan"),
    ]


def _reports(scope: Scope) -> dict[tuple[int, int, object], str]:
    stmt = select(
        MonthlyReport.user_id,
        MonthlyReport.organisation_id,
        MonthlyReport.month,
        MonthlyReport.status,
    ).where(MonthlyReport.month >= months.first_of(scope.start), MonthlyReport.month <= scope.end)
    if scope.organisation_ids is not None:
        stmt = stmt.where(MonthlyReport.organisation_id.in_(sorted(scope.organisation_ids)))
    return {(r[0], r[1], r[2]): r[3] for r in db.session.execute(stmt)}


def _status_labels() -> dict[str | None, str]:
    """Translated once per export, not once per row."""
    labels = {key: str(label) for key, label in STATUS_LABELS.items()}
    labels[None] = labels["draft"]
    return labels


def activity_rows(scope: Scope) -> Iterator[list]:
    kecamatan = aliased(Area)
    ppks: dict[int, list[str]] = defaultdict(list)
    for activity_id, name in db.session.execute(
        select(activity_ppks.c.activity_id, PpksCategory.name)
        .join(PpksCategory, PpksCategory.id == activity_ppks.c.ppks_category_id)
        .join(Activity, Activity.id == activity_ppks.c.activity_id)
        .where(*scope.where())
        .order_by(activity_ppks.c.activity_id, PpksCategory.position)
    ):
        ppks[activity_id].append(name)
    photos = dict(
        db.session.execute(
            select(ActivityPhoto.activity_id, func.count(ActivityPhoto.id))
            .join(Activity, Activity.id == ActivityPhoto.activity_id)
            .where(*scope.where())
            .group_by(ActivityPhoto.activity_id)
        ).all()
    )
    reports = _reports(scope)
    labels = _status_labels()
    stmt = (
        select(
            Activity.id,
            Activity.done_on,
            Organisation.name,
            User.full_name,
            Membership.member_number,
            ActivityType.name,
            Activity.title,
            Activity.description,
            Area.name,
            kecamatan.name,
            Activity.duration_minutes,
            Activity.people_served,
            Activity.user_id,
            Activity.organisation_id,
        )
        .join(Organisation, Organisation.id == Activity.organisation_id)
        .join(User, User.id == Activity.user_id)
        .join(ActivityType, ActivityType.id == Activity.activity_type_id)
        .join(Area, Area.id == Activity.desa_id)
        .outerjoin(kecamatan, kecamatan.id == Area.parent_id)
        .outerjoin(
            Membership,
            and_(
                Membership.user_id == Activity.user_id,
                Membership.organisation_id == Activity.organisation_id,
            ),
        )
        .where(*scope.where())
        .order_by(
            Organisation.name, User.full_name, Activity.user_id, Activity.done_on, Activity.id
        )
        .execution_options(yield_per=2000)
    )
    for row in db.session.execute(stmt):
        status = reports.get((row[12], row[13], months.first_of(row[1])))
        yield [
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9],
            row[10],
            round(row[10] / 60, 2),
            row[11],
            ", ".join(ppks.get(row[0], [])),
            photos.get(row[0], 0),
            labels[status],
        ]


def summary_rows(scope: Scope) -> list[list]:
    """Every active member of the organisations, and anyone else with activities in range."""
    stats = (
        select(
            Activity.user_id.label("user_id"),
            Activity.organisation_id.label("organisation_id"),
            func.count(Activity.id).label("activities"),
            func.sum(Activity.duration_minutes).label("minutes"),
            func.sum(Activity.people_served).label("people"),
        )
        .where(*scope.where())
        .group_by(Activity.user_id, Activity.organisation_id)
        .subquery()
    )
    stmt = (
        select(
            Organisation.name,
            User.full_name,
            Membership.member_number,
            stats.c.activities,
            stats.c.minutes,
            stats.c.people,
            Membership.user_id,
            Membership.organisation_id,
        )
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .join(User, User.id == Membership.user_id)
        .outerjoin(
            stats,
            and_(
                stats.c.user_id == Membership.user_id,
                stats.c.organisation_id == Membership.organisation_id,
            ),
        )
        .where(or_(Membership.status == ACTIVE, stats.c.activities.is_not(None)))
        .order_by(Organisation.name, User.full_name, Membership.id)
    )
    if scope.organisation_ids is not None:
        stmt = stmt.where(Membership.organisation_id.in_(sorted(scope.organisation_ids)))
    reports = _reports(scope)
    labels = _status_labels()
    report_months = []
    month = months.first_of(scope.start)
    while month <= scope.end:
        report_months.append(month)
        month = months.shift(month, 1)
    rows = []
    for row in db.session.execute(stmt):
        statuses = [
            f"{months.label(m)}: {labels[reports.get((row[6], row[7], m))]}" for m in report_months
        ]
        rows.append(
            [
                row[0],
                row[1],
                row[2],
                row[3] or 0,
                round((row[4] or 0) / 60, 2),
                row[5] or 0,
                "; ".join(statuses),
            ]
        )
    return rows
