"""What the notification service holds about a person, for "Data saya" and erasure."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..extensions import db
from ..models import Delivery, NotificationSetting, PushSubscription, ReminderSent
from ..personal_data import Field

LABEL = _l("Pemberitahuan di luar portal")
FIELDS = {
    "kind": Field(_l("Jenis")),
    "channel": Field(_l("Saluran")),
    "enabled": Field(_l("Nyala")),
}


def settings_data(user) -> list[dict]:
    rows = db.session.scalars(
        select(NotificationSetting).where(NotificationSetting.user_id == user.id)
    )
    devices = db.session.scalars(
        select(PushSubscription).where(PushSubscription.user_id == user.id)
    )
    return [{"kind": s.kind, "channel": s.channel, "enabled": s.enabled} for s in rows] + [
        {"kind": "push-device", "channel": d.user_agent or "", "enabled": True} for d in devices
    ]


def erase(user) -> None:
    for model in (Delivery, NotificationSetting, PushSubscription, ReminderSent):
        db.session.execute(delete(model).where(model.user_id == user.id))
