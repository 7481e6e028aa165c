"""The materials feature's pages: reading, publishing, follow-up."""

from . import followup, publishing, reading  # noqa: F401
