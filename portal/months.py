"""Report months: a month's first day as a date, '2026-11' in URLs, 'November 2026' on pages."""

from datetime import date, timedelta

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BaseConverter, ValidationError

from .i18n import today_wib

# Said by every form and rule that refuses a month after this one.
NOT_YET = _l("Bulan ini belum tiba.")


def first_of(day: date) -> date:
    return day.replace(day=1)


def current() -> date:
    return first_of(today_wib())


def shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def last_day(month: date) -> date:
    return shift(month, 1) - timedelta(days=1)


def report_due_on(month: date, due_day: int | None = None) -> date:
    """The day a month's report is due: REPORT_DUE_DAY of the next month (e.g. the 5th)."""
    if due_day is None:
        from flask import current_app

        due_day = int(current_app.config.get("REPORT_DUE_DAY", 5))
    following = shift(month, 1)
    return following.replace(day=max(1, min(due_day, last_day(following).day)))


def parse(value: str | None) -> date | None:
    """'2026-11' -> date(2026, 11, 1); None for anything else."""
    try:
        year, month = (value or "").split("-")
        if len(year) != 4 or len(month) != 2:
            return None
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def to_param(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def label(month: date | None) -> str:
    """'November 2026'."""
    if month is None:
        return ""
    return format_date(month, "MMMM y", locale=str(get_locale() or "id"))


class MonthConverter(BaseConverter):
    """<bulan:month> in a route: '2026-11', not after this month; anything else is a 404."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> date:
        month = parse(value)
        if month is None or month.year < 2000 or month > current():
            raise ValidationError()
        return month

    def to_url(self, value) -> str:
        return to_param(value) if isinstance(value, date) else str(value)
