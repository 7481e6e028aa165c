"""A person's rights over their data (UU PDP 27/2022): a copy of it all, and erasure.

Erasure keeps the rows that aggregate statistics count (activities, reports, attendance)
but strips everything that identifies the person from the account and its memberships;
each feature deletes its own files and personal fields through personal_data.erase().
"""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit, database, notices, personal_data
from ..extensions import db
from ..i18n import N_
from ..models import ConsentRecord, DeletionRequest, Membership, Notice, User, utcnow
from ..models.organisations import LEFT, REJECTED, ROLE_MEMBER
from ..models.rights import CANCELLED, COMPLETED, REQUESTED
from ..paging import paginate
from ..personal_data import Field

DELETION_REQUESTED = notices.kind(
    "rights.deletion_requested", N_("Ada permintaan hapus akun baru.")
)


class DeletionError(ValueError):
    """A deletion request that cannot be completed as asked."""


def export(user: User) -> dict:
    """Everything the portal holds about this person, gathered from every feature."""
    return {
        "portal": "Simpul",
        "generated_at": utcnow().isoformat(),
        "sections": personal_data.collect(user),
    }


def open_request(user: User) -> DeletionRequest | None:
    return db.session.scalar(
        select(DeletionRequest).where(
            DeletionRequest.user_id == user.id, DeletionRequest.status == REQUESTED
        )
    )


def request_deletion(user: User, reason: str | None) -> DeletionRequest:
    """Ask for erasure; asking twice (or a double tap) leaves one open request."""
    existing = open_request(user)
    if existing is not None:
        return existing
    request = DeletionRequest(user_id=user.id, reason=(reason or None))
    try:
        with db.session.begin_nested():  # a duplicate undoes only this insert
            db.session.add(request)
    except IntegrityError:  # the same form, sent twice at once: the other one won
        return open_request(user)
    audit.record("account.deletion_requested", actor=user, obj=request, subject=user)
    admins = db.session.scalars(
        select(User.id).where(User.is_admin, User.erased_at.is_(None), User.id != user.id)
    ).all()
    notices.notify_many(admins, DELETION_REQUESTED, url_for("rights.deletion_requests"))
    return request


def cancel_deletion(user: User) -> bool:
    request = open_request(user)
    if request is None or not _decide(request, CANCELLED, user):
        return False
    audit.record("account.deletion_cancelled", actor=user, obj=request, subject=user)
    return True


def complete_deletion(admin: User, request: DeletionRequest) -> None:
    """Erase the person's account in one transaction; the audit records who and when."""
    if request.status != REQUESTED:
        raise DeletionError(_("Permintaan ini sudah diproses."))
    if request.user_id == admin.id:
        raise DeletionError(_("Permintaan hapus akun Anda sendiri diselesaikan oleh admin lain."))
    # Decided first, so that of two admins (or the admin and the person cancelling) at
    # once exactly one goes on.
    if not _decide(request, COMPLETED, admin):
        raise DeletionError(_("Permintaan ini sudah diproses oleh orang lain; muat ulang halaman."))
    user = request.user
    # Features first, while the account still has its phone number and memberships.
    personal_data.erase(user)
    anonymise(user)
    request.reason = None
    audit.record(
        "account.erased", actor=admin, obj=user, subject=user, detail={"request_id": request.id}
    )


def _decide(request: DeletionRequest, status: str, by: User) -> bool:
    return database.transition(
        request, "status", REQUESTED, status=status, decided_by_id=by.id, decided_at=utcnow()
    )


def anonymise(user: User) -> None:
    """Strip the account of what identifies the person; sessions end; the caller commits."""
    from ..auth import sessions

    now = utcnow()
    user.full_name = f"Akun terhapus #{user.id}"
    user.phone = None
    user.email = None
    user.password_hash = None
    user.home_desa_id = None
    user.listed = False
    user.show_phone = False
    user.locale = None
    user.registration_token = None
    user.last_login_at = None
    user.is_admin = False
    user.is_deactivated = True
    user.erased_at = now
    sessions.end_all(user)
    # Memberships stay, so counts of past work still add up, but no longer active.
    db.session.execute(
        update(Membership)
        .where(Membership.user_id == user.id)
        .values(
            member_number=None,
            grade=None,
            decision_note=None,
            role=ROLE_MEMBER,
            status=case((Membership.status == REJECTED, REJECTED), else_=LEFT),
        )
    )
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.user_id == user.id, ConsentRecord.withdrawn_at.is_(None))
        .values(withdrawn_at=now)
    )
    db.session.execute(delete(Notice).where(Notice.user_id == user.id))
    db.session.expire(user, ["memberships", "consents"])


def deletion_requests(status: str, page: int, per_page: int = 30):
    from sqlalchemy.orm import joinedload

    stmt = (
        select(DeletionRequest)
        .where(DeletionRequest.status == status)
        .options(joinedload(DeletionRequest.user), joinedload(DeletionRequest.decided_by))
        .order_by(
            DeletionRequest.requested_at.desc()
            if status != REQUESTED
            else DeletionRequest.requested_at,
            DeletionRequest.id,
        )
    )
    return paginate(stmt, page, per_page)


def open_request_count() -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count()).select_from(DeletionRequest).where(DeletionRequest.status == REQUESTED)
    )


DELETION_STATUS_LABELS = {
    REQUESTED: _l("menunggu"),
    COMPLETED: _l("selesai"),
    CANCELLED: _l("dibatalkan"),
}
DATA_LABEL = _l("Permintaan hapus akun")
DATA_FIELDS = {
    "requested_at": Field(_l("Diminta")),
    "status": Field(_l("Status"), personal_data.labels(DELETION_STATUS_LABELS)),
    "reason": Field(_l("Alasan")),
    "decided_at": Field(_l("Diproses")),
}


def deletion_data(user: User) -> list[dict]:
    """The person's own deletion requests, for their data export."""
    rows = db.session.scalars(
        select(DeletionRequest)
        .where(DeletionRequest.user_id == user.id)
        .order_by(DeletionRequest.id)
    )
    return [
        {
            "requested_at": r.requested_at.isoformat(),
            "status": r.status,
            "reason": r.reason,
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        }
        for r in rows
    ]
