"""The figures of one area page (kabupaten, kecamatan or desa) for one month, in five
queries whatever the number of members or activities (six at the kabupaten): the
organisations in scope; the active members by home desa, organisation and report status;
their invitations to the month's meetings and how many were marked present; the
activities by desa and month and, at the kabupaten, by PPKS category (both from
ActivitySummary, summary_figures.py).

Volunteers are placed by their home desa, activities by the desa where they were done.
A person active in two organisations counts in each (the figures are per organisation).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask import current_app
from sqlalchemy import and_, case, func, select

from .. import months
from ..activities.totals import Comparison, Totals
from ..extensions import db
from ..i18n import JAKARTA, now_utc
from ..models import (
    Area,
    Invitation,
    Meeting,
    Membership,
    MonthlyReport,
    Organisation,
    OrganisationKind,
    User,
)
from ..models.activities import DRAFT, RETURNED, SUBMITTED, VERIFIED
from ..models.meetings import HADIR, SCHEDULED
from ..models.organisations import ACTIVE
from .places import DESA, KABUPATEN, KECAMATAN, Places
from .summary_figures import activities_by_month, by_ppks, total

# Coverage gaps: (kind code, level) = "every area of that level should have a member of
# that kind living there". The office may set WILAYAH_CAKUPAN in its config.
COVERAGE = (("PSM", DESA), ("TKSK", KECAMATAN), ("TAGANA", DESA))


@dataclass
class OrganisationFigures:
    id: int
    name: str
    kind_code: str
    kind_name: str
    reports: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((SUBMITTED, VERIFIED, RETURNED, DRAFT), 0)
    )

    invited: int = 0  # invitations to the month's meetings that have ended
    attended: int = 0  # of those, marked hadir

    @property
    def members(self) -> int:
        return sum(self.reports.values())

    @property
    def attendance(self) -> int | None:
        """Percent present, rounded; None without an invitation."""
        return _percent(self.attended, self.invited)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class KindFigures:
    code: str
    name: str
    members: int = 0


@dataclass
class Gap:
    kind: KindFigures
    level: str
    areas: list[Area]


@dataclass
class ChildFigures:
    area: Area
    members: int = 0
    this: Totals = field(default_factory=Totals)
    history: Totals = field(default_factory=Totals)  # the 12 months before, summed


@dataclass
class AreaFigures:
    level: str
    area: Area | None  # None: the kabupaten without an area row
    month: date
    organisations: list[OrganisationFigures]
    kinds: list[KindFigures]
    gaps: list[Gap]
    children: list[ChildFigures]
    series: list[tuple[date, Totals]]  # the 12 months before, then this month
    ppks: list[Comparison] | None  # last: the 12 months before; only at the kabupaten
    scoped: bool = False  # only some organisations' figures (a coordinator's)

    @property
    def chart(self) -> list[tuple[str, int]]:
        """("11/26", activities) per month, oldest first, for the bar chart."""
        return [(m.strftime("%m/%y"), t.activities) for m, t in self.series]

    @property
    def this(self) -> Totals:
        return self.series[-1][1]

    @property
    def history(self) -> Totals:
        return total(t for _, t in self.series[:-1])

    @property
    def members(self) -> int:
        return sum(o.members for o in self.organisations)

    @property
    def invited(self) -> int:
        return sum(o.invited for o in self.organisations)

    @property
    def attended(self) -> int:
        return sum(o.attended for o in self.organisations)

    @property
    def attendance(self) -> int | None:
        return _percent(self.attended, self.invited)


def build(places: Places, level: str, area: Area | None, month: date, scope) -> AreaFigures:
    """scope: the organisation ids whose figures count (None: all)."""
    if level == KABUPATEN:
        desa_ids, children = None, places.kecamatan
    elif level == KECAMATAN:
        children = places.desa_of(area)
        desa_ids = [d.id for d in children]
    else:
        desa_ids, children = [area.id], []
    child_of = _child_of(places, level)
    organisations, kind_names = _organisations(scope)
    rows = {c.area.id: c for c in (ChildFigures(a) for a in children)}
    covered = _members(organisations, month, scope, desa_ids, child_of, rows)
    _attendance(organisations, month, desa_ids)
    series = activities_by_month(month, scope, desa_ids, level == KABUPATEN, rows)
    kinds = _kinds(organisations, kind_names, scope)
    return AreaFigures(
        level=level,
        area=area,
        month=month,
        organisations=[
            o for o in organisations.values() if o.members or o.invited or scope is not None
        ],
        kinds=list(kinds.values()),
        gaps=_gaps(places, level, area, kinds, covered),
        children=list(rows.values()),
        series=series,
        ppks=by_ppks(month, scope) if level == KABUPATEN else None,
        scoped=scope is not None,
    )


def _child_of(places: Places, level: str):
    """desa id -> the id of the row it counts in on this page (None: no such row)."""
    if level == KABUPATEN:
        kecamatan = places.kecamatan_of_desa()
        return lambda desa_id: kecamatan[desa_id].id if desa_id in kecamatan else None
    if level == KECAMATAN:
        return lambda desa_id: desa_id
    return lambda desa_id: None


def _organisations(scope) -> tuple[dict[int, OrganisationFigures], dict[str, str]]:
    """The organisations in scope; and the kinds the page may name: for the admin every
    active kind (a kind with no organisation yet is a gap too), else their own kinds."""
    stmt = (
        select(OrganisationKind.code, OrganisationKind.name, Organisation.id, Organisation.name)
        .select_from(OrganisationKind)
        .outerjoin(Organisation, Organisation.kind_id == OrganisationKind.id)
        .order_by(Organisation.name)
    )
    if scope is not None:
        stmt = stmt.where(Organisation.id.in_(sorted(scope)))
    else:
        stmt = stmt.where(OrganisationKind.is_active | Organisation.id.is_not(None))
    organisations, names = {}, {}
    for code, kind_name, org_id, org_name in db.session.execute(stmt):
        names[code] = kind_name
        if org_id is not None:
            organisations[org_id] = OrganisationFigures(org_id, org_name, code, kind_name)
    return organisations, names


def _kinds(organisations, names, scope) -> dict[str, KindFigures]:
    """Volunteers by kind: the kinds with members, and those a coverage rule names."""
    ruled = {code for code, _ in current_app.config.get("WILAYAH_CAKUPAN", COVERAGE)}
    own = {o.kind_code for o in organisations.values()}
    kinds = {
        code: KindFigures(code, name)
        for code, name in names.items()
        if code in ruled and (scope is None or code in own)
    }
    for org in organisations.values():
        kind = kinds.setdefault(org.kind_code, KindFigures(org.kind_code, org.kind_name))
        kind.members += org.members
    return dict(sorted(kinds.items(), key=lambda item: item[1].name))


def _members(organisations, month, scope, desa_ids, child_of, rows) -> dict[str, set[int]]:
    """Fills each organisation's report counts and each child's members; returns the desa
    ids where each kind has a member living."""
    status = func.coalesce(MonthlyReport.status, DRAFT)
    stmt = (
        select(User.home_desa_id, Membership.organisation_id, status, func.count())
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .outerjoin(
            MonthlyReport,
            and_(
                MonthlyReport.user_id == Membership.user_id,
                MonthlyReport.organisation_id == Membership.organisation_id,
                MonthlyReport.month == month,
            ),
        )
        .where(Membership.status == ACTIVE)
        .group_by(User.home_desa_id, Membership.organisation_id, status)
    )
    if scope is not None:
        stmt = stmt.where(Membership.organisation_id.in_(sorted(scope)))
    if desa_ids is not None:
        stmt = stmt.where(User.home_desa_id.in_(desa_ids))
    covered: dict[str, set[int]] = defaultdict(set)
    for desa_id, org_id, report_status, count in db.session.execute(stmt):
        org = organisations[org_id]
        org.reports[report_status] += count
        covered[org.kind_code].add(desa_id)
        child = rows.get(child_of(desa_id))
        if child is not None:
            child.members += count
    return covered


def _attendance(organisations, month, desa_ids) -> None:
    """Fills each organisation's meeting attendance: its members' invitations (as members
    of it) to the meetings of the month that have ended, cancelled ones aside, and how many
    of them were marked hadir; on a kecamatan or desa page, of the members living there."""
    start = datetime.combine(month, time(), JAKARTA)
    end = datetime.combine(months.shift(month, 1), time(), JAKARTA)
    present = func.coalesce(func.sum(case((Invitation.attendance == HADIR, 1), else_=0)), 0)
    stmt = (
        select(Invitation.organisation_id, func.count(), present)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Meeting.status == SCHEDULED,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            Meeting.ends_at <= now_utc(),
            Invitation.organisation_id.in_(sorted(organisations)),
        )
        .group_by(Invitation.organisation_id)
    )
    if desa_ids is not None:
        stmt = stmt.join(User, User.id == Invitation.user_id).where(User.home_desa_id.in_(desa_ids))
    for org_id, invited, attended in db.session.execute(stmt):
        organisations[org_id].invited, organisations[org_id].attended = invited, attended


def _gaps(places, level, area, kinds, covered) -> list[Gap]:
    """Areas of the page with no member of a kind: for the admin every rule, for a
    coordinator the rules of their own organisations' kinds (those in kinds)."""
    gaps = []
    for code, rule_level in current_app.config.get("WILAYAH_CAKUPAN", COVERAGE):
        kind = kinds.get(code)
        if kind is None:
            continue
        have = covered.get(code, set())
        if rule_level == DESA:
            if level == DESA:
                candidates = [area]
            elif level == KECAMATAN:
                candidates = places.desa_of(area)
            else:
                candidates = [d for kec in places.kecamatan for d in places.desa_of(kec)]
            missing = [d for d in candidates if d.id not in have]
        elif level == DESA:
            continue  # a desa page does not see its kecamatan's other desa
        else:
            candidates = [area] if level == KECAMATAN else places.kecamatan
            missing = [k for k in candidates if not {d.id for d in places.desa_of(k)} & have]
        gaps.append(Gap(kind, rule_level, missing))
    return gaps
