"""Indonesian phone numbers: parse what people type, store E.164, show 0812-3456-7890."""

import re

import phonenumbers

_NOT_DIGIT = re.compile(r"[^\d+]")


class InvalidPhone(ValueError):
    pass


def normalise(raw: str) -> str:
    """'0812 3456 7890', '812-3456-7890', '6281234567890', '+62 812...' -> '+6281234567890'."""
    text = _NOT_DIGIT.sub("", raw or "")
    if not text or len(text) > 16 or "+" in text[1:]:
        raise InvalidPhone(raw)
    if text.startswith("+"):
        candidate = text
    elif text.startswith("62"):
        candidate = "+" + text
    elif text.startswith("0"):
        candidate = "+62" + text[1:]
    elif text.startswith("8"):
        candidate = "+62" + text
    else:
        raise InvalidPhone(raw)
    try:
        number = phonenumbers.parse(candidate, "ID")
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(raw) from exc
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise InvalidPhone(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str | None) -> str:
    """'+6281234567890' -> '0812-3456-7890'; landlines '(0719) 21234'."""
    if not e164:
        return ""
    national = "0" + e164.removeprefix("+62")
    if national.startswith("08"):
        return "-".join([national[:4], national[4:8], national[8:]]).rstrip("-")
    try:
        number = phonenumbers.parse(e164, "ID")
    except phonenumbers.NumberParseException:
        return e164  # not a number we stored; show it as typed
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def wa_number(e164: str) -> str:
    """The digits wa.me expects: '6281234567890'."""
    return e164.removeprefix("+")


def masked(e164: str | None) -> str:
    """For logs and audit: '+62812•••90'."""
    if not e164:
        return ""
    return e164[:6] + "•••" + e164[-2:]
