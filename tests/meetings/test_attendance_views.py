"""Answering, checking in with the code, attendance by hand, the count and the daftar hadir."""

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import func, select

from portal.extensions import db
from portal.i18n import now_utc, time_wib
from portal.meetings import attendance
from portal.models import AuditEvent, Invitation, User

from . import factories as mf

HX = {"HX-Request": "true"}


def invitation_state(app, meeting_id, user_id):
    with app.app_context():
        inv = mf.invitation(meeting_id, user_id)
        return inv.rsvp, inv.rsvp_note, inv.attendance, inv.checked_in_at, inv.checkin_method


def test_answer_without_javascript_redirects_back(app, world, login_as, rakor):
    client = login_as("member")
    response = client.post_form(
        f"/rapat/{rakor.id}/jawab", {"answer": "maybe", "note": "Masih di laut", "next": "/"}
    )
    assert response.status_code == 303 and response.location == "/"
    assert invitation_state(app, rakor.id, world.ids["member"])[:2] == ("maybe", "Masih di laut")
    assert "Jawaban Anda tersimpan: mungkin." in client.get("/").get_data(as_text=True)


def test_answer_with_htmx_swaps_the_block(app, world, login_as, rakor):
    client = login_as("member")
    response = client.post_form(f"/rapat/{rakor.id}/jawab", {"answer": "yes"}, headers=HX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith(f'<div class="rsvp" id="rsvp-{rakor.id}">')
    assert 'value="yes" aria-pressed="true"' in html and "Jawaban tersimpan." in html
    assert invitation_state(app, rakor.id, world.ids["member"])[0] == "yes"
    organiser = login_as("coordinator").get(f"/rapat/{rakor.id}/hitungan", headers=HX)
    assert '<strong data-count="rsvp-yes">1</strong>' in organiser.get_data(as_text=True)


def test_answer_after_the_start_is_refused_and_changes_nothing(app, world, login_as, rakor):
    client = login_as("member")
    client.post_form(f"/rapat/{rakor.id}/jawab", {"answer": "yes"})
    now = now_utc()
    mf.move(app, rakor.id, starts_at=now - timedelta(minutes=1))
    plain = client.post_form(f"/rapat/{rakor.id}/jawab", {"answer": "no"})
    assert plain.status_code == 422
    assert "Rapat sudah dimulai; jawaban tidak dapat diubah lagi." in plain.get_data(as_text=True)
    htmx = client.post_form(f"/rapat/{rakor.id}/jawab", {"answer": "no"}, headers=HX)
    assert htmx.status_code == 422 and "sudah dimulai" in htmx.get_data(as_text=True)
    assert invitation_state(app, rakor.id, world.ids["member"])[0] == "yes"


def test_an_answer_that_is_not_one_of_the_three_is_refused(app, world, login_as, rakor):
    response = login_as("member").post_form(f"/rapat/{rakor.id}/jawab", {"answer": "besok"})
    assert response.status_code == 422
    assert "Pilih hadir, tidak hadir, atau mungkin." in response.get_data(as_text=True)
    assert invitation_state(app, rakor.id, world.ids["member"])[0] == "pending"


def test_check_in_from_the_qr_code_counts_once(app, world, login_as, rakor):
    client = login_as("member")
    landing = client.get(f"/rapat/{rakor.id}/hadir?token={rakor.code}")
    assert landing.status_code == 200 and "Saya hadir" in landing.get_data(as_text=True)
    assert invitation_state(app, rakor.id, world.ids["member"])[2] is None  # a GET changes nothing

    first = client.post_form(f"/rapat/{rakor.id}/hadir", {"token": rakor.code, "via": "qr"})
    assert first.status_code == 303 and first.location.endswith(f"/rapat/{rakor.id}")
    state = invitation_state(app, rakor.id, world.ids["member"])
    assert state[2:3] == ("hadir",) and state[4] == "qr" and state[3] is not None
    assert "kehadiran Anda tercatat pukul" in client.get(first.location).get_data(as_text=True)

    again = client.post_form(
        f"/rapat/{rakor.id}/hadir", {"token": rakor.code.lower(), "via": "kode"}
    )
    assert again.status_code == 303
    assert "Anda sudah tercatat hadir pukul" in client.get(again.location).get_data(as_text=True)
    assert invitation_state(app, rakor.id, world.ids["member"]) == state  # counted once
    with app.app_context():
        assert attendance.counts(rakor.id).attendance["hadir"] == 1
        checked_in = select(func.count()).where(AuditEvent.action == "meeting.checked_in")
        assert db.session.scalar(checked_in) == 1


def test_after_checking_in_the_meeting_page_shows_the_attendance_not_the_question(
    app, world, login_as, rakor
):
    client = login_as("member")
    client.post_form(f"/rapat/{rakor.id}/hadir", {"token": rakor.code, "via": "qr"})
    with app.app_context():
        when = time_wib(mf.invitation(rakor.id, world.ids["member"]).checked_in_at)
    for started in (False, True):  # before the start the question was a form; after, a line
        if started:
            mf.move(app, rakor.id, starts_at=now_utc() - timedelta(minutes=1))
        html = client.get(f"/rapat/{rakor.id}").get_data(as_text=True)
        block = html[html.index(f'id="rsvp-{rakor.id}"') :].split("</div>", 1)[0]
        assert "Apakah Anda hadir?" not in block and "Belum menjawab" not in block
        assert "Hadir</span> tercatat pukul " + when in block
        assert html.count("</span> tercatat pukul") == 1  # once, not again below


def _refused(app, world, client, meeting_id, token, message, status=422):
    response = client.post_form(f"/rapat/{meeting_id}/hadir", {"token": token, "via": "qr"})
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert invitation_state(app, meeting_id, world.ids["member"])[2] is None


def test_wrong_rotated_and_other_meeting_codes_are_refused(app, world, login_as, rakor):
    client = login_as("member")
    _refused(app, world, client, rakor.id, "", "Masukkan kode kehadiran")
    _refused(app, world, client, rakor.id, "AAAA-BBBB", "Kode kehadiran salah.")

    assert login_as("coordinator").post_form(f"/rapat/{rakor.id}/kode").status_code == 303
    _refused(app, world, client, rakor.id, rakor.code, "Kode ini sudah diganti penyelenggara.")

    with app.app_context():
        other = mf.meeting(world.ids["coordinator"], [world.org_a], title="Piket posko")
        other_code = attendance.current_code(other)
    _refused(app, world, client, rakor.id, other_code, "Kode ini untuk rapat lain: Piket posko.")


def test_codes_work_from_one_hour_before_until_the_end(app, world, login_as, rakor):
    client = login_as("member")
    now = now_utc()
    mf.move(app, rakor.id, starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=4))
    _refused(app, world, client, rakor.id, rakor.code, "Kode kehadiran baru berlaku mulai")
    mf.move(app, rakor.id, starts_at=now - timedelta(hours=3), ends_at=now - timedelta(minutes=1))
    _refused(app, world, client, rakor.id, rakor.code, "Rapat sudah selesai; kode kehadiran")
    # And the landing page says the same before anyone presses anything.
    landing = client.get(f"/rapat/{rakor.id}/hadir?token={rakor.code}")
    assert landing.status_code == 422 and "tidak berlaku lagi" in landing.get_data(as_text=True)


def test_someone_not_invited_is_told_and_nothing_is_written(app, world, login_as, rakor):
    client = login_as("other_coordinator")
    response = client.post_form(f"/rapat/{rakor.id}/hadir", {"token": rakor.code})
    assert response.status_code == 403
    assert "Anda tidak ada dalam daftar undangan rapat ini." in response.get_data(as_text=True)
    with app.app_context():
        rows = select(func.count()).select_from(Invitation).where(Invitation.meeting_id == rakor.id)
        assert db.session.scalar(rows) == 2
    # Without the valid code, another organisation's meeting does not exist.
    assert client.get(f"/rapat/{rakor.id}/hadir?token=AAAABBBB").status_code == 404
    assert client.get(f"/rapat/{rakor.id}/hadir").status_code == 404


def test_the_qr_code_is_an_svg_of_the_check_in_url(app, login_as, rakor):
    response = login_as("coordinator").get(f"/rapat/{rakor.id}/kode.svg")
    svg = response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml"
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg
    page = login_as("coordinator").get(f"/rapat/{rakor.id}/kode").get_data(as_text=True)
    assert f"{rakor.code[:4]}-{rakor.code[4:]}" in page


def test_organiser_marks_attendance_by_hand_with_a_live_count(app, world, login_as, rakor):
    client = login_as("coordinator")
    path = f"/rapat/{rakor.id}/kehadiran/{rakor.member_invitation}"
    fragment = client.post_form(path, {"status": "izin"}, headers=HX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert f'id="inv-{rakor.member_invitation}"' in html
    assert 'hx-swap-oob="true"' in html and "Izin: <strong>1</strong>" in html
    assert invitation_state(app, rakor.id, world.ids["member"])[2] == "izin"

    plain = client.post_form(path, {"status": "hadir", "next": f"/rapat/{rakor.id}/kehadiran"})
    assert plain.status_code == 303
    state = invitation_state(app, rakor.id, world.ids["member"])
    assert state[2] == "hadir" and state[4] == "manual"


def test_attendance_by_hand_refused_too_early_or_unknown(app, world, login_as, rakor):
    client = login_as("coordinator")
    path = f"/rapat/{rakor.id}/kehadiran/{rakor.member_invitation}"
    bad = client.post_form(path, {"status": "terlambat"})
    assert bad.status_code == 422 and "Pilih hadir, izin, sakit" in bad.get_data(as_text=True)
    now = now_utc()
    mf.move(
        app, rakor.id, starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=2)
    )
    early = client.post_form(path, {"status": "hadir"})
    assert early.status_code == 422
    assert "mulai satu jam sebelum rapat" in early.get_data(as_text=True)
    assert invitation_state(app, rakor.id, world.ids["member"])[2] is None
    # An invitation of another meeting is not found under this one.
    with app.app_context():
        other = mf.meeting(world.ids["coordinator"], [world.org_a])
        foreign = mf.invitation(other.id, world.ids["member"]).id
    assert (
        client.post_form(f"/rapat/{rakor.id}/kehadiran/{foreign}", {"status": "hadir"}).status_code
        == 404
    )


def test_daftar_hadir_prints_and_exports_with_formulas_defused(app, world, login_as, rakor):
    with app.app_context():
        db.session.get(User, world.ids["member"]).full_name = "=HYPERLINK(1)"
        db.session.commit()
    client = login_as("coordinator")
    client.post_form(f"/rapat/{rakor.id}/kehadiran/{rakor.member_invitation}", {"status": "sakit"})

    sheet = client.get(f"/rapat/{rakor.id}/daftar-hadir").get_data(as_text=True)
    assert "Tanda tangan" in sheet and "=HYPERLINK(1)" in sheet and "Sakit" in sheet

    csv = client.post_form(f"/rapat/{rakor.id}/daftar-hadir.csv")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert (
        lines[0]
        == "No;Nama;Organisasi;Desa;Jawaban undangan;Kehadiran;Jam hadir (WIB);Tanda tangan"
    )
    assert any(line.split(";")[1] == "'=HYPERLINK(1)" and ";Sakit;" in line for line in lines)

    xlsx = client.post_form(f"/rapat/{rakor.id}/daftar-hadir.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[0][0].startswith("Daftar hadir") and rows[1][1] == "Nama" and len(rows) == 4
    assert "'=HYPERLINK(1)" in [r[1] for r in rows]
    with app.app_context():
        exported = select(func.count()).where(AuditEvent.action == "meeting.attendance_exported")
        assert db.session.scalar(exported) == 2
