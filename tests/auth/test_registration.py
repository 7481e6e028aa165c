"""Registering on a phone: validation, consent, idempotency, the pending state."""

import contextlib
import re
import threading

import pytest
from sqlalchemy import func, select

from portal.accounts import services as accounts
from portal.extensions import db
from portal.models import Area, AuditEvent, ConsentRecord, Membership, User


def _form(app, world, **overrides):
    with app.app_context():
        desa = db.session.scalar(select(Area).where(Area.name == "Lalang Jaya"))
        data = {
            "full_name": "Siti Aminah",
            "phone": "0812-7777-1234",
            "email": "",
            "password": "pantai manggar indah sekali",
            "kecamatan": str(desa.parent_id),
            "desa": str(desa.id),
            "organisation": str(world.org_a),
            "member_number": "NIA-0012",
            "grade": "Muda",
            "consent": "y",
            "submission_id": "sub-12345678",
        }
    data.update(overrides)
    return data


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_register_creates_a_pending_membership_with_consent(app, world, client):
    response = client.post_form("/daftar", _form(app, world), token_from="/daftar")
    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).where(User.phone == "+6281277771234"))
        assert user.full_name == "Siti Aminah"
        assert user.home_desa.name == "Lalang Jaya"
        membership = user.memberships[0]
        assert (membership.status, membership.member_number, membership.grade) == (
            "pending",
            "NIA-0012",
            "Muda",
        )
        consent = db.session.scalar(select(ConsentRecord).where(ConsentRecord.user_id == user.id))
        assert consent.version == app.config["PRIVACY_NOTICE_VERSION"]
        assert consent.given_at is not None
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "account.registered")
        )
    home = client.get("/").get_data(as_text=True)
    assert "menunggu" in home
    assert client.get("/organisasi/pendaftar").status_code == 403


def test_double_tap_creates_one_account(app, world, client):
    data = _form(app, world)
    data["csrf_token"] = client.csrf_token("/daftar")
    before = client.get_cookie("__Host-session").value
    first = client.post("/daftar", data=data)
    # The second tap left the phone before the first answer came back: same form, old cookie.
    client.set_cookie("__Host-session", before, domain="localhost", secure=True)
    second = client.post("/daftar", data=data)
    assert first.status_code == second.status_code == 303
    assert _count(app, User) == 6  # the world's five people, and Siti once


def test_the_second_tap_logs_in_as_the_first_did(app, world, client):
    data = _form(app, world)
    data["csrf_token"] = client.csrf_token("/daftar")
    before = client.get_cookie("__Host-session").value
    assert client.post("/daftar", data=data).status_code == 303
    client.set_cookie("__Host-session", before, domain="localhost", secure=True)
    assert client.post("/daftar", data=data).status_code == 303
    assert "menunggu" in client.get("/").get_data(as_text=True)  # the pending status page


def _at_once(app, forms):
    """Send each form from its own phone, all of them held until every one has passed
    the form's checks, so that their inserts race."""
    barrier = threading.Barrier(len(forms), timeout=10)
    real = accounts.register

    def held(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return real(**kwargs)

    clients = [app.test_client() for _ in forms]
    for each, data in zip(clients, forms, strict=True):
        data["csrf_token"] = each.csrf_token("/daftar")
    results = [None] * len(forms)

    def send(index):
        results[index] = clients[index].post("/daftar", data=forms[index])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "register", held)
        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(forms))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    return clients, results


def test_two_sends_of_one_form_at_once_make_one_account_and_both_log_in(app, world):
    memberships = _count(app, Membership)
    clients, (first, second) = _at_once(app, [_form(app, world), _form(app, world)])
    assert (first.status_code, second.status_code) == (303, 303)
    assert _count(app, User) == 6 and _count(app, Membership) == memberships + 1
    for each in clients:
        assert "menunggu" in each.get("/").get_data(as_text=True)


def test_two_forms_for_one_phone_at_once_make_one_account_and_tell_the_other(app, world):
    mine = _form(app, world)
    theirs = _form(app, world, full_name="Budi Santoso", submission_id="sub-87654321")
    _, responses = _at_once(app, [mine, theirs])
    codes = sorted(r.status_code for r in responses)
    assert codes == [303, 422]
    refused = next(r for r in responses if r.status_code == 422).get_data(as_text=True)
    assert "Nomor HP ini sudah terdaftar" in refused
    assert "sub-12345678" not in refused and "sub-87654321" not in refused  # a fresh id
    assert _count(app, User) == 6


TAKEN = "Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi."


def test_another_persons_submission_id_neither_shows_nor_reuses_their_registration(
    app, world, client
):
    assert client.post_form("/daftar", _form(app, world), token_from="/daftar").status_code == 303
    stranger = app.test_client()
    copied = _form(  # Siti's submission id, someone else's form
        app, world, full_name="Budi Santoso", phone="0813-5555-0101", password="tanjung pandan pagi"
    )
    response = stranger.post_form("/daftar", copied, token_from="/daftar")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and TAKEN in html
    assert "Siti" not in html and "7777" not in html and "sub-12345678" not in html
    assert 'value="Budi Santoso"' in html  # what was typed stays
    assert _count(app, User) == 6  # nobody new, Siti untouched
    assert "menunggu" not in stranger.get("/").get_data(as_text=True)  # not logged in as Siti
    # Sent again, the form carries a fresh id, and Budi is registered.
    fresh = re.search(r'name="submission_id" type="hidden" value="([^"]+)"', html).group(1)
    again = stranger.post_form("/daftar", {**copied, "submission_id": fresh}, token_from="/daftar")
    assert again.status_code == 303 and _count(app, User) == 7
    with app.app_context():
        budi = db.session.scalar(select(User).where(User.phone == "+6281355550101"))
        assert budi.full_name == "Budi Santoso" and budi.registration_token == fresh


def test_the_same_phone_with_another_password_is_not_the_same_submission(app, world, client):
    assert client.post_form("/daftar", _form(app, world), token_from="/daftar").status_code == 303
    guess = _form(app, world, password="bukan kata sandi siti")
    response = app.test_client().post_form("/daftar", guess, token_from="/daftar")
    assert response.status_code == 422 and TAKEN in response.get_data(as_text=True)
    assert _count(app, User) == 6


def test_duplicate_phone_is_refused_politely(app, world, client):
    data = _form(app, world, phone=world.phones["member"], submission_id="another")
    response = client.post_form("/daftar", data, token_from="/daftar")
    assert response.status_code == 422
    assert "Nomor HP ini sudah terdaftar" in response.get_data(as_text=True)
    assert _count(app, User) == 5


def test_every_field_gets_a_message_and_what_was_typed_stays(app, world, client):
    data = _form(
        app,
        world,
        phone="12345",
        password="pendek",
        desa="",
        organisation="",
        consent="",
        email="bukan-email",
        full_name="Siti Tetap Ada",
    )
    response = client.post_form("/daftar", data, token_from="/daftar")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Nomor HP tidak dikenali",
        "minimal 12",
        "Pilih desa",
        "Pilih organisasi",
        "menyetujui pemberitahuan privasi",
        "e-mail tidak valid",
    ):
        assert message in html, message
    assert 'value="Siti Tetap Ada"' in html
    assert _count(app, User) == 5 and _count(app, Membership) == 4


def test_choosing_a_kecamatan_without_javascript_narrows_the_desa(app, world, client):
    with app.app_context():
        gantung = db.session.scalar(
            select(Area).where(Area.name == "Gantung", Area.level == "kecamatan")
        )
        gantung_id, desa_count = gantung.id, len(gantung.children)
    data = _form(app, world, kecamatan=str(gantung_id), desa="", pilih_kecamatan="1")
    response = client.post_form("/daftar", data, token_from="/daftar")
    html = response.get_data(as_text=True)
    assert _count(app, User) == 5
    assert "<optgroup" not in html.split('id="desa"')[1].split("</select>")[0]
    assert html.split('id="desa"')[1].split("</select>")[0].count("<option") == desa_count + 1


def test_without_a_kecamatan_the_desa_list_is_grouped(client):
    html = client.get("/daftar").get_data(as_text=True)
    desa_select = html.split('id="desa"')[1].split("</select>")[0]
    assert desa_select.count("<optgroup") == 7
    assert desa_select.count("<option") == 40  # 39 desa and the blank choice


def test_htmx_desa_options_for_a_kecamatan(app, client):
    with app.app_context():
        manggar = db.session.scalar(select(Area).where(Area.name == "Manggar"))
        expected = {d.name for d in manggar.children}
    html = client.get(
        f"/wilayah/desa?kecamatan={manggar.id}", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in html
    assert all(name in html for name in expected)
    assert "Gantung" not in html


def test_unlisted_organisation_cannot_be_joined(app, world, client):
    with app.app_context():
        from portal.models import Organisation

        db.session.get(Organisation, world.org_b).is_listed = False
        db.session.commit()
    response = client.post_form(
        "/daftar", _form(app, world, organisation=str(world.org_b)), token_from="/daftar"
    )
    assert response.status_code == 422
    assert _count(app, User) == 5


def _other_kecamatan_desa(app):
    with app.app_context():
        lalang = db.session.scalar(select(Area).where(Area.name == "Lalang Jaya"))
        return db.session.scalar(
            select(Area.id).where(Area.level == "desa", Area.parent_id != lalang.parent_id)
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("desa", "other kecamatan", "Pilih desa dari daftar."),
        ("desa", "999999", "Pilih desa dari daftar."),
        ("kecamatan", "bukan", "Pilih kecamatan dari daftar."),
        ("organisation", "999999", "Pilih organisasi dari daftar."),
    ],
)
def test_a_value_not_among_the_choices_is_refused_with_a_message(
    app, world, client, field, value, message
):
    """The desa must be one of the kecamatan sent: its choices are that kecamatan's desa."""
    if value == "other kecamatan":
        value = str(_other_kecamatan_desa(app))
    data = _form(app, world, **{field: value})
    response = client.post_form("/daftar", data, token_from="/daftar")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert _count(app, User) == 5
