"""Pages about oneself: the person is already loaded with the login session (without the
desa), so the page's loader must still load what it shows (the lazy-load guard fails
the test otherwise). session.get() would return the loaded object as it is."""

import pytest

from portal.extensions import db
from portal.models import User


@pytest.fixture
def homes(app, world):
    """Everyone in the world lives in a desa (with its kecamatan)."""
    from sqlalchemy import select

    from portal.models import Area

    with app.app_context():
        desa = db.session.scalar(select(Area).where(Area.level == "desa"))
        for user in db.session.scalars(select(User)):
            user.home_desa_id = desa.id
        db.session.commit()
        return desa.name


def test_a_coordinator_opens_their_own_member_page(login_as, world, homes):
    page = login_as("coordinator").get(
        f"/organisasi/{world.org_a}/anggota/{world.memberships['coordinator']}"
    )
    assert page.status_code == 200
    assert homes in page.get_data(as_text=True)


def test_an_admin_opens_their_own_account_page(login_as, world, homes):
    page = login_as("admin").get(f"/admin/pengguna/{world.ids['admin']}")
    assert page.status_code == 200
    assert homes in page.get_data(as_text=True)
