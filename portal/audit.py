"""Record audit events. Callers commit with their own change, so both land or neither."""

from flask import has_request_context, request

from .extensions import db
from .models import AuditEvent


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
