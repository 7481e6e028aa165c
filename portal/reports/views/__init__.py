"""The reports feature's pages: one member's month, and the office's pages."""

from . import month, office  # noqa: F401
