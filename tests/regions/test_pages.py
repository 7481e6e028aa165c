"""The area pages: the admin's regency, a coordinator's own figures, and 404s."""

import pytest

from .factories import regency


@pytest.fixture
def land(app, world):
    with app.app_context():
        return regency(world)


def test_admin_sees_the_regency_by_kecamatan(login_as, land):
    response = login_as("admin").get("/wilayah/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Manggar" in html and "Gantung" in html
    assert "TKSK Manggar" in html and "<svg" in html


def test_the_page_shows_the_figures_it_counted(app, login_as, land):
    from portal.regions import figures, places

    with app.app_context():
        tree = places.load()
        data = figures.build(tree, "kecamatan", tree.by_code[land.manggar], land.month, None)
        assert data.this.activities or data.history.activities
        assert any(o.reports["verified"] for o in data.organisations)
    html = login_as("admin").get(f"/wilayah/{land.manggar}").get_data(as_text=True)
    assert f"<strong>{data.members}</strong> relawan aktif" in html
    assert f"<strong>{data.this.activities}</strong> kegiatan bulan ini" in html
    # Each desa links to its page; each report figure to the list behind it.
    assert f'href="/wilayah/{land.manggar}/{land.desa[0]}?bulan=' in html
    assert "/laporan/?organisasi=" in html and "status=verified" in html
    # Meeting attendance: the ended meeting's invitations of people living in Manggar.
    assert 0 < data.attended < data.invited
    assert f"{data.attended} dari {data.invited} undangan hadir ({data.attendance} %)" in html
    assert "/rapat/?tab=selesai" in html


def test_a_coordinator_sees_only_their_own_organisation(login_as, world, land):
    html = login_as("coordinator").get("/wilayah/").get_data(as_text=True)
    assert "Tagana Uji A" in html
    assert "TKSK Manggar" not in html and "PSM Uji B" not in html
    assert "hanya angka organisasi Anda" in html
    assert "tanpa anggota PSM" not in html and "tanpa anggota TAGANA" in html


def test_a_desa_page_and_its_month(login_as, land):
    client = login_as("admin")
    response = client.get(f"/wilayah/{land.manggar}/{land.desa[1]}?bulan=2026-01")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Januari 2026" in html
    assert "Per kategori PPKS" not in html  # the summary has no PPKS by desa


@pytest.mark.parametrize(
    "path",
    [
        "/wilayah/99.99.99",
        "/wilayah/{manggar}/99.99.99.9999",
        "/wilayah/{gantung}/{desa0}",  # a Manggar desa under Gantung
        "/wilayah/{desa0}",  # a desa is not a kecamatan
        "/wilayah/19.06",  # nor is the kabupaten
    ],
)
def test_an_unknown_area_code_is_not_found(login_as, land, path):
    path = path.format(manggar=land.manggar, gantung=land.gantung, desa0=land.desa[0])
    response = login_as("admin").get(path)
    assert response.status_code == 404


def test_the_menu_offers_wilayah_to_coordinators_only(login_as, land):
    assert 'href="/wilayah/"' in login_as("coordinator").get("/").get_data(as_text=True)
    assert 'href="/wilayah/"' not in login_as("member").get("/").get_data(as_text=True)
    assert login_as("member").get("/wilayah/").status_code == 403


def test_the_musibah_of_the_area_and_month_are_on_its_pages(app, login_as, world, land):
    from datetime import timedelta

    from portal.extensions import db
    from portal.i18n import now_utc
    from portal.models import Incident
    from portal.models.incidents import CLOSED

    from ..incidents import factories as incident_factories

    with app.app_context():
        flood = incident_factories.incident(world.ids["coordinator"], world.org_a)
        old = incident_factories.incident(world.ids["coordinator"], world.org_a, kind="KEBAKARAN")
        # The fire was over two months ago.
        fire = db.session.get(Incident, old.id)
        fire.began_at = now_utc() - timedelta(days=70)
        fire.status, fire.closed_at = CLOSED, now_utc() - timedelta(days=65)
        db.session.commit()
        kecamatan_code, desa_code = flood.desa.parent.code, flood.desa.code
        other = next(k for k in (land.manggar, land.gantung) if k != kecamatan_code)
        flood_id, fire_id = flood.id, fire.id
        fire_month = fire.began_at.strftime("%Y-%m")
    admin = login_as("admin")
    for path in (
        "/wilayah/",
        f"/wilayah/{kecamatan_code}",
        f"/wilayah/{kecamatan_code}/{desa_code}",
    ):
        html = admin.get(path).get_data(as_text=True)
        assert f'href="/musibah/{flood_id}"' in html and "berlangsung" in html, path
        assert f'href="/musibah/{fire_id}"' not in html, path  # not this month's
    assert f"/musibah/{flood_id}" not in admin.get(f"/wilayah/{other}").get_data(as_text=True)
    then = admin.get(f"/wilayah/?bulan={fire_month}").get_data(as_text=True)
    assert f'href="/musibah/{fire_id}"' in then and "ditutup" in then
    # Another organisation's coordinator does not see Tagana's incident that is not public.
    theirs = login_as("other_coordinator").get("/wilayah/").get_data(as_text=True)
    assert f"/musibah/{flood_id}" not in theirs
    assert f'href="/musibah/{flood_id}"' in login_as("coordinator").get("/wilayah/").get_data(
        as_text=True
    )
