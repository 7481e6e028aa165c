"""All models, imported here so Alembic and the app see every table."""

from .activities import Activity, ActivityPhoto, MonthlyReport
from .area import Area
from .audit import AuditEvent
from .base import UTCDateTime, utcnow
from .directory import DeletionRequest, MemberActivation, MemberImport, MemberImportRow
from .materials import Material, MaterialProgress
from .meetings import ActionItem, CalendarFeed, Invitation, Meeting, Minutes
from .notice import Notice
from .organisation import Membership, Organisation
from .reference import ActivityType, OrganisationKind, PpksCategory
from .user import ConsentRecord, LoginSession, User

__all__ = [
    "ActionItem",
    "Activity",
    "ActivityPhoto",
    "ActivityType",
    "Area",
    "AuditEvent",
    "CalendarFeed",
    "ConsentRecord",
    "DeletionRequest",
    "Invitation",
    "LoginSession",
    "Material",
    "MaterialProgress",
    "Meeting",
    "MemberActivation",
    "MemberImport",
    "MemberImportRow",
    "Membership",
    "Minutes",
    "MonthlyReport",
    "Notice",
    "Organisation",
    "OrganisationKind",
    "PpksCategory",
    "UTCDateTime",
    "User",
    "utcnow",
]
