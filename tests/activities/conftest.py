"""Fixtures for the activity and report tests: a valid activity form, a member's client."""

import pytest

from .helpers import activity_form


@pytest.fixture
def form_data(app, world):
    """A complete, valid activity form for the member of org A (without its token)."""
    with app.app_context():
        return activity_form(world.org_a, "Respons bencana")


@pytest.fixture
def member(login_as):
    return login_as("member")
