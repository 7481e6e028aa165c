"""What the activity form offers: a person's organisations, activity types, PPKS categories."""

from sqlalchemy import or_, select

from ..extensions import db
from ..models import ActivityType, Membership, Organisation, PpksCategory, User


def active_memberships(user: User) -> list[Membership]:
    """Where a person may log activities, by organisation name."""
    return sorted(user.active_memberships, key=lambda m: m.organisation.name)


def activity_types_for(organisation: Organisation) -> list[ActivityType]:
    """The organisation kind's own types first, then those for every kind."""
    return list(
        db.session.scalars(
            select(ActivityType)
            .where(
                ActivityType.is_active,
                or_(ActivityType.kind_id == organisation.kind_id, ActivityType.kind_id.is_(None)),
            )
            .order_by(ActivityType.kind_id.is_(None), ActivityType.name)
        )
    )


def ppks_choices() -> list[PpksCategory]:
    return list(
        db.session.scalars(
            select(PpksCategory).where(PpksCategory.is_active).order_by(PpksCategory.position)
        )
    )
