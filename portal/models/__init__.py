"""All models, imported here so Alembic and the app see every table."""

from . import directory  # noqa: F401  (the directory's index on user)
from .activation import MemberActivation
from .activities import Activity, ActivityPhoto, MonthlyReport
from .area import Area
from .audit import AuditEvent
from .base import UTCDateTime, utcnow
from .imports import MemberImport, MemberImportRow
from .incidents import (
    Callout,
    Incident,
    IncidentKind,
    IncidentPhoto,
    Shift,
    ShiftAssignment,
    SituationReport,
)
from .letterhead import OfficeLetterhead
from .materials import Material, MaterialProgress
from .meetings import ActionItem, CalendarFeed, Invitation, Meeting, Minutes
from .notice import Notice
from .notifications import Delivery, NotificationSetting, PushSubscription, ReminderSent
from .organisations import Membership, Organisation
from .payments import PaymentLine, PaymentRate, PaymentRun
from .reference import ActivityType, OrganisationKind, PpksCategory
from .rights import DeletionRequest
from .summaries import ActivitySummary
from .user import ConsentRecord, LoginSession, User

__all__ = [
    "ActionItem",
    "Activity",
    "ActivityPhoto",
    "ActivitySummary",
    "ActivityType",
    "Area",
    "AuditEvent",
    "CalendarFeed",
    "Callout",
    "ConsentRecord",
    "DeletionRequest",
    "Delivery",
    "Incident",
    "IncidentKind",
    "IncidentPhoto",
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
    "NotificationSetting",
    "OfficeLetterhead",
    "Organisation",
    "OrganisationKind",
    "PaymentLine",
    "PaymentRate",
    "PaymentRun",
    "PpksCategory",
    "PushSubscription",
    "ReminderSent",
    "Shift",
    "ShiftAssignment",
    "SituationReport",
    "UTCDateTime",
    "User",
    "utcnow",
]
