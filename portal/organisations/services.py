"""Membership decisions: approve, reject, suspend, reinstate; each audited and announced."""

import contextlib

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import audit, database, notices, phone
from ..extensions import db
from ..i18n import N_, today_wib
from ..models import Area, Membership, Organisation, User, utcnow
from ..models.organisations import ACTIVE, PENDING, REJECTED, SUSPENDED
from ..paging import paginate
from ..signals import membership_activated

# action -> (statuses it applies to, new status, audit action)
TRANSITIONS = {
    "approve": ({PENDING}, ACTIVE, "membership.approved"),
    "reject": ({PENDING}, REJECTED, "membership.rejected"),
    "suspend": ({ACTIVE}, SUSPENDED, "membership.suspended"),
    "reinstate": ({SUSPENDED}, ACTIVE, "membership.reinstated"),
}


# action -> the notice the person gets, with the coordinator's note if there is one
_NOTE = N_("Catatan koordinator: %(note)s")
NOTICES = {
    action: notices.kind(f"membership.{action}", template, note=_NOTE)
    for action, template in {
        "approve": N_("Pendaftaran Anda di %(org)s disetujui. Selamat bergabung!"),
        "reject": N_("Pendaftaran Anda di %(org)s tidak disetujui."),
        "suspend": N_("Keanggotaan Anda di %(org)s ditangguhkan."),
        "reinstate": N_("Keanggotaan Anda di %(org)s aktif kembali."),
    }.items()
}


class DecisionError(ValueError):
    """A decision that does not fit the membership's current status."""


def decide(actor: User, membership: Membership, action: str, note: str | None = None) -> None:
    allowed_from, new_status, audit_action = TRANSITIONS[action]
    if membership.status not in allowed_from:
        raise DecisionError(_("Keputusan ini tidak berlaku untuk status keanggotaan sekarang."))
    values = {
        "status": new_status,
        "decided_by_id": actor.id,
        "decided_at": utcnow(),
        "decision_note": note or None,
    }
    if action == "approve" and membership.joined_on is None:
        values["joined_on"] = today_wib()
    if not database.transition(membership, "status", allowed_from, **values):
        # Another coordinator decided a moment ago.
        raise DecisionError(
            _("Keanggotaan ini sudah diputuskan oleh orang lain; muat ulang halaman.")
        )
    if new_status == ACTIVE:
        db.session.flush()
        membership_activated.send(current_app._get_current_object(), membership=membership)
    audit.record(
        audit_action,
        actor=actor,
        obj=membership,
        subject=membership.user,
        detail={"organisation_id": membership.organisation_id, "note": bool(note)},
    )
    notices.notify(
        membership.user,
        NOTICES[action],
        url_for("main.home"),
        org=membership.organisation.name,
        note=note or None,
    )


def pending_applicants(organisation_ids: set[int] | None, limit: int = 200) -> list[Membership]:
    """Applicants waiting, oldest first; None means every organisation (admin)."""
    stmt = (
        select(Membership)
        .where(Membership.status == PENDING)
        .options(
            joinedload(Membership.user).joinedload(User.home_desa).joinedload(Area.parent),
            joinedload(Membership.organisation),
        )
        .order_by(Membership.applied_at)
        .limit(limit)
    )
    if organisation_ids is not None:
        stmt = stmt.where(Membership.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(stmt))


def pending_count(organisation_ids: set[int] | None) -> int:
    stmt = select(func.count()).select_from(Membership).where(Membership.status == PENDING)
    if organisation_ids is not None:
        if not organisation_ids:
            return 0
        stmt = stmt.where(Membership.organisation_id.in_(organisation_ids))
    return db.session.scalar(stmt)


def members_stmt(
    organisation: Organisation,
    status: str | None = None,
    q: str = "",
    desa_id: int | None = None,
):
    """The organisation's people by name: filtered by status, desa, and name, phone or
    member number."""
    stmt = (
        select(Membership)
        .join(Membership.user)
        .where(Membership.organisation_id == organisation.id)
        .options(joinedload(Membership.user).joinedload(User.home_desa).joinedload(Area.parent))
        .order_by(User.full_name, Membership.id)
    )
    if status:
        stmt = stmt.where(Membership.status == status)
    if desa_id:
        stmt = stmt.where(User.home_desa_id == desa_id)
    for word in q.split()[:8]:
        terms = [
            User.full_name.icontains(word, autoescape=True),
            Membership.member_number.icontains(word, autoescape=True),
        ]
        with contextlib.suppress(phone.InvalidPhone):
            terms.append(User.phone == phone.normalise(word))
        if word.isdigit() and len(word) >= 4:  # part of a phone number: 0812, 3456
            terms.append(User.phone.contains(word.lstrip("0") or word, autoescape=True))
        stmt = stmt.where(or_(*terms))
    return stmt


def members_page(
    organisation: Organisation,
    status: str | None,
    page: int,
    per_page: int = 30,
    *,
    q: str = "",
    desa_id: int | None = None,
):
    stmt = members_stmt(organisation, status, q, desa_id)
    return paginate(stmt, page, per_page)
