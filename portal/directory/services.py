"""The public directory: listed organisations, and the members who chose to be listed.

Queries select only the public columns, so nothing else about a person can reach a
public page: name, organisations (with grade), desa and kecamatan, and the phone number
only when its owner chose to show it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..models import Area, Membership, Organisation, OrganisationKind, User
from ..models.organisations import ACTIVE
from ..paging import Page, paginate

PER_PAGE = 20
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class MemberFilters:
    q: str = ""
    kind_id: int | None = None
    organisation_id: int | None = None
    kecamatan_id: int | None = None
    desa_id: int | None = None


@dataclass(frozen=True)
class OrganisationFilters:
    q: str = ""
    kind_id: int | None = None
    kecamatan_id: int | None = None


@dataclass
class ListedMember:
    """Everything the public may know about a volunteer; nothing more is ever loaded."""

    name: str
    phone: str | None
    desa: str | None
    kecamatan: str | None
    organisations: list[tuple[str, str | None]] = field(default_factory=list)  # (name, grade)


def _words(q: str) -> list[str]:
    return [w for w in q.split() if w][:8]


def _memberships_in_listed_organisations():
    return (
        select(Membership.id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id == User.id, Membership.status == ACTIVE, Organisation.is_listed)
    )


def listed_members(filters: MemberFilters, page: int = 1, per_page: int = PER_PAGE) -> Page:
    """Listed people with an active membership in a listed organisation: three queries."""
    memberships = _memberships_in_listed_organisations()
    if filters.organisation_id:
        memberships = memberships.where(Membership.organisation_id == filters.organisation_id)
    if filters.kind_id:
        memberships = memberships.where(Organisation.kind_id == filters.kind_id)
    desa, kecamatan = aliased(Area), aliased(Area)
    stmt = (
        select(
            User.id,
            User.full_name,
            # A hidden phone number never leaves the database.
            case((User.show_phone, User.phone), else_=None).label("phone"),
            desa.name.label("desa"),
            kecamatan.name.label("kecamatan"),
        )
        .outerjoin(desa, desa.id == User.home_desa_id)
        .outerjoin(kecamatan, kecamatan.id == desa.parent_id)
        .where(
            User.listed.is_(True),
            User.erased_at.is_(None),
            User.is_deactivated.is_(False),
            memberships.exists(),
        )
        .order_by(User.full_name, User.id)
    )
    for word in _words(filters.q):
        stmt = stmt.where(User.full_name.icontains(word, autoescape=True))
    if filters.desa_id:
        stmt = stmt.where(User.home_desa_id == filters.desa_id)
    if filters.kecamatan_id:
        stmt = stmt.where(desa.parent_id == filters.kecamatan_id)
    result = paginate(stmt, page, per_page)
    organisations = _public_memberships([row.id for row in result.items])
    result.items = [
        ListedMember(
            name=row.full_name,
            phone=row.phone,
            desa=row.desa,
            kecamatan=row.kecamatan,
            organisations=organisations.get(row.id, []),
        )
        for row in result.items
    ]
    return result


def _public_memberships(user_ids: list[int]) -> dict[int, list[tuple[str, str | None]]]:
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(Membership.user_id, Organisation.name, Membership.grade)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(
            Membership.user_id.in_(user_ids),
            Membership.status == ACTIVE,
            Organisation.is_listed,
        )
        .order_by(Organisation.name)
    )
    found: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for user_id, name, grade in rows:
        found[user_id].append((name, grade))
    return found


def _active_counts():
    return (
        select(Membership.organisation_id, func.count().label("n"))
        .where(Membership.status == ACTIVE)
        .group_by(Membership.organisation_id)
        .subquery()
    )


def listed_organisations(
    filters: OrganisationFilters, page: int = 1, per_page: int = PER_PAGE
) -> Page:
    """Listed organisations with their number of active members; a kecamatan filter keeps
    the organisations working there and those that serve the whole regency."""
    counts = _active_counts()
    area, parent = aliased(Area), aliased(Area)
    stmt = (
        select(Organisation, func.coalesce(counts.c.n, 0).label("active_members"))
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .outerjoin(area, area.id == Organisation.area_id)
        .outerjoin(parent, parent.id == area.parent_id)
        .options(joinedload(Organisation.kind), joinedload(Organisation.area))
        .where(Organisation.is_listed)
        .order_by(Organisation.name, Organisation.id)
    )
    for word in _words(filters.q):
        stmt = stmt.where(
            or_(
                Organisation.name.icontains(word, autoescape=True),
                Organisation.short_name.icontains(word, autoescape=True),
            )
        )
    if filters.kind_id:
        stmt = stmt.where(Organisation.kind_id == filters.kind_id)
    if filters.kecamatan_id:
        stmt = stmt.where(
            or_(
                area.id == filters.kecamatan_id,
                area.parent_id == filters.kecamatan_id,
                area.level == "kabupaten",
            )
        )
    return paginate(stmt, page, per_page)


def active_member_count(organisation: Organisation) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == organisation.id, Membership.status == ACTIVE)
    )


def listed_member_count(organisation: Organisation) -> int:
    """How many of its active members chose to appear in the directory."""
    return listed_members(MemberFilters(organisation_id=organisation.id), 1, 1).total


# Choices for the filter forms: one query each, small reference tables.


def kind_choices(blank: str) -> list[tuple[str, str]]:
    kinds = db.session.execute(
        select(OrganisationKind.id, OrganisationKind.name)
        .where(
            OrganisationKind.id.in_(
                select(Organisation.kind_id).where(Organisation.is_listed).distinct()
            )
        )
        .order_by(OrganisationKind.name)
    )
    return [("", blank)] + [(str(i), name) for i, name in kinds]


def organisation_choices(blank: str) -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(Organisation.id, Organisation.name)
        .where(Organisation.is_listed)
        .order_by(Organisation.name)
    )
    return [("", blank)] + [(str(i), name) for i, name in rows]


def area_choices(blank_kecamatan: str, blank_desa: str):
    """Kecamatan, and desa grouped by kecamatan: one query for both lists."""
    areas = db.session.execute(
        select(Area.id, Area.name, Area.level, Area.parent_id)
        .where(Area.level.in_(("kecamatan", "desa")), Area.is_active)
        .order_by(Area.name)
    ).all()
    kecamatan = [(a.id, a.name) for a in areas if a.level == "kecamatan"]
    desa: dict[str, list[tuple[str, str]]] = {"": [("", blank_desa)]}
    for kec_id, kec_name in kecamatan:
        desa[kec_name] = [
            (str(a.id), a.name) for a in areas if a.level == "desa" and a.parent_id == kec_id
        ]
    return [("", blank_kecamatan)] + [(str(i), n) for i, n in kecamatan], desa
