"""The report tests use the activity tests' fixtures: a request context and a logged-in member."""

from ..activities.conftest import form_data, member  # noqa: F401
