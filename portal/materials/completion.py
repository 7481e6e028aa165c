"""Follow-up for a coordinator: who in their organisation opened or completed which material.

The material that counts for an organisation is what its members are meant to read:
published, and public, for all members, or for that organisation. Counts come from
one aggregate query per page, whatever the number of rows on it.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import joinedload

from .. import exports
from ..extensions import db
from ..models import Material, MaterialProgress, Membership, Organisation, User
from ..models.materials import AUDIENCE_MEMBERS, AUDIENCE_PUBLIC, PUBLISHED, material_audience
from ..models.organisations import ACTIVE
from ..paging import paginate
from .labels import KIND_LABELS

PER_PAGE = 30


@dataclass(frozen=True)
class Tally:
    opened: int = 0
    completed: int = 0


def relevant_clause(organisation_id: int):
    chosen = select(material_audience.c.material_id).where(
        material_audience.c.organisation_id == organisation_id
    )
    return and_(
        Material.status == PUBLISHED,
        or_(Material.audience.in_((AUDIENCE_PUBLIC, AUDIENCE_MEMBERS)), Material.id.in_(chosen)),
    )


def _active_members(organisation_id: int):
    return and_(Membership.organisation_id == organisation_id, Membership.status == ACTIVE)


def member_count(organisation_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Membership).where(_active_members(organisation_id))
    )


def material_count(organisation_id: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Material).where(relevant_clause(organisation_id))
    )


def materials_page(organisation_id: int, page: int = 1, per_page: int = PER_PAGE):
    """(page of material, {material id: Tally of this organisation's active members})."""
    pagination = paginate(
        select(Material)
        .where(relevant_clause(organisation_id))
        .order_by(Material.published_at.desc(), Material.id.desc()),
        page,
        per_page,
    )
    ids = [m.id for m in pagination.items]
    rows = db.session.execute(
        select(
            MaterialProgress.material_id,
            func.count(MaterialProgress.opened_at),
            func.count(MaterialProgress.completed_at),
        )
        .join(
            Membership,
            and_(Membership.user_id == MaterialProgress.user_id, _active_members(organisation_id)),
        )
        .where(MaterialProgress.material_id.in_(ids))
        .group_by(MaterialProgress.material_id)
    )
    return pagination, {mid: Tally(o, c) for mid, o, c in rows}


def _members_stmt(organisation_id: int):
    return (
        select(Membership)
        .join(Membership.user)
        .where(_active_members(organisation_id))
        .options(joinedload(Membership.user))
        .order_by(User.full_name, Membership.id)
    )


def members_page(organisation_id: int, page: int = 1, per_page: int = PER_PAGE):
    """(page of active memberships, {user id: Tally over the organisation's material})."""
    pagination = paginate(_members_stmt(organisation_id), page, per_page)
    return pagination, _user_tallies(organisation_id, [m.user_id for m in pagination.items])


def member_tally(organisation_id: int, user_id: int) -> Tally:
    return _user_tallies(organisation_id, [user_id]).get(user_id, Tally())


def _user_tallies(organisation_id: int, user_ids: list[int]) -> dict[int, Tally]:
    relevant = select(Material.id).where(relevant_clause(organisation_id))
    rows = db.session.execute(
        select(
            MaterialProgress.user_id,
            func.count(MaterialProgress.opened_at),
            func.count(MaterialProgress.completed_at),
        )
        .where(MaterialProgress.user_id.in_(user_ids), MaterialProgress.material_id.in_(relevant))
        .group_by(MaterialProgress.user_id)
    )
    return {uid: Tally(o, c) for uid, o, c in rows}


def material_members_page(organisation_id: int, material: Material, page: int = 1):
    """(page of active memberships, {user id: MaterialProgress}) for one material."""
    pagination = paginate(_members_stmt(organisation_id), page, PER_PAGE)
    user_ids = [m.user_id for m in pagination.items]
    progress = db.session.scalars(
        select(MaterialProgress).where(
            MaterialProgress.material_id == material.id, MaterialProgress.user_id.in_(user_ids)
        )
    )
    return pagination, {p.user_id: p for p in progress}


def material_tally(organisation_id: int, material: Material) -> Tally:
    opened, completed = db.session.execute(
        select(func.count(MaterialProgress.opened_at), func.count(MaterialProgress.completed_at))
        .join(
            Membership,
            and_(Membership.user_id == MaterialProgress.user_id, _active_members(organisation_id)),
        )
        .where(MaterialProgress.material_id == material.id)
    ).one()
    return Tally(opened, completed)


def detail_rows(organisation_id: int):
    """Every active member × every material that counts, with dates: for the download."""
    progress = and_(
        MaterialProgress.user_id == Membership.user_id,
        MaterialProgress.material_id == Material.id,
    )
    return db.session.execute(
        select(
            Material.id,
            User.id,
            Material.title,
            Material.kind,
            Material.published_at,
            User.full_name,
            Membership.member_number,
            MaterialProgress.opened_at,
            MaterialProgress.completed_at,
        )
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .join(Material, true())
        .outerjoin(MaterialProgress, progress)
        .where(_active_members(organisation_id), relevant_clause(organisation_id))
        .order_by(Material.published_at.desc(), Material.id, User.full_name, User.id)
    ).all()


def _status(opened, completed) -> str:
    if completed:
        return _("selesai")
    return _("dibuka") if opened else _("belum")


DETAIL_HEADERS = (
    _l("Materi"),
    _l("Jenis"),
    _l("Terbit"),
    _l("Anggota"),
    _l("No. anggota"),
    _l("Status"),
    _l("Dibuka"),
    _l("Selesai"),
)


def detail_sheet(organisation_id: int):
    """(headers, rows): one row per member and material, for CSV and the XLSX's last sheet."""
    return [str(h) for h in DETAIL_HEADERS], [row[2:] for row in _labelled(organisation_id)]


def _labelled(organisation_id: int):
    return [
        (
            *ids,
            title,
            str(KIND_LABELS.get(kind, kind)),
            published,
            name,
            number,
            _status(opened, completed),
            opened,
            completed,
        )
        for *ids, title, kind, published, name, number, opened, completed in detail_rows(
            organisation_id
        )
    ]


def export_sheets(organisation_id: int):
    """Three sheets: per material, per member, and the detail they are counted from."""
    labelled = _labelled(organisation_id)
    members = member_count(organisation_id)
    per_material: dict[int, list] = {}
    per_member: dict[int, list] = {}
    for (
        material_id,
        user_id,
        title,
        kind,
        published,
        name,
        number,
        _s,
        opened,
        completed,
    ) in labelled:
        m = per_material.setdefault(material_id, [title, kind, published, 0, 0])
        p = per_member.setdefault(user_id, [name, number, 0, 0])
        if opened:
            m[3] += 1
            p[2] += 1
        if completed:
            m[4] += 1
            p[3] += 1
    total = len(per_material)
    material_rows = [[*r, members - r[3]] for r in per_material.values()]
    member_rows = [[*r, total - r[2], total] for r in per_member.values()]
    organisation = db.session.get(Organisation, organisation_id)
    title = _("Kemajuan materi %(org)s", org=organisation.name if organisation else "")
    return [
        exports.Sheet(
            _("Per materi"),
            [_("Materi"), _("Jenis"), _("Terbit"), _("Dibuka"), _("Selesai"), _("Belum dibuka")],
            material_rows,
            title=title,
        ),
        exports.Sheet(
            _("Per anggota"),
            [
                _("Anggota"),
                _("No. anggota"),
                _("Dibuka"),
                _("Selesai"),
                _("Belum dibuka"),
                _("Jumlah materi"),
            ],
            member_rows,
            title=title,
        ),
        exports.Sheet(
            _("Rincian"),
            [str(h) for h in DETAIL_HEADERS],
            [row[2:] for row in labelled],
            title=title,
        ),
    ]
