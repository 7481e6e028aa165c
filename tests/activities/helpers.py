"""What the activity and report tests share: the activity form, its errors, the counts."""

import io
import re

from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Activity, ActivityPhoto

from .. import factories
from . import factories as af

SUBMISSION_RE = re.compile(r'name="submission_id" type="hidden" value="([^"]+)"')
ERROR_RE = re.compile(r'class="error">([^<]+)<')


def activity_form(org_id: int, activity_type: str | None = None) -> dict:
    """A complete, valid activity of today for organisation org_id (without its token),
    of the named type or the first of the organisation's kind. Needs an app context."""
    return {
        "organisation": str(org_id),
        "done_on": today_wib().isoformat(),
        "activity_type": str(af.type_for(org_id, activity_type).id),
        "desa": str(factories.desa().id),
        "hours": "1",
        "minutes": "30",
        "people_served": "12",
        "ppks": [str(af.ppks("ABT").id)],
        "title": "Respons banjir Desa Lalang",
        "description": "Evakuasi warga dan pendataan kebutuhan.",
    }


def errors_in(html: str) -> list[str]:
    return ERROR_RE.findall(html)


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
