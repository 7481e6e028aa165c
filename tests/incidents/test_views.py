"""The incident pages: the journey's steps over HTTP, bad input (a clear Indonesian message,
nothing changed), who sees what, photos without EXIF, the printouts and the XLSX, and the
incident page's exact query count."""

import io
import re
from datetime import datetime, timedelta

from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import JAKARTA
from portal.models import (
    Activity,
    Callout,
    Incident,
    IncidentPhoto,
    Organisation,
    Shift,
    ShiftAssignment,
    SituationReport,
)

from .. import factories
from ..activities import factories as af
from ..spreadsheet_helpers import assert_office_layout
from . import factories as inf

ERROR_RE = re.compile(r'class="error"[^>]*>([^<]+)<')


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _wib(moment: datetime) -> str:
    return moment.astimezone(JAKARTA).strftime("%Y-%m-%dT%H:%M")


def test_opening_an_incident_leads_to_the_call_out(app, world, login_as):
    client = login_as("coordinator")
    with app.app_context():
        data = {
            "organisation": str(world.org_a),
            "kind": str(inf.kind("ORANG_HILANG").id),
            "desa": str(factories.desa().id),
            "began_at": _wib(datetime.now(JAKARTA) - timedelta(hours=3)),
            "description": "Nelayan belum kembali sejak kemarin sore.",
            "posko": "Dermaga Manggar",
        }
    response = client.post_form("/musibah/baru", data, token_from="/musibah/baru")
    assert response.status_code == 303
    incident_id = int(re.search(r"/musibah/(\d+)/panggil", response.location).group(1))
    page = client.get(f"/musibah/{incident_id}/panggil").get_data(as_text=True)
    assert "Kejadian dicatat. Sekarang panggil anggota." in page
    response = client.post_form(f"/musibah/{incident_id}/panggil", {})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "2 anggota dipanggil." in page
    assert "https://wa.me/?text=PANGGILAN%20TUGAS" in page


def test_opening_with_bad_input_says_why_and_saves_nothing(app, world, login_as):
    client = login_as("coordinator")
    future = _wib(datetime.now(JAKARTA) + timedelta(days=1))
    data = {"organisation": str(world.org_b), "kind": "", "desa": "", "began_at": future}
    response = client.post_form("/musibah/baru", data, token_from="/musibah/baru")
    assert response.status_code == 422
    errors = ERROR_RE.findall(response.get_data(as_text=True))
    assert "Pilih organisasi Tagana Anda." in errors  # B is not theirs
    assert "Pilih jenis kejadian dari daftar." in errors
    assert "Tulis keterangan singkat kejadian." in errors
    assert _count(app, Incident) == 0


def test_a_member_not_called_out_sees_the_incident_only_when_public(app, world, login_as, flood):
    with app.app_context():
        org = db.session.get(Organisation, world.org_a)
        outsider = factories.member(org, "Anggota Belakangan")
        db.session.commit()
        phone = outsider.phone
    client = app.test_client()
    client.login(phone)
    assert client.get(f"/musibah/{flood.id}").status_code == 404
    assert "Banjir" not in client.get("/musibah/").get_data(as_text=True)
    coordinator = login_as("coordinator")
    response = coordinator.post_form(f"/musibah/{flood.id}/publik", {"public": "1"})
    assert response.status_code == 303
    assert client.get(f"/musibah/{flood.id}").status_code == 200
    assert "Banjir" in client.get("/musibah/").get_data(as_text=True)
    # Seeing is not answering nor managing.
    assert client.post_form(f"/musibah/{flood.id}/jawab", {"answer": "siap"}).status_code == 404


def test_another_organisations_coordinator_cannot_change_it(app, world, login_as, flood):
    client = login_as("other_coordinator")
    for path in ("/publik", "/panggil", "/panggil-lagi", "/piket", "/laporan", "/tutup"):
        assert client.post_form(f"/musibah/{flood.id}{path}", {}).status_code == 404, path
    assert _count(app, Callout) == 0


def test_answer_without_js_redirects_and_with_htmx_swaps_the_block(app, world, login_as, flood):
    with app.app_context():
        inf.call_everyone(flood.id, world.ids["coordinator"])
    client = login_as("member")
    response = client.post_form(f"/musibah/{flood.id}/jawab", {"answer": "di_lokasi"})
    assert response.status_code == 303
    assert "Jawaban tersimpan: Sudah di lokasi." in client.get(response.location).get_data(
        as_text=True
    )
    fragment = client.post_form(
        f"/musibah/{flood.id}/jawab", {"answer": "tidak"}, headers={"HX-Request": "true"}
    )
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and html.startswith('<div class="rsvp"')
    assert 'value="tidak" aria-pressed="true"' in html
    wrong = client.post_form(f"/musibah/{flood.id}/jawab", {"answer": "mungkin"})
    assert wrong.status_code == 422
    assert "Pilih siap berangkat, tidak bisa, atau sudah di lokasi." in wrong.get_data(as_text=True)
    live = login_as("coordinator").get(
        f"/musibah/{flood.id}/jawaban", headers={"HX-Request": "true"}
    )
    assert 'data-count="tidak">1<' in live.get_data(as_text=True)
    assert 'hx-trigger="every' in live.get_data(as_text=True)


def test_shift_bad_input_is_refused_with_a_message(app, world, login_as, flood):
    coordinator = login_as("coordinator")
    starts = datetime.now(JAKARTA) + timedelta(hours=2)
    response = coordinator.post_form(
        f"/musibah/{flood.id}/piket",
        {
            "starts_at": _wib(starts),
            "ends_at": _wib(starts - timedelta(hours=1)),
            "people_needed": "x",
        },
    )
    assert response.status_code == 422
    errors = " ".join(ERROR_RE.findall(response.get_data(as_text=True)))
    assert "Isi dengan angka bulat." in errors
    with app.app_context():
        first = inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=-3)).id
        overlapping = inf.shift(flood.id, world.ids["coordinator"]).id
        inf.assign(first, world.ids["member"])
        other_member = factories.member(db.session.get(Organisation, world.org_b), "Anggota B")
        db.session.commit()
        other_id = other_member.id
    member = login_as("member")
    out = member.post_form(f"/musibah/{flood.id}/piket/{first}/keluar", {"code": flood.code})
    assert out.status_code == 422
    assert "catat masuk dulu, baru keluar" in out.get_data(as_text=True)
    with app.app_context():
        inf.call_everyone(flood.id, world.ids["coordinator"])
    taken = member.post_form(f"/musibah/{flood.id}/piket/{overlapping}/ambil", {})
    assert taken.status_code == 422
    assert "piket tidak boleh bertumpuk" in taken.get_data(as_text=True)
    # A member of another organisation cannot be put on the shift.
    assigned = coordinator.post_form(
        f"/musibah/{flood.id}/piket/{overlapping}/tugaskan", {"person": str(other_id)}
    )
    assert assigned.status_code == 422
    assert "Pilih anggota dari daftar." in assigned.get_data(as_text=True)
    assert _count(app, ShiftAssignment) == 1
    assert _count(app, Shift) == 2


def test_check_in_and_out_with_the_posko_code_count_one_activity(app, world, login_as, flood):
    with app.app_context():
        shift_id = inf.shift(flood.id, world.ids["coordinator"]).id
        inf.assign(shift_id, world.ids["member"])
    member = login_as("member")
    base = f"/musibah/{flood.id}/piket/{shift_id}"
    scanned = member.get(f"/musibah/{flood.id}/piket?kode={flood.code.lower()}")
    assert f'name="code" value="{flood.code}"' in scanned.get_data(as_text=True)
    wrong = member.post_form(base + "/masuk", {"code": "salah"})
    assert wrong.status_code == 422 and "Kode posko salah" in wrong.get_data(as_text=True)
    typed = f"{flood.code[:4].lower()}-{flood.code[4:]}"
    assert member.post_form(base + "/masuk", {"code": typed}).status_code == 303
    response = member.post_form(base + "/keluar", {"code": flood.code})
    assert response.status_code == 303
    assert "Piket ini masuk kegiatan bulan Anda." in member.get(response.location).get_data(
        as_text=True
    )
    assert _count(app, Activity, Activity.user_id == world.ids["member"]) == 1


def test_situation_report_refuses_absurd_counts_and_strips_photo_metadata(
    app, world, login_as, flood
):
    client = login_as("coordinator")
    path = f"/musibah/{flood.id}/laporan"
    page = client.get(path).get_data(as_text=True)
    assert "Jangan tulis nama, NIK, alamat" in page
    absurd = {"people_affected": "250000", "kk_affected": "-3", "displaced": "10"}
    response = client.post_form(path, absurd, token_from=path)
    assert response.status_code == 422
    errors = ERROR_RE.findall(response.get_data(as_text=True))
    assert errors.count("Isi angka 0 sampai 130.000.") == 2
    more_kk = client.post_form(
        path, {"people_affected": "10", "kk_affected": "30"}, token_from=path
    )
    assert more_kk.status_code == 422
    assert "Jumlah KK tidak mungkin lebih banyak dari jumlah jiwa." in more_kk.get_data(
        as_text=True
    )
    assert _count(app, SituationReport) == 0
    photo = (io.BytesIO(af.jpeg(size=(800, 600), exif=af.gps_exif())), "lokasi.jpg")
    good = {"people_affected": "150", "kk_affected": "40", "needs_kitchen": "y", "photos": photo}
    response = client.post_form(path, good, token_from=path, content_type="multipart/form-data")
    assert response.status_code == 303
    with app.app_context():
        photo_id = db.session.scalar(select(IncidentPhoto.id))
    served = client.get(f"/musibah/{flood.id}/foto/{photo_id}")
    assert served.status_code == 200
    image = Image.open(io.BytesIO(served.data))
    assert not image.getexif()  # no EXIF, so no GPS position
    page = client.get(f"/musibah/{flood.id}").get_data(as_text=True)
    assert 'data-figure="people_affected">150<' in page and "Dapur umum" in page


def test_report_on_a_closed_incident_is_refused(app, world, login_as, flood):
    client = login_as("coordinator")
    assert client.post_form(f"/musibah/{flood.id}/tutup", {"note": "Selesai"}).status_code == 303
    path = f"/musibah/{flood.id}/laporan"
    response = client.post_form(path, {"people_affected": "5"}, token_from=path)
    assert response.status_code == 422
    assert "Kejadian ini sudah ditutup" in response.get_data(as_text=True)
    assert _count(app, SituationReport) == 0


def test_summary_xlsx_and_final_report(app, world, login_as, flood):
    with app.app_context():
        inf.report(flood.id, world.ids["coordinator"], people_affected=321, kk_affected=80)
        shift = inf.shift(flood.id, world.ids["coordinator"])
        inf.assign(shift.id, world.ids["member"], checked_in=True)
    client = login_as("coordinator")
    summary = client.get(f"/musibah/{flood.id}/ringkasan").get_data(as_text=True)
    assert "Ringkasan Kejadian" in summary and "321" in summary and 'class="print-doc"' in summary
    assert client.get(f"/musibah/{flood.id}/ringkasan.xlsx").status_code == 405  # no GET export
    sheet = client.post_form(
        f"/musibah/{flood.id}/ringkasan.xlsx", {}, token_from=f"/musibah/{flood.id}"
    )
    workbook = load_workbook(io.BytesIO(sheet.data))
    assert workbook.sheetnames == ["Laporan situasi", "Relawan"]
    sheet = workbook["Laporan situasi"]
    assert_office_layout(sheet, columns=sheet.max_column)
    rows = list(sheet.values)
    assert rows[1][1:3] == ("KK terdampak", "Jiwa terdampak") and rows[2][1:3] == (80, 321)
    client.post_form(f"/musibah/{flood.id}/tutup", {"note": "Air surut"})
    final = client.get(f"/musibah/{flood.id}/laporan-akhir").get_data(as_text=True)
    assert "Laporan Akhir Penanganan Musibah" in final and "Anggota Uji" in final
    assert "Air surut" in final
    # An office document: the letterhead, the place-date line of the closing, the signature.
    for page in (final, summary):
        assert 'class="kop"' in page and "Dinas Sosial Kabupaten Belitung Timur" in page
    assert re.search(r'class="place-date">Manggar, \d{1,2} \w+ 20\d\d<', final)
    assert "Koordinator " in final and 'class="sign-id">NIA.' in final


def test_the_incident_page_runs_a_fixed_number_of_queries(
    app, world, login_as, flood, count_queries
):
    with app.app_context():
        inf.call_everyone(flood.id, world.ids["coordinator"])
        inf.report(flood.id, world.ids["coordinator"], photo=True)
    client = login_as("coordinator")
    path = f"/musibah/{flood.id}"
    few = count_queries.get(client, path)
    with app.app_context():
        for _ in range(5):
            inf.report(flood.id, world.ids["coordinator"], photo=True)
        for _ in range(3):
            inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(days=2))
    assert count_queries.get(client, path) == few == INCIDENT_PAGE_QUERIES


# The session, the incident (kind, desa and kecamatan, organisation joined), my call-out,
# the reports, their photos, the answer counts, the shift count, the unread notices.
INCIDENT_PAGE_QUERIES = 8


def test_call_out_refuses_an_unknown_kecamatan_and_calls_again(app, world, login_as, flood):
    client = login_as("coordinator")
    path = f"/musibah/{flood.id}/panggil"
    response = client.post_form(path, {"kecamatan": "999999"})
    assert response.status_code == 422
    assert "Pilih kecamatan dari daftar." in response.get_data(as_text=True)
    assert _count(app, Callout) == 0
    assert client.post_form(path, {}).status_code == 303
    response = client.post_form(f"/musibah/{flood.id}/panggil-lagi", {})
    assert response.status_code == 303
    page = client.get(response.location).get_data(as_text=True)
    assert "2 anggota yang belum menjawab dipanggil lagi." in page
    with app.app_context():
        assert set(db.session.scalars(select(Callout.times_called))) == {2}


def test_check_in_long_before_the_shift_is_refused(app, world, login_as, flood):
    with app.app_context():
        shift_id = inf.shift(flood.id, world.ids["coordinator"], start_in=timedelta(hours=5)).id
        inf.assign(shift_id, world.ids["member"])
    member = login_as("member")
    response = member.post_form(f"/musibah/{flood.id}/piket/{shift_id}/masuk", {"code": flood.code})
    assert response.status_code == 422
    assert "Masuk piket baru bisa mulai" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ShiftAssignment.checked_in_at)) is None


def test_the_admin_edits_incident_kinds_as_reference_data(app, world, login_as):
    client = login_as("admin")
    page = client.get("/admin/referensi/jenis-kejadian").get_data(as_text=True)
    assert "Angin puting beliung" in page and "Kecelakaan laut" in page
    response = client.post_form(
        "/admin/referensi/jenis-kejadian/baru",
        {"code": "ABRASI", "name": "Abrasi pantai"},
        token_from="/admin/referensi/jenis-kejadian",
    )
    assert response.status_code == 303
    with app.app_context():
        assert inf.kind("ABRASI").name == "Abrasi pantai"
