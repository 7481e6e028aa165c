"""The WhatsApp reminders a coordinator sends themselves (there is no free sending API):
one wa.me link per person who has not answered an invitation or not sent a report, each
with the message typed in that person's language, and one message for the group."""

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select

from .. import months, urls, whatsapp
from ..i18n import datetime_wib, long_date
from ..models import Invitation, Meeting, Membership, MonthlyReport, Organisation, User
from ..models.activities import SUBMITTED, VERIFIED
from ..models.meetings import RSVP_PENDING
from ..models.organisations import ACTIVE
from ..paging import paginate
from .render import locale_of


@dataclass(frozen=True)
class Reminder:
    name: str
    phone: str | None
    url: str | None  # wa.me with the message; None without a phone number


def _people(stmt, page: int, message):
    result = paginate(stmt.order_by(User.full_name, User.id), page, 50)
    reminders = []
    for user in result.items:
        with force_locale(locale_of(user)):
            text = message(user)
        url = whatsapp.chat_url(user.phone, text) if user.phone else None
        reminders.append(Reminder(user.full_name, user.phone, url))
    result.items = reminders
    return result


def meeting_unanswered(meeting: Meeting, page: int):
    """Those invited who have not answered yet."""
    stmt = (
        select(User)
        .join(Invitation, Invitation.user_id == User.id)
        .where(Invitation.meeting_id == meeting.id, Invitation.rsvp == RSVP_PENDING)
    )
    link = urls.external("meetings.detail", meeting_id=meeting.id)

    def message(user):
        return _(
            "Halo %(name)s, mohon jawab undangan %(title)s, %(when)s, di %(venue)s: %(link)s",
            name=user.full_name,
            title=meeting.title,
            when=datetime_wib(meeting.starts_at),
            venue=meeting.venue,
            link=link,
        )

    return _people(stmt, page, message)


def meeting_group_message(meeting: Meeting) -> str:
    return _(
        "Pengingat: %(title)s, %(when)s, di %(venue)s. Yang belum menjawab undangan, mohon "
        "jawab di Simpul: %(link)s",
        title=meeting.title,
        when=datetime_wib(meeting.starts_at),
        venue=meeting.venue,
        link=urls.external("meetings.detail", meeting_id=meeting.id),
    )


def reports_not_sent(organisation: Organisation, month: date, page: int):
    """Active members whose report of the month is neither sent nor verified."""
    done = exists().where(
        MonthlyReport.user_id == Membership.user_id,
        MonthlyReport.organisation_id == organisation.id,
        MonthlyReport.month == month,
        MonthlyReport.status.in_([SUBMITTED, VERIFIED]),
    )
    stmt = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id, Membership.status == ACTIVE, ~done)
    )
    link = urls.external("activities.index")
    due = months.report_due_on(month)

    def message(user):
        return _(
            "Halo %(name)s, laporan %(month)s untuk %(org)s belum dikirim. Batasnya "
            "%(due)s. Kirim di Simpul: %(link)s",
            name=user.full_name,
            month=months.label(month),
            org=organisation.name,
            due=long_date(due),
            link=link,
        )

    return _people(stmt, page, message)


def reports_group_message(organisation: Organisation, month: date) -> str:
    return _(
        "Pengingat untuk anggota %(org)s: laporan %(month)s dikirim paling lambat %(due)s "
        "di Simpul: %(link)s",
        org=organisation.name,
        month=months.label(month),
        due=long_date(months.report_due_on(month)),
        link=urls.external("activities.index"),
    )
