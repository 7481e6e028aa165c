"""Photo uploads through the form: too many, not photos, too big, and kept while fixing."""

import io
import re

from sqlalchemy import select

from portal.activities import photos
from portal.extensions import db
from portal.i18n import today_wib
from portal.models import Activity

from .. import factories
from ..helpers import make_app
from . import factories as af
from .helpers import SUBMISSION_RE, counts, new_form, post_activity


def test_a_fourth_photo_is_refused(member, app, form_data):
    files = [(f"{i}.jpg", af.jpeg()) for i in range(4)]
    response = post_activity(member, form_data, files)
    assert response.status_code == 422
    assert "Paling banyak 3 foto per kegiatan; ini menjadi 4." in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_a_file_that_only_claims_to_be_a_photo_is_refused(member, app, form_data):
    response = post_activity(member, form_data, [("foto.jpg", b"%PDF-1.4 not a photo")])
    assert response.status_code == 422
    assert "foto.jpg bukan foto JPEG, PNG, atau WebP" in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_a_photo_over_ten_megabytes_is_refused(member, app, form_data):
    big = b"\xff\xd8\xff" + b"\0" * photos.MAX_BYTES
    response = post_activity(member, form_data, [("besar.jpg", big)])
    assert response.status_code == 422
    assert "besar.jpg lebih dari 10 MB" in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_an_upload_over_the_request_limit_gets_the_413_page(tmp_path):
    # The real limit is 32 MB (3 photos of 10 MB); a small one keeps the test light.
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=200_000)
    with app.app_context():
        org = factories.organisation("Tagana Kecil")
        phone = factories.member(org).phone
        data = {
            "organisation": str(org.id),
            "done_on": today_wib().isoformat(),
            "activity_type": str(af.type_for(org.id).id),
            "desa": str(factories.desa().id),
            "hours": "1",
            "people_served": "1",
            "title": "Foto besar",
        }
        db.session.commit()
    client = app.test_client()
    client.login(phone)
    response = post_activity(client, data, [("besar.jpg", b"\xff" * 300_000)])
    assert response.status_code == 413
    assert "Berkas terlalu besar" in response.get_data(as_text=True)
    assert counts(app) == (0, 0)


def test_good_photos_are_kept_while_the_form_is_corrected(member, app, form_data):
    response = post_activity(member, {**form_data, "title": ""}, [("ok.jpg", af.jpeg())])
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    held = re.findall(r'name="held" value="(\d+)"', html)
    assert len(held) == 1 and "tidak perlu dipilih lagi" in html
    assert counts(app) == (0, 1)  # held, not yet part of any activity
    submission_id = SUBMISSION_RE.search(html).group(1)
    data = {**form_data, "held": held, "submission_id": submission_id}
    assert post_activity(member, data).status_code == 303
    with app.app_context():
        activity = db.session.scalar(select(Activity))
        assert [p.id for p in activity.photos] == [int(held[0])]


def test_a_forged_held_photo_id_is_ignored(member, app, form_data):
    response = post_activity(member, {**form_data, "held": ["abc", "99999"]})
    assert response.status_code == 303
    assert counts(app) == (1, 0)


def test_logging_an_activity_with_a_photo_runs_14_statements(member, app, form_data, count_queries):
    # 26 statements before issue 9 (BEGIN included); now 13 with BEGIN, which
    # count_queries leaves out; issue 11 added one: the summary rows' upsert; issue 16 one:
    # the membership's row is taken, so a report submitted at that moment waits for it.
    data = {
        **form_data,
        "submission_id": new_form(member),
        "csrf_token": member.csrf_token(),
        "photos": [(io.BytesIO(af.jpeg()), "foto.jpg")],
    }
    with count_queries() as statements:
        response = member.post("/kegiatan/baru", data=data, content_type="multipart/form-data")
    assert response.status_code == 303
    assert counts(app) == (1, 1)
    assert len(statements) == 14, "\n".join(statements)
