"""The area figures counted from scratch over the rows themselves (activities,
memberships, reports, invitations), to check figures.build against."""

from collections import Counter

from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.i18n import now_utc, to_wib
from portal.models import (
    Activity,
    Invitation,
    Meeting,
    Membership,
    MonthlyReport,
    Organisation,
    User,
)
from portal.models.meetings import HADIR, SCHEDULED
from portal.models.organisations import ACTIVE
from portal.regions import places


def _desa_ids(tree, level, area):
    if level == places.KABUPATEN:
        return {d.id for k in tree.kecamatan for d in tree.desa_of(k)}
    if level == places.KECAMATAN:
        return {d.id for d in tree.desa_of(area)}
    return {area.id}


def from_scratch(tree, level, area, month, scope):
    """What figures.build should find, counted row by row in Python: (report statuses by
    organisation, the monthly series, PPKS counts, desa gaps, members, attendance)."""
    desa = _desa_ids(tree, level, area)
    in_scope = lambda org_id: scope is None or org_id in scope  # noqa: E731
    kinds = {o.id: o.kind.code for o in db.session.scalars(select(Organisation))}
    members = [
        (m, u)
        for m, u in db.session.execute(
            select(Membership, User).join(User, User.id == Membership.user_id)
        )
        if m.status == ACTIVE
        and in_scope(m.organisation_id)
        and (level == places.KABUPATEN or u.home_desa_id in desa)
    ]
    reports = {
        (r.user_id, r.organisation_id): r.status
        for r in db.session.scalars(select(MonthlyReport).where(MonthlyReport.month == month))
    }
    statuses = Counter(
        (m.organisation_id, reports.get((m.user_id, m.organisation_id), "draft"))
        for m, _u in members
    )
    series = Counter()
    ppks = Counter()
    for a in db.session.scalars(select(Activity)):
        if a.desa_id in desa and in_scope(a.organisation_id):
            m = a.done_on.replace(day=1)
            series[(m, "activities")] += 1
            series[(m, "minutes")] += a.duration_minutes
            series[(m, "people")] += a.people_served
            if months.shift(month, -12) <= m <= month:
                for c in a.ppks_categories:
                    ppks[(c.name, m == month)] += 1
    attendance = Counter()
    for invitation, meeting, user in db.session.execute(
        select(Invitation, Meeting, User)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .join(User, User.id == Invitation.user_id)
    ):
        held_in = to_wib(meeting.starts_at).date().replace(day=1)
        if (
            meeting.status == SCHEDULED
            and held_in == month
            and meeting.ends_at <= now_utc()
            and in_scope(invitation.organisation_id)
            and (level == places.KABUPATEN or user.home_desa_id in desa)
        ):
            attendance[(invitation.organisation_id, "invited")] += 1
            attendance[(invitation.organisation_id, "attended")] += invitation.attendance == HADIR
    lived = {(kinds[m.organisation_id], u.home_desa_id) for m, u in members}
    desa_gaps = {
        code: sorted(d for d in desa if (code, d) not in lived) for code in ("PSM", "TAGANA")
    }
    return statuses, series, ppks, desa_gaps, len(members), attendance
