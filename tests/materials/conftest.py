"""Fixtures for the materials tests."""

import pytest

from portal.extensions import db
from portal.models import User


@pytest.fixture
def people(ctx, world):
    """The world's people as User objects, inside an app context (for service tests)."""
    return {role: db.session.get(User, uid) for role, uid in world.ids.items()}
