"""The report pages through the test client: submit, return, verify, print, export, overview."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal import months
from portal.extensions import db
from portal.models import AuditEvent, Membership, MonthlyReport, Organisation
from portal.models.activities import SUBMITTED, VERIFIED

from .. import factories
from ..activities import factories as af
from ..activities.helpers import errors_in


@pytest.fixture
def month_url(app, world):
    """The member's report page for this month, with two activities in it."""
    with app.app_context():
        af.activity(world.ids["member"], world.org_a, title="Penyuluhan di sekolah")
        af.activity(world.ids["member"], world.org_a, title="Piket posko", minutes=240)
        db.session.commit()
        mid = af.membership_id(world.ids["member"], world.org_a)
    return f"/laporan/{mid}/{af.this_month()}"


def report_status(app, world) -> str | None:
    with app.app_context():
        return db.session.scalar(
            select(MonthlyReport.status).where(MonthlyReport.user_id == world.ids["member"])
        )


def test_the_whole_round_submit_return_fix_resubmit_verify(login_as, app, world, month_url):
    member, coordinator = login_as("member"), login_as("coordinator")
    page = member.get(month_url).get_data(as_text=True)
    assert "belum dikirim" in page and "2 kegiatan" not in page  # stats speak in numbers
    assert "Penyuluhan di sekolah" in page and "5 jam 30 menit" in page
    response = member.post_form(month_url + "/kirim")
    assert response.status_code == 303 and response.location == month_url
    page = member.get(month_url).get_data(as_text=True)
    assert "dikirim ke koordinator" in page and "terkunci" in page
    assert "Catat kegiatan" not in page

    # Returning without a note is refused and changes nothing.
    response = coordinator.post_form(month_url + "/tinjau", {"action": "return", "note": ""})
    assert response.status_code == 422
    assert "Tulis catatan" in " ".join(errors_in(response.get_data(as_text=True)))
    assert report_status(app, world) == SUBMITTED

    response = coordinator.post_form(
        month_url + "/tinjau", {"action": "return", "note": "Tambahkan foto kegiatan."}
    )
    assert response.status_code == 303
    assert response.location.startswith(f"/laporan/?organisasi={world.org_a}")
    page = member.get(month_url).get_data(as_text=True)
    assert "dikembalikan" in page and "Tambahkan foto kegiatan." in page
    assert "Catat kegiatan" in page  # open again
    assert "Tambahkan foto kegiatan." in member.get("/").get_data(as_text=True)

    assert member.post_form(month_url + "/kirim").status_code == 303
    assert coordinator.post_form(month_url + "/tinjau", {"action": "verify"}).status_code == 303
    assert report_status(app, world) == VERIFIED
    page = member.get(month_url).get_data(as_text=True)
    assert "diverifikasi" in page and "Koordinator Uji A" in page  # history: who
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert [a for a in actions if a.startswith("report.")] == [
        "report.submitted",
        "report.returned",
        "report.submitted",
        "report.verified",
    ]


def test_a_member_cannot_review_and_a_coordinator_cannot_submit_for_them(
    login_as, app, world, month_url
):
    assert login_as("coordinator").post_form(month_url + "/kirim").status_code == 404
    member = login_as("member")
    member.post_form(month_url + "/kirim")
    assert member.post_form(month_url + "/tinjau", {"action": "verify"}).status_code == 404
    assert report_status(app, world) == SUBMITTED


def test_a_future_month_is_not_found(login_as, month_url):
    future = months.to_param(months.shift(months.current(), 1))
    assert login_as("member").get(month_url[: -len("2026-11")] + future).status_code == 404


def test_the_print_page_has_the_office_the_member_totals_and_signatures(
    login_as, app, world, month_url
):
    with app.app_context():
        af.report(
            world.ids["member"], world.org_a, months.current(), VERIFIED
        ).reviewer_id = world.ids["coordinator"]
        db.session.commit()
    html = login_as("member").get(month_url + "/cetak").get_data(as_text=True)
    for text in (
        "DINAS SOSIAL KABUPATEN BELITUNG TIMUR",
        "Laporan Kegiatan Bulanan",
        "Anggota Uji",
        "Penyuluhan di sekolah",
        "Jumlah: 2 kegiatan",
        "5 jam 30 menit",
        "Mengetahui,",
        "Koordinator Tagana Uji A",
        "Koordinator Uji A",  # the reviewer signs a verified report
        "Pelapor",
    ):
        assert text in html, text
    assert "data-print hidden" in html  # the JavaScript print button, hidden without it


def test_the_coordinators_list_filters_by_status_and_answers_htmx_with_a_fragment(
    login_as, world, month_url
):
    coordinator = login_as("coordinator")
    login_as("member").post_form(month_url + "/kirim")
    html = coordinator.get("/laporan/?status=submitted").get_data(as_text=True)
    assert "Anggota Uji" in html and "Koordinator Uji A" not in html
    assert "dikirim: 1" in html and "belum dikirim: 1" in html
    response = coordinator.get("/laporan/?status=draft", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"] and "<html" not in html
    assert "Koordinator Uji A" in html and "Anggota Uji</a>" not in html
    assert "Ada 1 laporan" not in html
    home = coordinator.get("/").get_data(as_text=True)
    assert "1 laporan menunggu verifikasi" in home


def test_another_coordinator_does_not_see_organisation_a(login_as, world):
    assert login_as("other_coordinator").get(f"/laporan/?organisasi={world.org_a}").status_code == (
        404
    )


def test_overview_for_a_coordinator_and_for_the_admin(login_as, app, world):
    with app.app_context():
        af.activity(world.ids["member"], world.org_a, desa=factories.desa("Gantung"), people=7)
        af.activity(world.ids["member"], world.org_a, done_on=months.shift(months.current(), -1))
        db.session.commit()
    html = login_as("coordinator").get("/laporan/ringkasan").get_data(as_text=True)
    assert "Gantung, Gantung" in html and "Belum mengirim laporan" in html
    assert "Per organisasi" not in html and "Semua organisasi saya" not in html
    html = login_as("admin").get("/laporan/ringkasan").get_data(as_text=True)
    assert "Per organisasi" in html and "Tagana Uji A" in html and "Semua organisasi" in html


def test_member_summary_panel_shows_recent_months(req, world):
    from portal.panels import member_summaries

    af.activity(world.ids["member"], world.org_a, minutes=120)
    db.session.commit()
    membership = db.session.get(Membership, af.membership_id(world.ids["member"], world.org_a))
    # Meetings and materials add their own blocks; this one is about activities.
    (html,) = [h for h in member_summaries(membership) if "2 jam" in h]
    assert months.label(months.current()) in html
    assert months.label(months.shift(months.current(), -2)) in html


# The report pages run a fixed number of queries, whatever the number of rows.


def _add_activities(app, world, n):
    with app.app_context():
        for i in range(n):
            af.activity(
                world.ids["member"],
                world.org_a,
                done_on=months.current() + timedelta(days=i % 20),
                ppks_codes=("ABT", "AT") if i % 2 else ("AJ",),
                photos=1 if i % 5 == 0 else 0,
                desa=factories.desa("Gantung") if i % 3 else None,
            )
        db.session.commit()


def test_the_report_pages_run_a_fixed_number_of_queries(
    login_as, app, world, month_url, count_queries
):
    member, coordinator = login_as("member"), login_as("coordinator")
    pages = [
        (member, month_url),
        (coordinator, month_url),
        (member, month_url + "/cetak"),
        (coordinator, "/laporan/"),
        (coordinator, "/laporan/ringkasan"),
        (login_as("admin"), "/laporan/ringkasan"),
    ]
    few = [count_queries.get(client, path) for client, path in pages]
    _add_activities(app, world, 40)
    with app.app_context():
        org = db.session.get(Organisation, world.org_a)
        for i in range(12):
            factories.member(org, f"Anggota Tambahan {i:02d}")
        db.session.commit()
    many = [count_queries.get(client, path) for client, path in pages]
    assert many == few
    assert few[0] <= 20, few  # the month page: see the closing note


def test_long_months_and_long_member_lists_are_paginated(login_as, app, world, month_url):
    with app.app_context():
        org = db.session.get(Organisation, world.org_a)
        for i in range(55):
            af.activity(world.ids["member"], world.org_a, title=f"Kegiatan ke-{i:02d}")
        for i in range(30):
            factories.member(org, f"Anggota Tambahan {i:02d}")
        db.session.commit()
    member = login_as("member")
    first = member.get(month_url).get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and f'href="{month_url}?page=2"' in first
    second = member.get(month_url + "?page=2").get_data(as_text=True)
    assert "Sebelumnya" in second and "Kegiatan ke-54" in second
    assert "Jumlah: 57 kegiatan" in member.get(month_url + "/cetak").get_data(as_text=True)
    listing = login_as("coordinator").get("/laporan/?status=draft&page=2")
    assert listing.status_code == 200
    assert "Halaman 2 dari 2" in listing.get_data(as_text=True)
