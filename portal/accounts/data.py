"""The foundation's part of a person's data export: profile, memberships, consents, audit."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import audit
from ..extensions import db
from ..models import Area, AuditEvent, User
from ..models.organisations import ROLE_COORDINATOR, ROLE_MEMBER
from ..organisations.forms import STATUS_LABELS
from ..personal_data import Field, labels
from ..phone import display
from .services import with_loaded

ROLE_LABELS = {ROLE_MEMBER: _l("anggota"), ROLE_COORDINATOR: _l("koordinator")}
DOCUMENT_LABELS = {"privacy": _l("Kebijakan privasi")}
LABEL = _l("Profil")
FIELDS = {
    "full_name": Field(_l("Nama lengkap")),
    "phone": Field(_l("Nomor HP"), display),
    "email": Field(_l("E-mail")),
    "home_desa": Field(_l("Desa tempat tinggal")),
    "directory": Field(_l("Direktori publik")),
    "listed": Field(_l("Tampil di direktori")),
    "show_phone": Field(_l("Nomor HP tampil")),
    "created_at": Field(_l("Dibuat")),
    "last_login_at": Field(_l("Terakhir masuk")),
    "memberships": Field(_l("Keanggotaan")),
    "organisation": Field(_l("Organisasi")),
    "role": Field(_l("Peran"), labels(ROLE_LABELS)),
    "status": Field(_l("Status"), labels(STATUS_LABELS)),
    "member_number": Field(_l("Nomor anggota")),
    "grade": Field(_l("Tingkatan")),
    "applied_at": Field(_l("Mendaftar")),
    "joined_on": Field(_l("Bergabung")),
    "decision_note": Field(_l("Catatan koordinator")),
    "consents": Field(_l("Persetujuan")),
    "document": Field(_l("Dokumen"), labels(DOCUMENT_LABELS)),
    "version": Field(_l("Versi")),
    "given_at": Field(_l("Diberikan")),
    "withdrawn_at": Field(_l("Ditarik")),
    "audit_events": Field(_l("Catatan audit tentang Anda")),
    "at": Field(_l("Waktu")),
    "action": Field(_l("Tindakan"), audit.action_label),
    "object": Field(_l("Objek")),
    "ip": Field(_l("Alamat IP")),
}


def profile_data(user) -> dict:
    user = with_loaded(
        user, joinedload(User.home_desa).joinedload(Area.parent), selectinload(User.consents)
    )
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.subject_user_id == user.id, AuditEvent.actor_id == user.id))
        .order_by(AuditEvent.id)
        .limit(5000)
    )
    return {
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "home_desa": user.home_desa.label if user.home_desa else None,
        "directory": {"listed": user.listed, "show_phone": user.show_phone},
        "created_at": user.created_at.isoformat(),
        "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "status": m.status,
                "member_number": m.member_number,
                "grade": m.grade,
                "applied_at": m.applied_at.isoformat(),
                "joined_on": m.joined_on.isoformat() if m.joined_on else None,
                "decision_note": m.decision_note,
            }
            for m in user.memberships
        ],
        "consents": [
            {
                "document": c.document,
                "version": c.version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in user.consents
        ],
        "audit_events": [
            {"at": e.at.isoformat(), "action": e.action, "object": e.object_type, "ip": e.ip}
            for e in events
        ],
    }
