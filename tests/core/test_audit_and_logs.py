"""The audit trail is append-only; logs never carry phone numbers or passwords in full."""

import logging

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.logging_filters import RedactingFilter, mask
from portal.models import AuditEvent
from portal.models.audit import AuditTrailIsAppendOnly


def test_audit_events_cannot_be_changed_or_deleted(app, world, login_as):
    login_as("member")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent))
        event.action = "something.else"
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.delete(db.session.scalar(select(AuditEvent)))
            db.session.flush()


def test_login_events_are_audited_with_ip(app, world, login_as):
    login_as("member")
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
        assert event.actor_id == world.ids["member"] and event.ip == "127.0.0.1"


@pytest.mark.parametrize(
    "text",
    [
        "login 081234567890 gagal",
        "nomor +62 812-3456-7890",
        "6281234567890",
        "POST /masuk?password=rahasia123",
    ],
)
def test_mask_hides_numbers_and_secrets(text):
    masked = mask(text)
    assert "34567890" not in masked.replace("-", "").replace(" ", "")
    assert "rahasia123" not in masked


def test_filter_rewrites_log_records(caplog):
    logger = logging.getLogger("portal.test")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="portal.test"):
        logger.info("user %s logged in", "081234567890")
    assert "081234567890" not in caplog.text


def test_failed_logins_leave_no_phone_or_password_in_logs(app, world, caplog):
    client = app.test_client()
    with caplog.at_level(logging.DEBUG):
        client.login(world.phones["member"], "salah sekali kata sandinya")
    assert world.phones["member"] not in caplog.text
    assert "salah sekali kata sandinya" not in caplog.text
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
    assert all(world.phones["member"] not in str(e.detail) for e in events)


def test_a_failed_statement_shows_no_parameter_values(ctx):
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    assert db.engine.hide_parameters
    with pytest.raises(SQLAlchemyError) as raised:
        db.session.execute(
            text("INSERT INTO no_such_table (title) VALUES (:title)"),
            {"title": "Rumah korban di Desa Lalang"},
        )
    db.session.rollback()
    assert "Rumah korban" not in str(raised.value)
    assert "hidden due to hide_parameters" in str(raised.value)
