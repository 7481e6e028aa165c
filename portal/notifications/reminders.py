"""Reminders, sent by the job runner: before a meeting (a day and an hour before) to those
invited who have not declined, the monthly report to members who have not sent it and
the reports waiting to coordinators, and action items past their due date to their owners.

Commits after each meeting and each organisation, so SQLite's write lock is held for
one batch at a time. Each reminder to each person is claimed by inserting (key, person)
into reminder_sent, skipping what is there already: on PostgreSQL a second runner's
insert waits for the first one's commit and then skips; on SQLite the write lock is taken
up front. Only the people whose row this runner inserted are notified, so each reminder
goes out once.
"""

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import String, and_, cast, exists, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from .. import database, months, notices, urls
from ..extensions import db
from ..i18n import N_, datetime_wib, to_wib
from ..jobs import job
from ..models import (
    ActionItem,
    Invitation,
    Meeting,
    Membership,
    MonthlyReport,
    Organisation,
    ReminderSent,
    utcnow,
)
from ..models.activities import SUBMITTED, VERIFIED
from ..models.meetings import RSVP_NO, SCHEDULED
from ..models.organisations import ACTIVE, ROLE_COORDINATOR

CHUNK = 900


def _when(value: str) -> str:
    return datetime_wib(datetime.fromisoformat(value))


def _month(value: str) -> str:
    return months.label(date.fromisoformat(value))


def _day(value: str) -> str:
    from ..i18n import long_date

    return long_date(date.fromisoformat(value))


MEETING_DAY = notices.kind(
    "reminder.meeting_day",
    N_("Pengingat: besok %(title)s, %(when)s, di %(venue)s."),
    when=_when,
)
MEETING_HOUR = notices.kind(
    "reminder.meeting_hour",
    N_("Sejam lagi: %(title)s, %(when)s, di %(venue)s."),
    when=_when,
)
REPORT_DUE = notices.kind(
    "reminder.report_due",
    N_("Laporan %(month)s untuk %(org)s belum dikirim. Batasnya %(due)s."),
    month=_month,
    due=_day,
)
REPORTS_WAITING = notices.kind(
    "reminder.reports_waiting",
    N_("%(count)s laporan %(month)s di %(org)s menunggu verifikasi Anda."),
    month=_month,
)
ACTION_OVERDUE = notices.kind(
    "reminder.action_overdue",
    N_("Tindak lanjut lewat tenggat (%(due)s): %(text)s"),
    due=_day,
)


def claim(key: str, user_ids) -> list[int]:
    """Record (key, person) for these people; returns those this call recorded."""
    ids = list(dict.fromkeys(user_ids))
    claimed: list[int] = []
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    for start in range(0, len(ids), CHUNK):
        rows = [{"key": key, "user_id": uid, "sent_at": now} for uid in ids[start : start + CHUNK]]
        stmt = (
            insert(ReminderSent)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["key", "user_id"])
            .returning(ReminderSent.user_id)
        )
        claimed.extend(db.session.scalars(stmt))
    return claimed


def not_yet(key, user_id_column):
    """Only people this reminder has not reached: a later run reads nothing twice."""
    return ~exists().where(ReminderSent.key == key, ReminderSent.user_id == user_id_column)


# Meetings


def meeting_reminders(now: datetime) -> int:
    """Reminders for meetings starting within a day (and within an hour)."""
    sent = 0
    upcoming = db.session.scalars(
        select(Meeting).where(
            Meeting.status == SCHEDULED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + timedelta(days=1),
        )
    ).all()
    for meeting in upcoming:
        soon = meeting.starts_at - now <= timedelta(hours=1)
        kind = MEETING_HOUR if soon else MEETING_DAY
        stamp = to_wib(meeting.starts_at).strftime("%Y%m%d%H%M")
        key = f"{kind}:{meeting.id}:{stamp}"
        invitees = db.session.scalars(
            select(Invitation.user_id).where(
                Invitation.meeting_id == meeting.id,
                Invitation.rsvp != RSVP_NO,
                not_yet(key, Invitation.user_id),
            )
        )
        who = claim(key, invitees)
        sent += notices.notify_many(
            who,
            kind,
            urls.path("meetings.detail", meeting_id=meeting.id),
            title=meeting.title,
            when=meeting.starts_at,
            venue=meeting.venue,
        )
        database.commit()  # each meeting's reminders on their own
    return sent


# Monthly reports


def report_reminders(now: datetime) -> int:
    """From REPORT_REMINDER_DAYS before the due day until it: members whose report of
    last month is not sent; on and after the due day: coordinators, the reports waiting."""
    today = to_wib(now).date()
    month = months.shift(months.first_of(today), -1)
    due = months.report_due_on(month)
    start = due - timedelta(days=int(current_app.config.get("REPORT_REMINDER_DAYS", 3)))
    sent = 0
    if start <= today <= due:
        sent += _members_not_submitted(month, due)
    if today >= due:
        sent += _reports_waiting(month)
    return sent


def _members_not_submitted(month: date, due: date) -> int:
    done = exists().where(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == Membership.organisation_id,
        MonthlyReport.month == month,
        MonthlyReport.status.in_([SUBMITTED, VERIFIED]),
    )
    key = literal(f"report.due:{months.to_param(month)}:") + cast(
        Membership.organisation_id, String
    )
    rows = db.session.execute(
        select(Membership.organisation_id, Organisation.name, Membership.user_id)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.status == ACTIVE, ~done, not_yet(key, Membership.user_id))
        .order_by(Membership.organisation_id)
    ).all()
    by_org: dict[tuple[int, str], list[int]] = {}
    for org_id, name, uid in rows:
        by_org.setdefault((org_id, name), []).append(uid)
    sent = 0
    for (org_id, name), people in by_org.items():
        who = claim(f"report.due:{months.to_param(month)}:{org_id}", people)
        sent += notices.notify_many(
            who, REPORT_DUE, urls.path("activities.index"), month=month, org=name, due=due
        )
        database.commit()  # one organisation at a time: SQLite's write lock is held briefly
    return sent


def _reports_waiting(month: date) -> int:
    waiting = db.session.execute(
        select(MonthlyReport.organisation_id, Organisation.name, func.count())
        .join(Organisation, Organisation.id == MonthlyReport.organisation_id)
        .where(MonthlyReport.month == month, MonthlyReport.status == SUBMITTED)
        .group_by(MonthlyReport.organisation_id, Organisation.name)
    ).all()
    sent = 0
    for org_id, name, count in waiting:
        coordinators = db.session.scalars(
            select(Membership.user_id).where(
                Membership.organisation_id == org_id,
                Membership.role == ROLE_COORDINATOR,
                Membership.status == ACTIVE,
            )
        )
        who = claim(f"report.review:{months.to_param(month)}:{org_id}", coordinators)
        sent += notices.notify_many(
            who,
            REPORTS_WAITING,
            urls.path("reports.index"),
            count=count,
            month=month,
            org=name,
        )
    return sent


# Action items


def overdue_action_items(now: datetime) -> int:
    """Once per item, the day after its due date (WIB), to its person or the
    coordinators of its organisation."""
    today = to_wib(now).date()
    items = db.session.execute(
        select(ActionItem, Meeting.id)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.done_at.is_(None), ActionItem.due_on < today)
    ).all()
    sent = 0
    for item, meeting_id in items:
        if item.assignee_user_id:
            owners = [item.assignee_user_id]
        else:
            owners = db.session.scalars(
                select(Membership.user_id).where(
                    and_(
                        Membership.organisation_id == item.assignee_organisation_id,
                        Membership.role == ROLE_COORDINATOR,
                        Membership.status == ACTIVE,
                    )
                )
            ).all()
        who = claim(f"action.overdue:{item.id}", owners)
        sent += notices.notify_many(
            who,
            ACTION_OVERDUE,
            urls.path("meetings.detail", meeting_id=meeting_id) + "#tugas",
            text=item.text,
            due=item.due_on,
        )
    return sent


@job("reminders.meetings")
def _meetings_job(now):
    return meeting_reminders(now)


@job("reminders.reports")
def _reports_job(now):
    return report_reminders(now)


@job("reminders.action_items")
def _actions_job(now):
    return overdue_action_items(now)
