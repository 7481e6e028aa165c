"""Locale and time zone: Bahasa Indonesia and WIB by default, English on request."""

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import current_app, has_request_context, session
from flask_babel import get_locale
from flask_login import current_user

JAKARTA = ZoneInfo("Asia/Jakarta")


def N_(message: str) -> str:  # Babel extracts N_ by default
    """Mark text for the catalogue where it must stay a plain string until shown."""
    return message


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_babel(app, babel) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"],
        default_translation_directories="translations",
    )
    app.jinja_env.filters.update(
        tanggal=long_date,
        tanggal_pendek=short_date,
        tanggal_surat=letter_date,
        jam=time_wib,
        waktu=datetime_wib,
        rupiah=rupiah,
        angka=number,
    )


def to_wib(moment: datetime) -> datetime:
    """Stored times are UTC (naive on SQLite); show them in WIB."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(JAKARTA)


def _locale() -> str:
    return str(get_locale() or "id")


def long_date(value: date | datetime | None) -> str:
    """'Senin, 23 September 2019'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return format_date(value, "EEEE, d MMMM y", locale=_locale())


def letter_date(value: date | datetime | None) -> str:
    """'2 Desember 2026', as a letter's place-date line writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return format_date(value, "d MMMM y", locale=_locale())


def short_date(value: date | datetime | None) -> str:
    """'23 Sep 2019'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return format_date(value, "d MMM y", locale=_locale())


def time_wib(value: datetime | None) -> str:
    """'09.30 WIB' (Indonesian style dot), '09:30 WIB' in English."""
    if value is None:
        return ""
    pattern = "HH.mm" if _locale() == "id" else "HH:mm"
    return format_time(to_wib(value), pattern, locale=_locale()) + " WIB"


def datetime_wib(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{long_date(value)}, {time_wib(value)}"


def number(value: int | float | None) -> str:
    """1234 -> '1.234', 1.5 -> '1,5' (Indonesian), as babel's format_decimal writes them.

    A page of figures formats hundreds (the admin's overview: 519), and babel's full
    pattern takes 0.1 ms each: a whole number, or one with a single decimal (hours), is
    written with the locale's two symbols instead; anything else goes to babel."""
    if value is None:
        return ""
    # The request's Locale object itself: a locale name would be parsed again on every call.
    locale = get_locale() or "id"
    group, decimal = _symbols(locale)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", group)
    if isinstance(value, float) and abs(value) < 1e12 and round(value, 1) == value:
        whole, _, tenth = f"{value:,.1f}".partition(".")
        whole = whole.replace(",", group)
        return whole if tenth == "0" else f"{whole}{decimal}{tenth}"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale)


@cache
def _symbols(locale) -> tuple[str, str]:
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return get_group_symbol(locale), get_decimal_symbol(locale)


def rupiah(value: int | None) -> str:
    """'Rp200.000'."""
    if value is None:
        return ""
    return "Rp" + f"{int(value):,}".replace(",", ".")


def now_utc() -> datetime:
    return datetime.now(UTC)


def today_wib() -> date:
    return datetime.now(JAKARTA).date()
