"""The organisations feature's pages, one module per group of routes."""

from . import activation, imports, members, memberships, recovery  # noqa: F401
