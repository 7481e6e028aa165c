"""Each main page runs an exact number of queries, the same for a little and for a lot
of data (activities, members, meetings, materials): nothing grows with the rows."""

from datetime import timedelta

import pytest

from portal import months
from portal.extensions import db
from tests import factories
from tests.activities import factories as af
from tests.materials import samples
from tests.meetings import factories as mf

PPKS = ("ABT", "AT")
# page: (role, path with {org}, {membership}, {month}, {meeting}; exact queries)
BUDGETS = {
    "member home": ("member", "/", 8),  # -2: new material and notices counted with their rows
    "member month": ("member", "/laporan/{membership}/{month}", 11),  # +1: the tali asih line
    "coordinator home": ("coordinator", "/", 11),
    "report list": ("coordinator", "/laporan/", 5),  # the total from the status counts
    "overview (coordinator)": ("coordinator", "/laporan/ringkasan", 9),
    "overview (admin)": ("admin", "/laporan/ringkasan", 9),
    "member list": ("coordinator", "/organisasi/{org}/anggota", 5),
    "public directory": (None, "/direktori/", 6),
    "library": ("member", "/materi/", 5),
    "meeting page": ("member", "/rapat/{meeting}", 5),
}


def _more(world, n: int, start: int) -> None:
    """n more of everything: members with activities, the member's own, meetings, materials."""
    from portal.models import Organisation

    org = db.session.get(Organisation, world.org_a)
    for i in range(start, start + n):
        someone = factories.member(org, f"Relawan Tambahan {i}", listed=True)
        af.activity(someone.id, world.org_a, ppks_codes=PPKS[: i % 3])
        af.activity(world.ids["member"], world.org_a, minutes=30 + i)
        af.activity(world.ids["member"], world.org_a, done_on=months.shift(months.current(), -1))
        samples.material(f"Materi {i}", org_id=world.org_a, for_orgs=(world.org_a,))
    db.session.commit()
    for i in range(start, start + max(1, n // 5)):
        mf.meeting(world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=i + 2))


@pytest.fixture
def pages(app, world):
    with app.app_context():
        meeting = mf.meeting(world.ids["coordinator"], [world.org_a])
        values = {
            "org": world.org_a,
            "membership": world.memberships["member"],
            "month": months.to_param(months.current()),
            "meeting": meeting.id,
        }
    return {name: (role, path.format(**values), n) for name, (role, path, n) in BUDGETS.items()}


def _counts(pages, login_as, count_queries, app):
    clients = {}
    counts = {}
    for name, (role, path, _n) in pages.items():
        if role not in clients:
            clients[role] = login_as(role) if role else app.test_client()
        counts[name] = count_queries.get(clients[role], path)
    return counts


def test_every_page_runs_its_exact_budget_for_little_and_much_data(
    app, world, pages, login_as, count_queries
):
    budgets = {name: n for name, (_role, _path, n) in pages.items()}
    with app.app_context():
        _more(world, 1, start=0)  # one of everything, so that every panel shows
    few = _counts(pages, login_as, count_queries, app)
    with app.app_context():
        _more(world, 24, start=1)
    many = _counts(pages, login_as, count_queries, app)
    assert few == budgets
    assert many == budgets
