"""No GET changes anything: downloads of people's data are POST forms (CSRF), so a link
or an image tag in someone's Markdown cannot make a reader's browser export, and audit."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent

EXPORTS = [
    "/akun/data.json",
    "/organisasi/{org_a}/anggota.csv",
    "/organisasi/{org_a}/anggota.xlsx",
    "/materi/penyelesaian/{org_a}/unduh.csv",
    "/materi/penyelesaian/{org_a}/unduh.xlsx",
]


def audit_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.mark.parametrize("path", EXPORTS)
def test_an_export_asked_for_by_get_is_refused_and_audits_nothing(app, world, login_as, path):
    client = login_as("coordinator")
    path = path.format(org_a=world.org_a)
    before = audit_count(app)
    # 405; the completion files' addresses are also read as a material's slug there: 404.
    assert client.get(path).status_code in (404, 405)
    assert client.post(path).status_code == 400  # no CSRF token: a forged form
    assert audit_count(app) == before
    response = client.post_form(path)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert audit_count(app) == before + 1


def test_the_pages_offer_exports_as_forms(app, world, login_as):
    html = login_as("member").get("/akun/data").get_data(as_text=True)
    assert 'method="post" action="/akun/data.json"' in html
    html = login_as("coordinator").get(f"/organisasi/{world.org_a}/anggota?status=active").text
    assert f'method="post" action="/organisasi/{world.org_a}/anggota.csv"' in html
    assert 'name="status" value="active"' in html
