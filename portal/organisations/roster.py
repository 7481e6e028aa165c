"""The coordinator's view of their members: organisations overview, export, import template."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import audit, exports
from ..extensions import db
from ..models import Area, Membership, Organisation, User
from ..models.organisations import ACTIVE, PENDING
from ..paging import paginate
from ..phone import display
from .parsing import FIELDS, TEMPLATE_HEADERS
from .services import members_stmt

EXPORT_LIMIT = 50_000
TEMPLATE_ROWS = 1000  # rows of the import template with the drop-downs and text phone
EXPORT_HEADERS = (
    _l("Nama lengkap"),
    _l("Nomor HP"),
    _l("E-mail"),
    _l("Desa"),
    _l("Kecamatan"),
    _l("Status"),
    _l("Peran"),
    _l("Nomor anggota"),
    _l("Tingkatan"),
    _l("Mendaftar"),
    _l("Bergabung"),
    _l("Sudah aktivasi"),
)


# How the spreadsheet shows each column (exports.Column kinds); the rest are automatic.
EXPORT_KINDS = {1: exports.TEXT, 7: exports.TEXT, 9: exports.DATETIME, 10: exports.DATE}


def export_headers() -> list[exports.Column]:
    return [
        exports.Column(str(h), EXPORT_KINDS.get(i, exports.AUTO))
        for i, h in enumerate(EXPORT_HEADERS)
    ]


def export_sheet(organisation: Organisation, rows: list[list]) -> exports.Sheet:
    return exports.Sheet(
        _("Anggota"),
        export_headers(),
        rows,
        title=_("Daftar anggota %(org)s", org=organisation.name),
    )


def managed_organisations(organisation_ids: set[int] | None, page: int, per_page: int = 30):
    """(organisation, active, pending) rows; None means every organisation (admin)."""
    counts = (
        select(
            Membership.organisation_id,
            func.sum((Membership.status == ACTIVE).cast(db.Integer)).label("active"),
            func.sum((Membership.status == PENDING).cast(db.Integer)).label("pending"),
        )
        .group_by(Membership.organisation_id)
        .subquery()
    )
    stmt = (
        select(
            Organisation,
            func.coalesce(counts.c.active, 0),
            func.coalesce(counts.c.pending, 0),
        )
        .outerjoin(counts, counts.c.organisation_id == Organisation.id)
        .options(joinedload(Organisation.kind))
        .order_by(Organisation.name, Organisation.id)
    )
    if organisation_ids is not None:
        stmt = stmt.where(Organisation.id.in_(organisation_ids or {0}))

    return paginate(stmt, page, per_page)


def export_rows(
    actor: User,
    organisation: Organisation,
    status_labels: dict,
    fmt: str,
    *,
    status: str | None,
    q: str,
    desa_id: int | None,
) -> list[list]:
    """Every matching member as a row of plain values; the export is audited."""
    stmt = members_stmt(organisation, status, q, desa_id).limit(EXPORT_LIMIT)
    rows = [_export_row(m, status_labels) for m in db.session.scalars(stmt).unique()]
    audit.record_export(
        "members.exported",
        actor=actor,
        obj=organisation,
        fmt=fmt,
        rows=len(rows),
        status=status,
        filtered=bool(q or desa_id),
    )
    return rows


def _export_row(m: Membership, status_labels: dict) -> list:
    user = m.user
    desa: Area | None = user.home_desa
    return [
        user.full_name,
        display(user.phone),
        user.email,
        desa.name if desa else None,
        desa.parent.name if desa and desa.parent else None,
        str(status_labels.get(m.status, m.status)),
        _("koordinator") if m.role == "coordinator" else _("anggota"),
        m.member_number,
        m.grade,
        m.applied_at,
        m.joined_on,
        _("ya") if user.password_hash else _("belum"),
    ]


def template_sheets(kecamatan_with_desa: list[tuple[str, list[str]]]) -> list:
    """The import template: an empty sheet with the headers, and a sheet of instructions
    listing the desa names the import recognises."""
    kecamatan_names = sorted(kec for kec, _names in kecamatan_with_desa)
    desa_names = sorted({name for _kec, names in kecamatan_with_desa for name in names})
    choices = {"kecamatan": kecamatan_names, "desa": desa_names}
    kinds = {"phone": exports.TEXT, "member_number": exports.TEXT}
    headers = [
        exports.Column(TEMPLATE_HEADERS[name], kinds.get(name, exports.AUTO), choices.get(name, ()))
        for name in FIELDS
    ]
    instructions = [
        [_("Isi satu orang per baris di lembar Anggota, mulai baris ke-2.")],
        [_("Wajib: Nama lengkap, Nomor HP, Desa. Kecamatan membantu bila nama desa kembar.")],
        [_("Nomor HP: 08..., 8..., 62... atau +62...; boleh dengan spasi atau tanda hubung.")],
        [_("Tulis nilainya saja: rumus (=...) tidak diterima.")],
        [_("Paling banyak 5.000 baris per berkas. Mengimpor berkas yang sama lagi aman.")],
        [],
        [TEMPLATE_HEADERS["kecamatan"], TEMPLATE_HEADERS["desa"]],
    ]
    for kecamatan, desa_names in kecamatan_with_desa:
        instructions.extend([kecamatan, name] for name in desa_names)
    # The column names stay as the import reads them, whatever the interface language.
    # No title row on the members sheet: the import reads its first row as the headers.
    return [
        exports.Sheet("Anggota", headers, [], title=None, blank_rows=TEMPLATE_ROWS),
        exports.Sheet("Petunjuk", [_("Petunjuk impor anggota")], instructions, title=None),
    ]


def template_headers() -> list[str]:
    return [TEMPLATE_HEADERS[name] for name in FIELDS]


def kecamatan_with_desa() -> list[tuple[str, list[str]]]:
    from .. import areas

    grouped = areas.desa_choices(None, "")
    return [(kec, [name for _id, name in desa]) for kec, desa in grouped.items() if kec]
