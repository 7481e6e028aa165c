"""All models, imported here so Alembic and the app see every table."""

from .area import Area
from .audit import AuditEvent
from .base import UTCDateTime, utcnow
from .materials import Material, MaterialProgress
from .notice import Notice
from .organisation import Membership, Organisation
from .reference import ActivityType, OrganisationKind, PpksCategory
from .user import ConsentRecord, LoginSession, User

__all__ = [
    "ActivityType",
    "Area",
    "AuditEvent",
    "ConsentRecord",
    "LoginSession",
    "Material",
    "MaterialProgress",
    "Membership",
    "Notice",
    "Organisation",
    "OrganisationKind",
    "PpksCategory",
    "UTCDateTime",
    "User",
    "utcnow",
]
