"""Member import pages around the preview: templates, discarding, old previews, access."""

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import MemberImport, MemberImportRow

from ..directory_helpers import upload, xlsx
from .test_import import GOOD, _counts, _text


def test_discarding_forgets_the_rows(app, login_as, world):
    client = login_as("coordinator")
    preview_url = upload(client, world.org_a, xlsx(GOOD)).location
    assert client.post_form(preview_url + "/batal", token_from=preview_url).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MemberImportRow)) == 0
    assert "Impor dibatalkan" in _text(client.get(preview_url))
    before = _counts(app)
    response = client.post_form(
        preview_url + "/simpan", token_from=f"/organisasi/{world.org_a}/impor"
    )
    assert response.status_code == 303  # back to the page that says it was discarded
    assert _counts(app) == before


def test_another_organisations_import_is_not_found(app, login_as, world):
    preview_url = upload(login_as("coordinator"), world.org_a, xlsx(GOOD)).location
    other = login_as("other_coordinator")
    assert other.get(preview_url).status_code == 404
    batch_id = preview_url.rsplit("/", 1)[1]
    # Through their own organisation's address, too.
    assert other.get(f"/organisasi/{world.org_b}/impor/{batch_id}").status_code == 404


def test_templates_download(login_as, world):
    client = login_as("coordinator")
    xlsx_response = client.get(f"/organisasi/{world.org_a}/impor/templat.xlsx")
    assert xlsx_response.status_code == 200
    workbook = load_workbook(BytesIO(xlsx_response.data))
    assert [c.value for c in workbook["Anggota"][1]][:3] == ["Nama lengkap", "Nomor HP", "E-mail"]
    assert any(row[1] == "Lalang Jaya" for row in workbook["Petunjuk"].iter_rows(values_only=True))
    csv_response = client.get(f"/organisasi/{world.org_a}/impor/templat.csv")
    assert csv_response.data.decode("utf-8-sig").startswith("Nama lengkap;Nomor HP;E-mail")
    assert csv_response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_old_previews_are_forgotten(app, login_as, world):
    client = login_as("coordinator")
    preview_url = upload(client, world.org_a, xlsx(GOOD)).location
    with app.app_context():
        batch = db.session.scalar(select(MemberImport))
        batch.created_at = batch.created_at - timedelta(days=2)
        db.session.commit()
    upload(client, world.org_a, xlsx(GOOD[:1]))
    with app.app_context():
        old = db.session.scalar(select(MemberImport).order_by(MemberImport.id))
        assert old.status == "discarded"
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(MemberImportRow)
                .where(MemberImportRow.batch_id == old.id)
            )
            == 0
        )
    assert "Impor dibatalkan" in _text(client.get(preview_url))
