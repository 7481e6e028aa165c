"""How incidents show up elsewhere: the home panel of open incidents, "Data saya"."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Callout, Incident, Shift, ShiftAssignment
from ..models.incidents import OPEN
from ..personal_data import Field
from ..security import can_see_member_area, is_admin
from . import labels
from .forms import AnswerForm


def home_panel(user) -> dict | None:
    """Home: open incidents I am called out to (with the one-tap answer) or manage."""
    if not can_see_member_area(user):
        return None
    mine = list(
        db.session.execute(
            select(Incident, Callout)
            .join(Callout, Callout.incident_id == Incident.id)
            .where(Callout.user_id == user.id, Incident.status == OPEN)
            .options(joinedload(Incident.kind), joinedload(Incident.desa))
            .order_by(Incident.began_at.desc())
            .limit(5)
        )
    )
    managed_ids = None if is_admin(user) else user.coordinated_organisation_ids()
    managed = []
    if managed_ids is None or managed_ids:
        stmt = (
            select(Incident)
            .where(Incident.status == OPEN)
            .options(joinedload(Incident.kind), joinedload(Incident.desa))
            .order_by(Incident.began_at.desc())
            .limit(5)
        )
        if managed_ids is not None:
            stmt = stmt.where(Incident.organisation_id.in_(managed_ids))
        seen = {i.id for i, _c in mine}
        managed = [i for i in db.session.scalars(stmt) if i.id not in seen]
    if not mine and not managed:
        return None
    return {"mine": mine, "managed": managed, "answer_form": AnswerForm(formdata=None)}


DATA_LABEL = _l("Musibah")
DATA_FIELDS = {
    "callouts": Field(_l("Panggilan musibah")),
    "incident": Field(_l("Kejadian")),
    "answer": Field(_l("Jawaban"), labels.answer_label),
    "answered_at": Field(_l("Dijawab")),
    "called_at": Field(_l("Dipanggil")),
    "shifts": Field(_l("Piket posko")),
    "starts_at": Field(_l("Mulai")),
    "ends_at": Field(_l("Selesai")),
    "checked_in_at": Field(_l("Masuk")),
    "checked_out_at": Field(_l("Keluar")),
}


def _iso(value):
    return value.isoformat() if value else None


def personal_data(user) -> dict:
    """The person's call-outs and answers, and their shifts with check-in and check-out."""
    called = db.session.scalars(
        select(Callout)
        .where(Callout.user_id == user.id)
        .options(joinedload(Callout.incident).joinedload(Incident.kind))
        .order_by(Callout.id)
        .limit(5000)
    )
    served = db.session.scalars(
        select(ShiftAssignment)
        .where(ShiftAssignment.user_id == user.id)
        .options(
            joinedload(ShiftAssignment.shift).joinedload(Shift.incident).joinedload(Incident.kind)
        )
        .order_by(ShiftAssignment.id)
        .limit(5000)
    )
    return {
        "callouts": [
            {
                "incident": c.incident.kind.name,
                "answer": c.answer,
                "answered_at": _iso(c.answered_at),
                "called_at": _iso(c.called_at),
            }
            for c in called
        ],
        "shifts": [
            {
                "incident": a.shift.incident.kind.name,
                "starts_at": _iso(a.shift.starts_at),
                "ends_at": _iso(a.shift.ends_at),
                "checked_in_at": _iso(a.checked_in_at),
                "checked_out_at": _iso(a.checked_out_at),
            }
            for a in served
        ],
    }
