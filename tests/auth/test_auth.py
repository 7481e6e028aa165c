"""Log in, log out, sessions that really end, and the session cookie itself."""

from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.extensions import db
from portal.models import AuditEvent, LoginSession, User

from .. import factories


def _cookie(client):
    return client.get_cookie("__Host-session")


def test_login_with_phone_in_any_form_and_with_email(app, world):
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        user.email = "anggota@example.org"
        db.session.commit()
        national = "0" + user.phone[3:]
    for login in (
        national,
        national[1:],
        "62" + national[1:],
        "+62 " + national[1:],
        f"{national[:4]}-{national[4:8]}-{national[8:]}",
        "ANGGOTA@example.org",
    ):
        client = app.test_client()
        response = client.login(login)
        assert response.status_code == 303, login
        assert response.location == "/"


def test_wrong_password_is_refused_with_a_message_and_audited(app, world, client):
    response = client.login(world.phones["member"], "salah salah salah salah")
    assert response.status_code == 422
    assert "Nomor HP/e-mail atau kata sandi salah." in response.get_data(as_text=True)
    assert client.get("/akun/").status_code == 302
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "auth.login_failed" in actions


def _stored_hash(app, user_id, new=None):
    with app.app_context():
        user = db.session.get(User, user_id)
        if new is not None:
            user.password_hash = new
            db.session.commit()
        return user.password_hash


def test_a_hash_of_an_older_method_is_replaced_on_login(app, world, client):
    method = app.config["PASSWORD_HASH_METHOD"]
    old = generate_password_hash(factories.PASSWORD, method="pbkdf2:sha256:600")
    _stored_hash(app, world.ids["member"], old)
    refused = client.login(world.phones["member"], "salah salah salah salah")
    assert refused.status_code == 422
    assert _stored_hash(app, world.ids["member"]) == old  # a failed login changes nothing
    assert client.login(world.phones["member"]).status_code == 303
    upgraded = _stored_hash(app, world.ids["member"])
    assert upgraded.startswith(f"{method}$") and check_password_hash(upgraded, factories.PASSWORD)
    client.post_form("/keluar")
    assert client.login(world.phones["member"]).status_code == 303
    assert _stored_hash(app, world.ids["member"]) == upgraded  # current: not hashed again


def test_session_cookie_is_host_prefixed_secure_httponly_lax(client, world):
    response = client.login(world.phones["member"])
    header = next(h for h in response.headers.getlist("Set-Cookie") if "__Host-session" in h)
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header
    assert "Path=/" in header and "Domain" not in header


def test_login_starts_a_fresh_session(client, world):
    """session.clear() before login: nothing planted before logging in survives."""
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.login(world.phones["member"])
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["sid"]


def _replay(app, cookie_value):
    thief = app.test_client()
    thief.set_cookie("__Host-session", cookie_value, domain="localhost", secure=True)
    return thief.get("/akun/")


def test_old_cookie_is_refused_after_logout(app, world, client):
    client.login(world.phones["member"])
    stolen = _cookie(client).value
    assert _replay(app, stolen).status_code == 200
    client.post_form("/keluar", token_from="/akun/")
    assert _replay(app, stolen).status_code == 302


def test_old_cookie_is_refused_after_password_change(app, world, client):
    client.login(world.phones["member"])
    stolen = _cookie(client).value
    new = "sebuah kalimat sandi baru yang panjang"
    response = client.post_form(
        "/akun/kata-sandi",
        {"current": factories.PASSWORD, "new": new, "confirm": new},
        token_from="/akun/kata-sandi",
    )
    assert response.status_code == 303
    assert _replay(app, stolen).status_code == 302
    assert client.get("/akun/").status_code == 200  # the browser that changed it stays in
    assert app.test_client().login(world.phones["member"], new).status_code == 303


def test_log_out_everywhere_ends_every_session(app, world):
    phone = world.phones["member"]
    laptop, handphone = app.test_client(), app.test_client()
    laptop.login(phone)
    handphone.login(phone)
    stolen = _cookie(laptop).value
    handphone.post_form("/akun/keluar-semua", token_from="/akun/")
    assert laptop.get("/akun/").status_code == 302
    assert handphone.get("/akun/").status_code == 302
    assert _replay(app, stolen).status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(
                select(LoginSession).where(LoginSession.user_id == world.ids["member"])
            )
            is None
        )


def test_deactivation_ends_sessions_at_once(app, world, login_as):
    member = login_as("member")
    stolen = _cookie(member).value
    admin = login_as("admin")
    response = admin.post_form(
        f"/admin/pengguna/{world.ids['member']}/status", {"deactivate": "1"}, token_from="/admin/"
    )
    assert response.status_code == 303
    assert member.get("/akun/").status_code == 302
    assert _replay(app, stolen).status_code == 302
    response = app.test_client().login(world.phones["member"])
    assert "dinonaktifkan" in response.get_data(as_text=True)


def test_idle_timeout_ends_the_session(app, world, client):
    client.login(world.phones["member"])
    with app.app_context():
        row = db.session.scalar(select(LoginSession))
        row.last_seen_at -= app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=1)
        db.session.commit()
    assert client.get("/akun/").status_code == 302


def test_absolute_timeout_ends_an_active_session(app, world, client):
    client.login(world.phones["member"])
    with app.app_context():
        row = db.session.scalar(select(LoginSession))
        row.created_at -= app.config["SESSION_ABSOLUTE_LIFETIME"] + timedelta(minutes=1)
        db.session.commit()
    assert client.get("/akun/").status_code == 302


def test_idle_and_absolute_timeouts(app):
    assert app.config["SESSION_IDLE_TIMEOUT"] == timedelta(hours=8)
    assert app.config["SESSION_ABSOLUTE_LIFETIME"] == timedelta(hours=24)
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= app.config["SESSION_ABSOLUTE_LIFETIME"]


def test_responses_do_not_rewrite_an_unchanged_session_cookie(client, world):
    """A late answer to an old request must not put back an older cookie (and lose a flash)."""
    client.login(world.phones["member"])
    client.get("/akun/")  # the first page also stores the CSRF token in the session
    response = client.get("/akun/")
    assert not any("__Host-session" in h for h in response.headers.getlist("Set-Cookie"))


TRICKY_NEXT = [
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "///evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/\t/evil.example",
    "evil.example",
]


def test_next_only_redirects_on_this_host(app, world):
    for target in TRICKY_NEXT:
        client = app.test_client()
        response = client.post_form(
            "/masuk",
            {"login": world.phones["member"], "password": factories.PASSWORD, "next": target},
        )
        assert response.status_code == 303
        assert response.location == "/", target


def test_next_to_a_local_page_is_followed(client, world):
    response = client.post_form(
        "/masuk",
        {"login": world.phones["member"], "password": factories.PASSWORD, "next": "/akun/"},
    )
    assert response.location == "/akun/"


def test_login_page_sends_logged_in_people_home(login_as):
    assert login_as("member").get("/masuk").location == "/"
