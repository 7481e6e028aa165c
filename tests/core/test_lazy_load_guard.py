"""The lazy-load guard (tests/helpers.py) is on for every test: a page that loads a
relationship one object at a time fails; an explicit load passes."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Membership
from tests.helpers import LazyLoadDuringRequest


def _names(options) -> str:
    db.session.expire_all()
    rows = db.session.scalars(select(Membership).options(*options).order_by(Membership.id))
    return ",".join(m.user.full_name for m in rows)


@pytest.mark.logs_errors
def test_a_lazy_load_in_a_request_fails_and_an_explicit_one_passes(app, world, caplog):
    app.add_url_rule("/lazy", "lazy", lambda: _names(()))
    app.add_url_rule("/explicit", "explicit", lambda: _names((joinedload(Membership.user),)))
    client = app.test_client()
    assert "Anggota Uji" in client.get("/explicit").get_data(as_text=True)
    assert client.get("/lazy").status_code == 500  # the portal's error page; logged:
    [logged] = [r for r in caplog.records if r.exc_info]
    assert isinstance(logged.exc_info[1], LazyLoadDuringRequest)
    assert "lazy load of User from Membership during GET /lazy" in str(logged.exc_info[1])
