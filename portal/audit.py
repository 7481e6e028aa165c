"""Record audit events. Callers commit with their own change, so both land or neither.

ACTIONS names every action code in the words a person reads (the admin's audit log, a
person's own data); a new code gets its label here.
"""

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l

from .extensions import db
from .models import AuditEvent

ACTIONS = {
    "auth.login": _l("Masuk"),
    "auth.login_failed": _l("Gagal masuk"),
    "auth.logout": _l("Keluar"),
    "account.registered": _l("Akun didaftarkan"),
    "account.admin_created": _l("Akun dibuat admin"),
    "account.activated": _l("Akun diaktifkan"),
    "account.activation_link_issued": _l("Tautan aktivasi dibuat"),
    "account.password_reset_link_issued": _l("Tautan atur ulang kata sandi dibuat"),
    "account.password_reset_requested": _l("Tautan atur ulang kata sandi diminta lewat e-mail"),
    "account.password_reset": _l("Kata sandi diatur ulang dengan tautan"),
    "account.email_check_sent": _l("Tautan pemeriksaan e-mail dikirim"),
    "account.email_verified": _l("Alamat e-mail diperiksa"),
    "account.notification_settings_changed": _l("Pengaturan pemberitahuan diubah"),
    "account.push_subscribed": _l("Notifikasi push dinyalakan di perangkat"),
    "account.push_unsubscribed": _l("Notifikasi push dimatikan di perangkat"),
    "account.deactivated": _l("Akun dinonaktifkan"),
    "account.reactivated": _l("Akun diaktifkan kembali"),
    "account.profile_updated": _l("Profil diubah"),
    "account.email_changed": _l("E-mail diganti"),
    "account.password_changed": _l("Kata sandi diganti"),
    "account.logged_out_everywhere": _l("Keluar dari semua perangkat"),
    "account.deletion_requested": _l("Hapus akun diminta"),
    "account.deletion_cancelled": _l("Permintaan hapus akun dibatalkan"),
    "account.erased": _l("Akun dihapus"),
    "personal_data.exported": _l("Data pribadi diunduh"),
    "organisation.created": _l("Organisasi dibuat"),
    "organisation.updated": _l("Organisasi diubah"),
    "membership.approved": _l("Keanggotaan disetujui"),
    "membership.rejected": _l("Keanggotaan ditolak"),
    "membership.suspended": _l("Keanggotaan dibekukan"),
    "membership.reinstated": _l("Keanggotaan dipulihkan"),
    "membership.role_changed": _l("Peran anggota diubah"),
    "membership.imported": _l("Anggota diimpor"),
    "members.exported": _l("Daftar anggota diekspor"),
    "members.import_previewed": _l("Impor anggota diperiksa"),
    "members.imported": _l("Impor anggota disimpan"),
    "members.import_discarded": _l("Impor anggota dibuang"),
    "activity.created": _l("Kegiatan dicatat"),
    "activity.updated": _l("Kegiatan diubah"),
    "activity.deleted": _l("Kegiatan dihapus"),
    "report.submitted": _l("Laporan bulanan dikirim"),
    "report.verified": _l("Laporan bulanan diverifikasi"),
    "report.returned": _l("Laporan bulanan dikembalikan"),
    "report.exported": _l("Laporan diekspor"),
    "meeting.scheduled": _l("Rapat dijadwalkan"),
    "meeting.updated": _l("Rapat diubah"),
    "meeting.rescheduled": _l("Rapat dijadwal ulang"),
    "meeting.cancelled": _l("Rapat dibatalkan"),
    "meeting.checked_in": _l("Hadir di rapat (check-in)"),
    "meeting.checkin_code_rotated": _l("Kode check-in diganti"),
    "meeting.attendance_marked": _l("Kehadiran dicatat"),
    "meeting.attendance_exported": _l("Daftar hadir diekspor"),
    "meeting.minutes_saved": _l("Notulen disimpan"),
    "meeting.minutes_published": _l("Notulen diterbitkan"),
    "meeting.action_item_added": _l("Tindak lanjut ditambahkan"),
    "meeting.action_item_done": _l("Tindak lanjut selesai"),
    "meeting.action_item_reopened": _l("Tindak lanjut dibuka lagi"),
    "meeting.action_item_deleted": _l("Tindak lanjut dihapus"),
    "meeting.calendar_feed_created": _l("Tautan kalender dibuat"),
    "meeting.calendar_feed_renewed": _l("Tautan kalender diperbarui"),
    "meeting.calendar_feed_revoked": _l("Tautan kalender dicabut"),
    "material.created": _l("Materi dibuat"),
    "material.updated": _l("Materi diubah"),
    "material.published": _l("Materi diterbitkan"),
    "material.archived": _l("Materi diarsipkan"),
    "material.completion_exported": _l("Kemajuan materi diekspor"),
    "payment.rate_added": _l("Tarif tali asih ditambahkan"),
    "payment.fixed": _l("Daftar tali asih ditetapkan"),
    "payment.corrected": _l("Daftar tali asih dikoreksi"),
    "payment.exported": _l("Daftar tali asih diekspor"),
    "region.exported": _l("Angka wilayah diekspor"),
    "letterhead.updated": _l("Kop surat diubah"),
    "reference.wilayah.created": _l("Wilayah ditambahkan"),
    "reference.wilayah.updated": _l("Wilayah diubah"),
    "reference.psks.created": _l("Jenis PSKS ditambahkan"),
    "reference.psks.updated": _l("Jenis PSKS diubah"),
    "reference.ppks.created": _l("Kategori PPKS ditambahkan"),
    "reference.ppks.updated": _l("Kategori PPKS diubah"),
    "reference.jenis-kegiatan.created": _l("Jenis kegiatan ditambahkan"),
    "reference.jenis-kegiatan.updated": _l("Jenis kegiatan diubah"),
    "reference.jenis-kejadian.created": _l("Jenis kejadian ditambahkan"),
    "reference.jenis-kejadian.updated": _l("Jenis kejadian diubah"),
    "incident.opened": _l("Kejadian musibah dicatat"),
    "incident.visibility": _l("Keterbukaan kejadian diubah"),
    "incident.called_out": _l("Anggota dipanggil ke kejadian"),
    "incident.called_again": _l("Anggota dipanggil lagi"),
    "incident.shift_added": _l("Piket posko ditambahkan"),
    "incident.shift_taken": _l("Piket posko diambil"),
    "incident.shift_assigned": _l("Piket posko ditugaskan"),
    "incident.checked_in": _l("Masuk piket posko"),
    "incident.checked_out": _l("Keluar piket posko"),
    "incident.report_added": _l("Laporan situasi ditambahkan"),
    "incident.exported": _l("Ringkasan kejadian diekspor"),
    "incident.closed": _l("Kejadian ditutup"),
}


def action_label(code: str) -> str:
    """The readable name of an action code; an unknown (old) code shows as it is."""
    label = ACTIONS.get(code)
    return str(label) if label is not None else code


def action_choices(everything) -> list[tuple[str, str]]:
    """For a filter: the "everything" choice, then every action by its label."""
    labelled = sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda c: c[1])
    return [("", everything), *labelled]


def record_export(action: str, *, actor, fmt: str, obj=None, subject=None, **detail) -> None:
    """Audit a download of people's data (CSV, XLSX, JSON): who, what, which format.

    The one way every export is audited. Exports are POST forms (CSRF), never GET: a
    link or an image tag cannot make someone's browser download, and audit, anything. The
    row is committed with the request, before the file is sent.
    """
    record(action, actor=actor, obj=obj, subject=subject, detail={"format": fmt, **detail})


def client_ip() -> str | None:
    if not has_request_context():
        return None
    return request.remote_addr


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    subject=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Add an audit event to the session; never holds passwords, tokens or full phone numbers."""
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        object_type=type(obj).__name__ if obj is not None else None,
        object_id=getattr(obj, "id", None),
        subject_user_id=getattr(subject, "id", None),
        ip=client_ip(),
        detail=detail or {},
    )
    db.session.add(event)
    return event
