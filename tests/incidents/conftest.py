"""Fixtures for the incident tests: the policy world plus a flood of organisation A."""

from types import SimpleNamespace

import pytest

from . import factories as inf


@pytest.fixture
def flood(app, world):
    """An open flood of organisation A (Tagana), not public, nobody called out yet."""
    with app.app_context():
        incident = inf.incident(world.ids["coordinator"], world.org_a)
        return SimpleNamespace(id=incident.id, code=inf.posko_code(incident.id))
