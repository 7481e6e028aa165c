"""The incident pages, by group: the incident itself, the call-out, the posko, the reports."""

from . import callouts, pages, posko, situation  # noqa: F401
