"""Reading the library: who sees what, search, filters, "baru" marks. Bounded queries only."""

from datetime import timedelta

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import defer, joinedload, load_only

from ..extensions import db
from ..models import Material, MaterialProgress, Organisation, utcnow
from ..models.materials import (
    AUDIENCE_MEMBERS,
    AUDIENCE_PUBLIC,
    PUBLISHED,
    material_audience,
    searchable,
)
from ..paging import paginate
from ..security import can_see_member_area, is_admin, managed_organisation_ids

PER_PAGE = 20
NEW_DAYS = 30  # the home panel's "new": published within this many days
MAX_TERMS = 6


def visible_clause(user):
    """Published material this person may read (their audience, and their own org's)."""
    published = Material.status == PUBLISHED
    if is_admin(user):
        return published
    if not (user and user.is_authenticated and can_see_member_area(user)):
        return and_(published, Material.audience == AUDIENCE_PUBLIC)
    chosen = select(material_audience.c.material_id).where(
        material_audience.c.organisation_id.in_(user.active_organisation_ids())
    )
    audience = [Material.audience.in_((AUDIENCE_PUBLIC, AUDIENCE_MEMBERS)), Material.id.in_(chosen)]
    managed = managed_organisation_ids(user)
    if managed:
        audience.append(Material.organisation_id.in_(managed))
    return and_(published, or_(*audience))


def search_clause(query: str | None):
    """Every word must appear in the title, the summary or the body, in any case.

    One LIKE per word on the case-folded search_text column; see
    benchmarks/bench_materials.py for the time it takes over 2,000 materials.
    """
    terms = searchable(query).split()[:MAX_TERMS]
    return and_(true(), *(Material.search_text.contains(t, autoescape=True) for t in terms))


def owner_clause(owner):
    if owner == "kantor":
        return Material.organisation_id.is_(None)
    if isinstance(owner, int):
        return Material.organisation_id == owner
    return true()


def library_page(user, *, query=None, kind=None, owner=None, page=1, per_page=PER_PAGE):
    """One page of the library for this person, newest first."""
    stmt = (
        select(Material)
        .where(visible_clause(user), search_clause(query), owner_clause(owner))
        .options(joinedload(Material.organisation), defer(Material.body))
        .order_by(Material.published_at.desc(), Material.id.desc())
    )
    if kind:
        stmt = stmt.where(Material.kind == kind)
    return paginate(stmt, page, per_page, one_scan=True)


def progress_map(user, material_ids) -> dict[int, MaterialProgress]:
    """This person's progress on the listed material, in one query."""
    ids = list(material_ids)
    if not ids or not (user and user.is_authenticated):
        return {}
    rows = db.session.scalars(
        select(MaterialProgress).where(
            MaterialProgress.user_id == user.id, MaterialProgress.material_id.in_(ids)
        )
    )
    return {p.material_id: p for p in rows}


def _unopened(user):
    return ~exists().where(
        MaterialProgress.material_id == Material.id,
        MaterialProgress.user_id == user.id,
        MaterialProgress.opened_at.is_not(None),
    )


def new_unopened(user, limit: int = 3) -> tuple[int, list[Material]]:
    """For the home panel: recent material this person has not opened, and how many."""
    since = utcnow() - timedelta(days=NEW_DAYS)
    # The newest few and how many there are, in one query (the count over the whole match,
    # so only the columns the panel shows: the database sorts every match).
    rows = db.session.execute(
        select(Material, func.count().over())
        .options(load_only(Material.slug, Material.title, Material.kind, Material.published_at))
        .where(visible_clause(user), Material.published_at >= since, _unopened(user))
        .order_by(Material.published_at.desc(), Material.id.desc())
        .limit(limit)
    ).all()
    return (rows[0][1] if rows else 0), [row[0] for row in rows]


def publishers(user) -> list[Organisation]:
    """Organisations with material this person can see, for the library's filter."""
    has_material = exists().where(Material.organisation_id == Organisation.id, visible_clause(user))
    return list(
        db.session.scalars(select(Organisation).where(has_material).order_by(Organisation.name))
    )


def managed_page(user, *, status=None, page=1, per_page=PER_PAGE):
    """The material this person may edit (every status), last edited first."""
    stmt = (
        select(Material)
        .options(joinedload(Material.organisation))
        .order_by(Material.updated_at.desc(), Material.id.desc())
    )
    managed = managed_organisation_ids(user)
    if managed is not None:
        stmt = stmt.where(Material.organisation_id.in_(managed))
    if status:
        stmt = stmt.where(Material.status == status)
    return paginate(stmt, page, per_page)
