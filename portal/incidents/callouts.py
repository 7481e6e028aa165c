"""The call-out: who is called, the one-tap answers, the live counts, calling again.

Each person called gets a notice through notices.notify (the one entry point; the
channels they chose fan out from it) and the coordinator gets a WhatsApp list.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.orm import joinedload

from .. import audit, notices, whatsapp
from ..extensions import db
from ..i18n import N_, now_utc
from ..models import Area, Callout, Incident, Membership, User
from ..models.incidents import ANSWERS, PENDING
from ..models.organisations import ACTIVE
from ..paging import paginate
from .services import check_open

CALLED = notices.kind(
    "incident.called",
    N_(
        "Panggilan tugas %(org)s: %(kind)s di %(desa)s. "
        "Jawab: siap berangkat, tidak bisa, atau sudah di lokasi."
    ),
)
CALLED_AGAIN = notices.kind(
    "incident.called_again",
    N_("Panggilan ulang %(org)s: %(kind)s di %(desa)s. Mohon jawab sekarang."),
)


@dataclass(frozen=True)
class CalloutScope:
    """Everyone of the organisation (kecamatan empty), or those whose home desa lies in
    one of these kecamatan."""

    kecamatan: tuple[Area, ...] = ()


def _candidates(incident: Incident, scope: CalloutScope):
    already = exists().where(
        Callout.incident_id == incident.id, Callout.user_id == Membership.user_id
    )
    stmt = (
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id == incident.organisation_id,
            Membership.status == ACTIVE,
            User.is_deactivated.is_(False),
            User.erased_at.is_(None),
            ~already,
        )
    )
    if scope.kecamatan:
        desa_ids = select(Area.id).where(Area.parent_id.in_([k.id for k in scope.kecamatan]))
        stmt = stmt.where(User.home_desa_id.in_(desa_ids))
    return stmt


def call_out(actor: User, incident: Incident, scope: CalloutScope) -> int:
    """Record a call-out for each member in scope not yet called (one bulk INSERT) and tell
    each one. Returns how many were newly called."""
    check_open(incident)
    user_ids = list(db.session.scalars(_candidates(incident, scope)))
    if user_ids:
        now = now_utc()
        db.session.execute(
            insert(Callout),
            [
                {"incident_id": incident.id, "user_id": uid, "answer": PENDING, "called_at": now}
                for uid in user_ids
            ],
        )
        _tell(user_ids, incident, CALLED)
    audit.record(
        "incident.called_out",
        actor=actor,
        obj=incident,
        detail={"called": len(user_ids), "kecamatan": [k.id for k in scope.kecamatan]},
    )
    return len(user_ids)


def call_again(actor: User, incident: Incident) -> int:
    """Tell once more those who have not answered."""
    check_open(incident)
    user_ids = list(
        db.session.scalars(
            select(Callout.user_id).where(
                Callout.incident_id == incident.id, Callout.answer == PENDING
            )
        )
    )
    if user_ids:
        db.session.execute(
            update(Callout)
            .where(Callout.incident_id == incident.id, Callout.answer == PENDING)
            .values(times_called=Callout.times_called + 1, called_at=now_utc())
            .execution_options(synchronize_session=False)
        )
        _tell(user_ids, incident, CALLED_AGAIN)
    audit.record(
        "incident.called_again", actor=actor, obj=incident, detail={"called": len(user_ids)}
    )
    return len(user_ids)


def _tell(user_ids, incident: Incident, kind: str) -> None:
    link = url_for("incidents.detail", incident_id=incident.id)
    params = {
        "org": incident.organisation.name,
        "kind": incident.kind.name,
        "desa": incident.desa.name,
    }
    for uid in user_ids:
        notices.notify(uid, kind, link, **params)


def answer(callout: Callout, incident: Incident, value: str, now: datetime | None = None) -> bool:
    """One tap: siap / tidak / di lokasi (checked by AnswerForm). One conditional UPDATE, so
    twenty answers at once are each recorded once. Returns whether it changed."""
    check_open(incident)
    result = db.session.execute(
        update(Callout)
        .where(Callout.id == callout.id, Callout.answer != value)
        .values(answer=value, answered_at=now or now_utc())
        .execution_options(synchronize_session=False)
    )
    db.session.expire(callout)
    return result.rowcount == 1


@dataclass
class Counts:
    called: int = 0
    answers: dict = field(default_factory=lambda: dict.fromkeys((PENDING, *ANSWERS), 0))


def counts(incident_id: int) -> Counts:
    """The answers of one incident, in one grouped query."""
    result = Counts()
    for value, n in db.session.execute(
        select(Callout.answer, func.count())
        .where(Callout.incident_id == incident_id)
        .group_by(Callout.answer)
    ):
        result.called += n
        result.answers[value] = result.answers.get(value, 0) + n
    return result


def people_page(incident: Incident, answer_filter: str | None, page: int, per_page: int = 50):
    """Those called, by name, filterable by answer ('pending': who has not answered)."""
    stmt = (
        select(Callout)
        .join(User, User.id == Callout.user_id)
        .where(Callout.incident_id == incident.id)
        .options(joinedload(Callout.user))
        .order_by(User.full_name, Callout.id)
    )
    if answer_filter in (PENDING, *ANSWERS):
        stmt = stmt.where(Callout.answer == answer_filter)
    return paginate(stmt, page, per_page)


def message(incident: Incident, link: str) -> str:
    """The WhatsApp text: the same call, for the group or for one person."""
    return _(
        "PANGGILAN TUGAS %(org)s: %(kind)s di %(desa)s. Posko: %(posko)s. "
        "Jawab di Simpul (siap berangkat / tidak bisa / sudah di lokasi): %(link)s",
        org=incident.organisation.name,
        kind=incident.kind.name,
        desa=incident.desa.label,
        posko=incident.posko,
        link=link,
    )


def group_url(incident: Incident, link: str) -> str:
    return whatsapp.share_url(message(incident, link))


def chat_url(user: User, incident: Incident, link: str) -> str | None:
    return whatsapp.chat_url(user.phone, message(incident, link)) if user.phone else None
