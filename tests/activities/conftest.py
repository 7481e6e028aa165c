"""Helpers for the activity and report tests: a query counter, the activity form, counts."""

import io
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Activity, ActivityPhoto

from .. import factories
from . import factories as af

SUBMISSION_RE = re.compile(r'name="submission_id" type="hidden" value="([^"]+)"')
ERROR_RE = re.compile(r'class="error">([^<]+)<')


@contextmanager
def counted_queries(app):
    """Every SQL statement the block sends to the database."""
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def errors_in(html: str) -> list[str]:
    return ERROR_RE.findall(html)


@pytest.fixture
def req(app):
    """A request context: services speak Bahasa Indonesia, and the locale is per request."""
    with app.test_request_context():
        yield app


@pytest.fixture
def form_data(app, world):
    """A complete, valid activity form for the member of org A (without its token)."""
    with app.app_context():
        return {
            "organisation": str(world.org_a),
            "done_on": today_wib().isoformat(),
            "activity_type": str(af.type_for(world.org_a, "Respons bencana").id),
            "desa": str(factories.desa().id),
            "hours": "1",
            "minutes": "30",
            "people_served": "12",
            "ppks": [str(af.ppks("ABT").id)],
            "title": "Respons banjir Desa Lalang",
            "description": "Evakuasi warga dan pendataan kebutuhan.",
        }


@pytest.fixture
def member(login_as):
    return login_as("member")


def new_form(client) -> str:
    """Open the form like a browser and return its submission id."""
    return SUBMISSION_RE.search(client.get("/kegiatan/baru").get_data(as_text=True)).group(1)


def post_activity(client, data, photo_files=(), path="/kegiatan/baru"):
    data = dict(data)
    data.setdefault("submission_id", new_form(client))
    data["photos"] = [(io.BytesIO(content), name) for name, content in photo_files]
    return client.post_form(path, data, content_type="multipart/form-data")


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count(Activity.id))),
            db.session.scalar(select(func.count(ActivityPhoto.id))),
        )
