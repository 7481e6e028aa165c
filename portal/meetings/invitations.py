"""Who is invited: members of the invited organisations, in bulk, and newcomers later."""

from sqlalchemy import and_, delete, exists, func, insert, select, update

from ..extensions import db
from ..i18n import now_utc
from ..models import Invitation, Meeting, Membership, User
from ..models.meetings import RSVP_PENDING, SCHEDULED, meeting_organisation
from ..models.organisations import ACTIVE
from . import announce


def invite_members(meeting: Meeting, organisation_ids) -> list[int]:
    """Invite the active members of these organisations not yet invited: one bulk INSERT.

    Someone in two invited organisations gets one invitation (through the first)."""
    if not organisation_ids:
        return []
    already = exists().where(
        Invitation.meeting_id == meeting.id, Invitation.user_id == Membership.user_id
    )
    rows = db.session.execute(
        select(Membership.user_id, func.min(Membership.organisation_id))
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organisation_id.in_(set(organisation_ids)),
            Membership.status == ACTIVE,
            User.is_deactivated.is_(False),
            User.erased_at.is_(None),
            ~already,
        )
        .group_by(Membership.user_id)
    ).all()
    if rows:
        created = now_utc()
        db.session.execute(
            insert(Invitation),
            [
                {
                    "meeting_id": meeting.id,
                    "user_id": user_id,
                    "organisation_id": org_id,
                    "rsvp": RSVP_PENDING,
                    "created_at": created,
                }
                for user_id, org_id in rows
            ],
        )
    return [user_id for user_id, _org in rows]


def invitee_ids(meeting: Meeting) -> list[int]:
    return list(
        db.session.scalars(select(Invitation.user_id).where(Invitation.meeting_id == meeting.id))
    )


def uninvite(meeting: Meeting, removed: set[int], remaining: set[int]) -> int:
    """Invitations through an organisation no longer invited go, unless the person is an
    active member of a remaining one (then they move to it) or attendance is recorded."""
    if remaining:
        other_org = (
            select(func.min(Membership.organisation_id))
            .where(
                Membership.user_id == Invitation.user_id,
                Membership.organisation_id.in_(remaining),
                Membership.status == ACTIVE,
            )
            .scalar_subquery()
        )
        db.session.execute(
            update(Invitation)
            .where(
                Invitation.meeting_id == meeting.id,
                Invitation.organisation_id.in_(removed),
                other_org.is_not(None),
            )
            .values(organisation_id=other_org)
            .execution_options(synchronize_session=False)
        )
    gone = db.session.execute(
        delete(Invitation)
        .where(
            Invitation.meeting_id == meeting.id,
            Invitation.organisation_id.in_(removed),
            Invitation.attendance.is_(None),
        )
        .execution_options(synchronize_session=False)
    )
    return gone.rowcount or 0


def invite_new_member(_sender, membership: Membership, **_extra) -> None:
    """membership_activated: invite the person to the organisation's meetings not yet begun.

    Runs inside the approving transaction: adds to the session, never commits."""
    now = now_utc()
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .join(meeting_organisation, meeting_organisation.c.meeting_id == Meeting.id)
            .where(
                meeting_organisation.c.organisation_id == membership.organisation_id,
                Meeting.status == SCHEDULED,
                Meeting.starts_at > now,
                ~exists().where(
                    and_(
                        Invitation.meeting_id == Meeting.id,
                        Invitation.user_id == membership.user_id,
                    )
                ),
            )
            .order_by(Meeting.starts_at)
        )
    )
    if not meetings:
        return
    db.session.execute(
        insert(Invitation),
        [
            {
                "meeting_id": m.id,
                "user_id": membership.user_id,
                "organisation_id": membership.organisation_id,
                "rsvp": RSVP_PENDING,
                "created_at": now,
            }
            for m in meetings
        ],
    )
    for meeting in meetings:
        announce.tell([membership.user_id], meeting, announce.INVITED)
