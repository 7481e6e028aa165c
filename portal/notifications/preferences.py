"""Which kinds of notice reach a person on which channel: sensible defaults, and the
person's own choices where they differ (NotificationSetting rows)."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from ..extensions import db
from ..models import NotificationSetting, User
from ..models.notifications import EMAIL, PUSH

CHANNELS = {PUSH: _l("Notifikasi di ponsel (push)"), EMAIL: _l("E-mail")}

# The kinds a person may choose about, in the order the profile shows them. A kind not
# named here (sent by a feature added later) follows the defaults and is listed by its
# name's first part.
KIND_LABELS = {
    "meeting.invited": _l("Undangan rapat"),
    "meeting.changed": _l("Jadwal rapat berubah"),
    "meeting.cancelled": _l("Rapat dibatalkan"),
    "meeting.minutes_published": _l("Notulen terbit"),
    "meeting.task_assigned": _l("Tugas baru dari rapat"),
    "reminder.meeting_day": _l("Pengingat rapat, sehari sebelumnya"),
    "reminder.meeting_hour": _l("Pengingat rapat, sejam sebelumnya"),
    "reminder.action_overdue": _l("Tindak lanjut lewat tenggat"),
    "reminder.report_due": _l("Pengingat laporan bulanan"),
    "reminder.reports_waiting": _l("Laporan menunggu verifikasi"),
    "report.verified": _l("Laporan diverifikasi"),
    "report.returned": _l("Laporan dikembalikan"),
    "membership.approve": _l("Pendaftaran disetujui"),
    "membership.reject": _l("Pendaftaran tidak disetujui"),
    "membership.suspend": _l("Keanggotaan dibekukan"),
    "membership.reinstate": _l("Keanggotaan dipulihkan"),
    "membership.imported": _l("Ditambahkan sebagai anggota"),
    "material.published": _l("Materi baru"),
    "rights.deletion_requested": _l("Permintaan hapus akun"),
    "rights.deletion_done": _l("Penghapusan akun selesai"),
    "account.password_reset": _l("Kata sandi diatur ulang"),
}

# Push is on for everything (a phone notification is what people expect); e-mail only
# for what matters when the person is away for days: reminders, decisions, security.
EMAIL_BY_DEFAULT = {
    "reminder.meeting_day",
    "reminder.report_due",
    "reminder.reports_waiting",
    "meeting.changed",
    "meeting.cancelled",
    "report.returned",
    "membership.approve",
    "account.password_reset",
}

# Kinds whose deliveries the admin's list shows without their text.
SENSITIVE_PREFIXES = ("account.", "rights.")


def is_sensitive(kind: str) -> bool:
    return kind.startswith(SENSITIVE_PREFIXES)


def default(kind: str, channel: str) -> bool:
    if channel == EMAIL:
        return kind in EMAIL_BY_DEFAULT
    return True


def channel_available(channel: str) -> bool:
    """A channel the server is set up for: SMTP for e-mail, VAPID keys for push."""
    cfg = current_app.config
    if channel == EMAIL:
        return bool(cfg.get("MAIL_SERVER"))
    if channel == PUSH:
        return bool(cfg.get("VAPID_PRIVATE_KEY"))
    return False


def choosable_kinds() -> list[str]:
    from .. import notices

    known = [name for name in KIND_LABELS if name in notices.KINDS]
    return known + sorted(set(notices.KINDS) - set(KIND_LABELS) - {notices.TEXT})


def label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def choices_of(user: User) -> dict[tuple[str, str], bool]:
    """Every (kind, channel) with what this person gets."""
    chosen = {
        (s.kind, s.channel): s.enabled
        for s in db.session.scalars(
            select(NotificationSetting).where(NotificationSetting.user_id == user.id)
        )
    }
    return {
        (kind, channel): chosen.get((kind, channel), default(kind, channel))
        for kind in choosable_kinds()
        for channel in CHANNELS
    }


def save(user: User, enabled: set[tuple[str, str]]) -> None:
    """Store the person's choices: a row only where one differs from the default."""
    db.session.execute(delete(NotificationSetting).where(NotificationSetting.user_id == user.id))
    for kind in choosable_kinds():
        for channel in CHANNELS:
            on = (kind, channel) in enabled
            if on != default(kind, channel):
                db.session.add(
                    NotificationSetting(user_id=user.id, kind=kind, channel=channel, enabled=on)
                )


def overrides(user_ids: list[int], kind: str) -> dict[tuple[int, str], bool]:
    """The choices that differ from the default, for these people and this kind."""
    rows = db.session.execute(
        select(
            NotificationSetting.user_id, NotificationSetting.channel, NotificationSetting.enabled
        ).where(NotificationSetting.user_id.in_(user_ids), NotificationSetting.kind == kind)
    )
    return {(uid, channel): enabled for uid, channel, enabled in rows}
