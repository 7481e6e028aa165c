"""The meetings feature's pages, one module per group of routes."""

from . import attendance, calendar, count, minutes, pages  # noqa: F401
