"""The kabupaten page runs an exact number of queries, the same for a little and for a
lot of data (members, activities, reports): nothing grows with the rows."""

from datetime import timedelta

from portal import months
from portal.extensions import db
from portal.models import Organisation
from tests import factories
from tests.activities import factories as af
from tests.meetings import factories as mf

from .factories import desa_in, kecamatan

# role: exact queries of GET /wilayah/: the session (with the person and memberships), the
# areas, the organisations, the members by desa and report, the meeting attendance, the
# activities by desa and month, the PPKS categories, the musibah of the area and month,
# and the menu's unread notices.
BUDGETS = {"admin": 9, "coordinator": 9}


def _more(world, n: int, start: int) -> None:
    org = db.session.get(Organisation, world.org_a)
    places = desa_in(kecamatan("Manggar")) + desa_in(kecamatan("Dendang"))
    for i in range(start, start + n):
        someone = factories.member(org, f"Relawan Tambahan {i}", home=places[i % len(places)])
        af.activity(someone.id, world.org_a, desa=places[-1 - i % len(places)], ppks_codes=("AT",))
        af.activity(someone.id, world.org_a, done_on=months.shift(months.current(), -3))
        af.report(someone.id, world.org_a, months.current(), "submitted")
    db.session.commit()
    mf.meeting(world.ids["admin"], [world.org_a], starts_in=-timedelta(hours=3), hours=2)


def test_the_kabupaten_page_runs_its_exact_budget(app, world, login_as, count_queries):
    clients = {role: login_as(role) for role in BUDGETS}
    with app.app_context():
        _more(world, 1, start=0)
    few = {role: count_queries.get(c, "/wilayah/") for role, c in clients.items()}
    with app.app_context():
        _more(world, 30, start=1)
    many = {role: count_queries.get(c, "/wilayah/") for role, c in clients.items()}
    assert few == BUDGETS
    assert many == BUDGETS
