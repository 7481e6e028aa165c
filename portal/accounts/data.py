"""The foundation's part of a person's data export: profile, memberships, consents, audit."""

from sqlalchemy import or_, select

from ..extensions import db
from ..models import AuditEvent


def profile_data(user) -> dict:
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
