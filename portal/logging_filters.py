"""Keep personal data out of logs: phone numbers are masked wherever they appear."""

import logging
import re

# Indonesian mobile numbers in any of the forms people type them.
PHONE_RE = re.compile(r"(?<!\d)(?:\+?62[\s-]?|0)8\d(?:[\s-]?\d){6,10}(?!\d)")
# Also URL-encoded inside another parameter, as in /masuk?next=/rapat/1/hadir%3Ftoken%3D...
SECRET_PARAM_RE = re.compile(
    r"((?:password|kata_sandi|token|csrf_token)(?:=|%3D))(?:(?!%26)[^&\s])+", re.I
)


def mask(text: str) -> str:
    text = PHONE_RE.sub(lambda m: m.group(0)[:4] + "•••" + m.group(0)[-2:], text)
    return SECRET_PARAM_RE.sub(r"\1[disembunyikan]", text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
