"""Reading progress: opened once, completed and undone, the home panel, personal data."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.materials import progress, queries
from portal.models import MaterialProgress
from portal.models.base import utcnow
from portal.models.materials import AUDIENCE_MEMBERS

from . import samples


def test_opening_counts_once_and_completion_can_be_undone(ctx, world, people):
    member = people["member"]
    material = samples.material(org_id=world.org_a, for_orgs=(world.org_a,))
    db.session.commit()
    assert progress.record_open(member, material) is True
    first = progress.progress_of(member, material).opened_at
    assert progress.record_open(member, material) is False
    db.session.expire_all()
    assert progress.progress_of(member, material).opened_at == first

    row = progress.set_completed(member, material, True)
    assert row.completed_at is not None and row.opened_at == first
    row = progress.set_completed(member, material, False)
    assert row.completed_at is None and row.opened_at == first
    assert db.session.scalar(select(func.count()).select_from(MaterialProgress)) == 1


def test_completing_without_opening_counts_as_opened(ctx, world, people):
    material = samples.material(audience=AUDIENCE_MEMBERS)
    db.session.commit()
    row = progress.set_completed(people["member"], material, True)
    assert row.opened_at == row.completed_at


def test_new_unopened_for_the_home_panel(ctx, world, people):
    member = people["member"]
    fresh = samples.material("Baru terbit", audience=AUDIENCE_MEMBERS, slug="baru-terbit")
    old = samples.material("Lama", audience=AUDIENCE_MEMBERS, slug="lama")
    old.published_at = utcnow() - timedelta(days=queries.NEW_DAYS + 1)
    samples.material("Untuk B", org_id=world.org_b, for_orgs=(world.org_b,), slug="untuk-b")
    db.session.commit()
    assert queries.new_unopened(member) == (1, [fresh])
    progress.record_open(member, fresh)
    assert queries.new_unopened(member) == (0, [])


def test_personal_data_and_erasure(ctx, world, people):
    from portal import personal_data

    member = people["member"]
    material = samples.material(audience=AUDIENCE_MEMBERS)
    db.session.commit()
    progress.set_completed(member, material, True)
    exported = personal_data.collect(member)["material_progress"]
    assert exported[0]["material"] == "SOP Evakuasi Banjir"
    assert exported[0]["completed_at"]
    personal_data.erase(member)
    db.session.commit()
    assert progress.progress_data(member) == []
