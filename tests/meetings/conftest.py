"""Fixtures for the meetings tests: the policy world plus one meeting of organisation A."""

from types import SimpleNamespace

import pytest

from portal.meetings import attendance

from . import factories as mf


@pytest.fixture
def rakor(app, world):
    """A rakor of organisation A, starting in 30 minutes (check-in open), scheduled by its
    coordinator. The member and the coordinator are invited; org B's coordinator is not."""
    with app.app_context():
        m = mf.meeting(world.ids["coordinator"], [world.org_a])
        return SimpleNamespace(
            id=m.id,
            code=attendance.current_code(m),
            member_invitation=mf.invitation(m.id, world.ids["member"]).id,
        )
