"""Reading through the pages: the library, search, "baru", opening, downloading, "selesai"."""

import pytest
from sqlalchemy import func, select

from portal import storage
from portal.extensions import db
from portal.models import MaterialProgress
from portal.models.materials import AUDIENCE_MEMBERS, AUDIENCE_PUBLIC

from ..helpers import make_app
from . import samples


@pytest.fixture
def sop(app, world):
    """A published SOP of organisation A for A's members, with a PDF."""
    with app.app_context():
        material = samples.material(org_id=world.org_a, for_orgs=(world.org_a,))
        material.attachment_path = storage.save(samples.PDF, "materials", "pdf")
        material.attachment_type = "pdf"
        material.attachment_size = 15 * 1024 * 1024 + 300 * 1024
        db.session.commit()
    return "sop-evakuasi-banjir"


def progress_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(MaterialProgress))


def test_library_marks_unopened_as_new_and_shows_the_file_size(sop, login_as, app):
    client = login_as("member")
    html = client.get("/materi/").get_data(as_text=True)
    assert "SOP Evakuasi Banjir" in html
    assert '<span class="badge badge-new">baru</span>' in html
    assert "Lampiran PDF, 15,3 MB" in html  # before any download
    client.get(f"/materi/{sop}")
    html = client.get("/materi/").get_data(as_text=True)
    assert "badge-new" not in html
    assert progress_count(app) == 1


def test_detail_page_counts_as_opened_once(sop, login_as, app):
    client = login_as("member")
    html = client.get(f"/materi/{sop}").get_data(as_text=True)
    assert "Unduh PDF (15,3 MB)" in html
    assert "<strong>titik kumpul</strong>" in html
    assert "Selesai dipelajari" in html
    client.get(f"/materi/{sop}")
    assert progress_count(app) == 1


def test_download_is_an_attachment_for_the_audience_and_counts(sop, login_as, app):
    response = login_as("member").get(f"/materi/{sop}/unduh")
    assert response.status_code == 200
    assert response.data == samples.PDF
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"{sop}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"
    assert progress_count(app) == 1
    assert login_as("other_coordinator").get(f"/materi/{sop}/unduh").status_code == 404


def test_search_and_filters(app, world, login_as):
    with app.app_context():
        samples.material(
            "Pedoman Dapur Umum",
            audience=AUDIENCE_MEMBERS,
            kind="pedoman",
            body="Takaran beras per jiwa.",
            slug="dapur",
        )
        samples.material("SOP Banjir", audience=AUDIENCE_MEMBERS, kind="sop", slug="banjir")
        db.session.commit()
    client = login_as("member")
    html = client.get("/materi/?q=BERAS").get_data(as_text=True)
    assert "Pedoman Dapur Umum" in html and "SOP Banjir" not in html
    assert "1 materi" in html
    html = client.get("/materi/?jenis=sop").get_data(as_text=True)
    assert "SOP Banjir" in html and "Pedoman Dapur Umum" not in html
    html = client.get("/materi/?q=tidak+ada+yang+cocok").get_data(as_text=True)
    assert "Tidak ada materi yang cocok" in html
    # A filter value not among the choices (an old link) means "all", not an error.
    response = client.get("/materi/?jenis=bukan-jenis&dari=999999")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "SOP Banjir" in html and "Pedoman Dapur Umum" in html


def test_live_search_answers_htmx_with_the_results_only(app, world, login_as):
    with app.app_context():
        samples.material("SOP Banjir", audience=AUDIENCE_MEMBERS, slug="banjir")
        db.session.commit()
    client = login_as("member")
    fragment = client.get("/materi/?q=banjir", headers={"HX-Request": "true"})
    assert "SOP Banjir" in fragment.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    page = client.get("/materi/?q=banjir")
    assert "<html" in page.get_data(as_text=True) and "HX-Request" in page.headers["Vary"]
    restore = client.get(
        "/materi/?q=banjir", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.get_data(as_text=True)


def test_mark_completed_without_javascript_and_undo(sop, login_as, app):
    client = login_as("member")
    token_page = f"/materi/{sop}"
    response = client.post_form(f"/materi/{sop}/selesai", {"done": "1"}, token_from=token_page)
    assert response.status_code == 303 and response.location.endswith(f"/materi/{sop}")
    html = client.get(response.location).get_data(as_text=True)
    assert "Ditandai selesai dipelajari." in html
    assert "Batalkan tanda selesai" in html
    with app.app_context():
        assert db.session.scalar(select(MaterialProgress.completed_at)) is not None
    client.post_form(f"/materi/{sop}/selesai", {"done": "0"}, token_from=token_page)
    with app.app_context():
        assert db.session.scalar(select(MaterialProgress.completed_at)) is None


def test_mark_completed_with_htmx_swaps_the_box(sop, login_as):
    client = login_as("member")
    response = client.post_form(
        f"/materi/{sop}/selesai",
        {"done": "1"},
        token_from=f"/materi/{sop}",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith("<section")
    assert 'id="kemajuan"' in html and "Batalkan tanda selesai" in html
    assert 'name="done" value="0"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_bad_completion_value_changes_nothing(sop, login_as, app):
    client = login_as("member")
    response = client.post_form(f"/materi/{sop}/selesai", {"done": "maybe"})
    assert response.status_code == 400
    assert "Permintaan tidak dapat diproses" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(MaterialProgress.completed_at)) is None


def test_member_gets_404_for_a_draft_or_another_organisations_material(app, world, login_as):
    with app.app_context():
        samples.material(
            "Draf", org_id=world.org_a, for_orgs=(world.org_a,), status="draft", slug="draf"
        )
        samples.material("Untuk B", org_id=world.org_b, for_orgs=(world.org_b,), slug="untuk-b")
        db.session.commit()
    client = login_as("member")
    for slug in ("draf", "untuk-b"):
        response = client.get(f"/materi/{slug}")
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
        assert client.post_form(f"/materi/{slug}/selesai", {"done": "1"}).status_code == 404
    html = client.get("/materi/").get_data(as_text=True)
    assert "Draf" not in html and "Untuk B" not in html
    assert progress_count(app) == 0


def test_public_material_without_login(app, world, client):
    with app.app_context():
        samples.material("Panduan Siaga Bencana", audience=AUDIENCE_PUBLIC, slug="panduan")
        samples.material("Untuk anggota", audience=AUDIENCE_MEMBERS, slug="anggota")
        db.session.commit()
    html = client.get("/materi/publik").get_data(as_text=True)
    assert "Panduan Siaga Bencana" in html and "Untuk anggota" not in html
    assert "badge-new" not in html
    page = client.get("/materi/panduan")
    assert page.status_code == 200 and "Selesai dipelajari" not in page.get_data(as_text=True)
    assert client.get("/materi/anggota").status_code == 302  # to the login page
    assert progress_count(app) == 0


def test_public_pages_are_rate_limited_for_visitors_only(tmp_path):
    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_PUBLIC="2 per minute")
    client = app.test_client()
    assert [client.get("/materi/publik").status_code for _ in range(3)] == [200, 200, 429]
    assert "Terlalu banyak percobaan" in client.get("/materi/publik").get_data(as_text=True)
    with app.app_context():
        samples.material("Panduan", audience=AUDIENCE_PUBLIC, slug="panduan")
        db.session.commit()
    codes = [client.get("/materi/panduan").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_home_panel_lists_new_unopened_material(sop, login_as):
    client = login_as("member")
    html = client.get("/").get_data(as_text=True)
    assert "Materi baru" in html and "1 materi baru belum Anda buka." in html
    client.get(f"/materi/{sop}")
    assert "Materi baru" not in client.get("/").get_data(as_text=True)


def test_menu_links_to_the_library(login_as):
    assert 'href="/materi/"' in login_as("member").get("/").get_data(as_text=True)
    assert 'href="/materi/publik"' in login_as("pending").get("/").get_data(as_text=True)


def test_library_runs_a_fixed_number_of_queries(app, world, login_as, count_queries):
    client = login_as("member")
    with app.app_context():
        samples.material("Satu", org_id=world.org_a, for_orgs=(world.org_a,), slug="satu")
        db.session.commit()
    client.get("/materi/satu")
    few = count_queries.get(client, "/materi/?q=a")
    with app.app_context():
        for n in range(25):
            samples.material(
                f"Materi {n}", org_id=world.org_b, audience=AUDIENCE_MEMBERS, slug=f"materi-{n}"
            )
        db.session.commit()
    many = count_queries.get(client, "/materi/?q=a")
    assert many == few
    second = client.get("/materi/?q=a&page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in second and "Sebelumnya" in second


def test_visitors_find_the_public_list_from_the_welcome_page(client):
    assert 'href="/materi/publik"' in client.get("/").get_data(as_text=True)


def test_a_coordinator_of_one_organisation_has_it_ticked_already(login_as, world):
    html = login_as("coordinator").get("/materi/baru").get_data(as_text=True)
    checkbox = f'name="organisations" type="checkbox" value="{world.org_a}"'
    assert f'<input checked id="organisations-0" {checkbox}>' in html
