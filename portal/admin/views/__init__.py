"""The admin pages: organisations and the audit log, reference lists, accounts."""

from . import letterhead, organisations, reference, users  # noqa: F401
