"""Member import: upload → preview with each row's problems → save the valid rows at once.

Saving is one transaction: every valid row becomes an account (or, for the admin, a new
membership of an existing account) with an active membership and a one-time activation
link, or nothing is saved. The file's rows are kept only as long as they are needed.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit, notices
from ..extensions import db
from ..i18n import N_, today_wib
from ..models import Area, MemberImport, MemberImportRow, Membership, Organisation, User, utcnow
from ..models.imports import (
    DISCARDED,
    IMPORTED,
    PREVIEW,
    ROW_EXISTING,
    ROW_MEMBER,
    ROW_NEW,
    ROW_PROBLEM,
)
from ..models.organisations import ACTIVE, ROLE_MEMBER
from ..paging import paginate
from ..signals import membership_activated
from . import activation, checks, parsing

PREVIEW_KEPT = timedelta(days=1)
PROBLEM_ROWS_KEPT = timedelta(days=7)

ADDED_NOTICE = notices.kind("membership.imported", N_("Anda ditambahkan sebagai anggota %(org)s."))


class MemberImportError(ValueError):
    """The import cannot go ahead; the message says why in Bahasa Indonesia."""


class ImportChanged(MemberImportError):
    """Accounts changed since the preview; the preview was brought up to date."""


@dataclass
class Outcome:
    created: int
    added: int


def preview(actor: User, organisation: Organisation, filename: str, data: bytes) -> MemberImport:
    """Read and check the file; store the rows for the preview. Nothing else changes."""
    from ..security.organisations import can_add_existing_accounts

    sheet_rows = parsing.read_rows(data)  # raises parsing.ImportFileError
    rows = checks.check_rows(sheet_rows, organisation.id, can_add_existing_accounts(actor))
    purge_stale()
    batch = MemberImport(
        organisation_id=organisation.id,
        created_by_id=actor.id,
        filename=(filename or "daftar-anggota")[:200],
        status=PREVIEW,
    )
    _count(batch, [r.outcome for r in rows])
    db.session.add(batch)
    db.session.flush()
    db.session.execute(
        MemberImportRow.__table__.insert(),
        [{"batch_id": batch.id, **row.as_row()} for row in rows],
    )
    audit.record(
        "members.import_previewed",
        actor=actor,
        obj=batch,
        detail={"organisation_id": organisation.id, "rows": batch.row_count},
    )
    return batch


def _count(batch: MemberImport, outcomes: list[str]) -> None:
    batch.row_count = len(outcomes)
    batch.new_count = outcomes.count(ROW_NEW)
    batch.existing_count = outcomes.count(ROW_EXISTING)
    batch.member_count = outcomes.count(ROW_MEMBER)
    batch.problem_count = outcomes.count(ROW_PROBLEM)


def rows_page(batch: MemberImport, only_problems: bool, page: int, per_page: int = 50):
    stmt = (
        select(MemberImportRow)
        .where(MemberImportRow.batch_id == batch.id)
        .options(joinedload(MemberImportRow.desa).joinedload(Area.parent))
    )
    if only_problems:
        stmt = stmt.where(MemberImportRow.outcome == ROW_PROBLEM)
    stmt = stmt.order_by(MemberImportRow.line)
    return paginate(stmt, page, per_page)


def _lock(batch: MemberImport) -> MemberImport:
    """The batch, locked against a second save running at the same time (PostgreSQL),
    with its organisation (which the notices name); only the batch's row is locked."""
    return db.session.scalar(
        select(MemberImport)
        .where(MemberImport.id == batch.id)
        .options(joinedload(MemberImport.organisation))
        .with_for_update(of=MemberImport)
        .execution_options(populate_existing=True)
    )


def save(actor: User, batch: MemberImport) -> Outcome:
    """Import every valid row in one transaction, or nothing."""
    from ..security.organisations import can_add_existing_accounts

    batch = _lock(batch)
    if batch.status != PREVIEW:
        raise MemberImportError(_("Daftar ini sudah diimpor atau dibatalkan."))
    rows = list(
        db.session.scalars(
            select(MemberImportRow)
            .where(
                MemberImportRow.batch_id == batch.id,
                MemberImportRow.outcome.in_((ROW_NEW, ROW_EXISTING)),
            )
            .order_by(MemberImportRow.line)
        )
    )
    if not rows:
        raise MemberImportError(
            _("Tidak ada baris yang dapat diimpor. Perbaiki berkasnya lalu unggah lagi.")
        )
    if checks.recheck(batch.organisation_id, rows, can_add_existing_accounts(actor)):
        _count(batch, _all_outcomes(batch))
        raise ImportChanged(
            _(
                "Ada data yang berubah sejak pratinjau dibuat (misalnya nomor HP yang baru "
                "saja mendaftar). Pratinjau sudah diperbarui: periksa lagi lalu impor."
            )
        )
    try:
        outcome = _create_members(actor, batch, rows)
    except IntegrityError as exc:
        db.session.rollback()
        raise ImportChanged(
            _("Data berubah saat impor berjalan; tidak ada yang disimpan. Coba impor lagi.")
        ) from exc
    return outcome


def _all_outcomes(batch: MemberImport) -> list[str]:
    return list(
        db.session.scalars(
            select(MemberImportRow.outcome).where(MemberImportRow.batch_id == batch.id)
        )
    )


def _create_members(actor: User, batch: MemberImport, rows: list[MemberImportRow]) -> Outcome:
    now = utcnow()
    new_rows = [r for r in rows if r.outcome == ROW_NEW]
    users = [
        User(
            full_name=r.full_name,
            phone=r.phone,
            email=r.email,
            home_desa_id=r.desa_id,
            password_hash=None,  # the person sets it with their activation link
        )
        for r in new_rows
    ]
    db.session.add_all(users)
    db.session.flush()
    user_ids = [u.id for u in users] + [
        r.existing_user_id for r in rows if r.outcome == ROW_EXISTING
    ]
    sources = new_rows + [r for r in rows if r.outcome == ROW_EXISTING]
    memberships = [
        Membership(
            user_id=user_id,
            organisation_id=batch.organisation_id,
            role=ROLE_MEMBER,
            status=ACTIVE,
            member_number=row.member_number,
            grade=row.grade,
            applied_at=now,
            joined_on=today_wib(),
            decided_by_id=actor.id,
            decided_at=now,
        )
        for user_id, row in zip(user_ids, sources, strict=True)
    ]
    db.session.add_all(memberships)
    db.session.flush()
    new_users = {u.id: u for u in users}
    existing = [m.user_id for m in memberships if m.user_id not in new_users]
    people = {**new_users, **_users(existing)}
    app = current_app._get_current_object()
    for membership in memberships:
        if membership.user_id in new_users:
            activation.issue(actor, membership, batch_id=batch.id, audited=False)
        membership_activated.send(app, membership=membership)
        audit.record(
            "membership.imported",
            actor=actor,
            obj=membership,
            subject=people[membership.user_id],
            detail={"organisation_id": batch.organisation_id, "batch_id": batch.id},
        )
    notices.notify_many(existing, ADDED_NOTICE, url_for("main.home"), org=batch.organisation.name)
    batch.status = IMPORTED
    batch.finished_at = now
    # The file's rows are personal data of people who have not logged in yet: keep only
    # the rows with problems, for the coordinator to fix, and only for a few days.
    db.session.execute(
        delete(MemberImportRow).where(
            MemberImportRow.batch_id == batch.id, MemberImportRow.outcome != ROW_PROBLEM
        )
    )
    audit.record(
        "members.imported",
        actor=actor,
        obj=batch,
        detail={
            "organisation_id": batch.organisation_id,
            "created": len(users),
            "added": len(existing),
        },
    )
    return Outcome(created=len(users), added=len(existing))


def _users(ids: list[int]) -> dict[int, User]:
    found: dict[int, User] = {}
    for chunk in checks.chunks(ids):
        found.update((u.id, u) for u in db.session.scalars(select(User).where(User.id.in_(chunk))))
    return found


def discard(actor: User, batch: MemberImport) -> None:
    if batch.status != PREVIEW:
        return
    batch.status = DISCARDED
    batch.finished_at = utcnow()
    db.session.execute(delete(MemberImportRow).where(MemberImportRow.batch_id == batch.id))
    audit.record("members.import_discarded", actor=actor, obj=batch)


def purge_stale() -> None:
    """Forget the rows of old previews and old problem lists; the caller commits."""
    now = utcnow()
    stale_previews = select(MemberImport.id).where(
        MemberImport.status == PREVIEW, MemberImport.created_at < now - PREVIEW_KEPT
    )
    old = select(MemberImport.id).where(MemberImport.created_at < now - PROBLEM_ROWS_KEPT)
    db.session.execute(
        delete(MemberImportRow).where(
            MemberImportRow.batch_id.in_(stale_previews) | MemberImportRow.batch_id.in_(old)
        )
    )
    db.session.execute(
        MemberImport.__table__.update()
        .where(MemberImport.id.in_(stale_previews))
        .values(status=DISCARDED, finished_at=now)
    )


def recent_imports(organisation: Organisation, limit: int = 10) -> list[MemberImport]:
    return list(
        db.session.scalars(
            select(MemberImport)
            .where(MemberImport.organisation_id == organisation.id)
            .order_by(MemberImport.created_at.desc(), MemberImport.id.desc())
            .limit(limit)
        )
    )
