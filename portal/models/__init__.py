"""All models, imported here so Alembic and the app see every table."""

from .activities import Activity, ActivityPhoto, MonthlyReport
from .area import Area
from .audit import AuditEvent
from .base import UTCDateTime, utcnow
from .notice import Notice
from .organisation import Membership, Organisation
from .reference import ActivityType, OrganisationKind, PpksCategory
from .user import ConsentRecord, LoginSession, User

__all__ = [
    "Activity",
    "ActivityPhoto",
    "ActivityType",
    "Area",
    "AuditEvent",
    "ConsentRecord",
    "LoginSession",
    "Membership",
    "MonthlyReport",
    "Notice",
    "Organisation",
    "OrganisationKind",
    "PpksCategory",
    "UTCDateTime",
    "User",
    "utcnow",
]
