"""Changing the e-mail asks for the current password and is audited; logging out tells
the browser to drop what it keeps."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, User

from .. import factories


def profile_form(world, app, **changes) -> dict:
    with app.app_context():
        user = db.session.get(User, world.ids["member"])
        data = {
            "full_name": user.full_name,
            "email": user.email or "",
            "kecamatan": str(user.home_desa.parent_id) if user.home_desa else "",
            "desa": str(user.home_desa_id or ""),
            "locale": "id",
        }
    return {**data, **changes}


def email_of(app, world):
    with app.app_context():
        return db.session.get(User, world.ids["member"]).email


def test_changing_the_email_needs_the_current_password(app, world, login_as):
    member = login_as("member")
    before = email_of(app, world)
    response = member.post_form("/akun/", profile_form(world, app, email="baru@contoh.id"))
    assert response.status_code == 422
    assert "Untuk mengganti e-mail, isi kata sandi Anda sekarang." in response.get_data(True)
    wrong = profile_form(world, app, email="baru@contoh.id", current_password="bukan ini")
    response = member.post_form("/akun/", wrong)
    assert response.status_code == 422 and "Kata sandi sekarang salah." in response.get_data(True)
    assert email_of(app, world) == before
    right = profile_form(world, app, email="baru@contoh.id", current_password=factories.PASSWORD)
    assert member.post_form("/akun/", right).status_code == 303
    assert email_of(app, world) == "baru@contoh.id"
    with app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.subject_user_id == world.ids["member"])
        ).all()
    assert "account.email_changed" in actions


def test_other_profile_changes_need_no_password(app, world, login_as):
    member = login_as("member")
    response = member.post_form("/akun/", profile_form(world, app, full_name="Nama Lain Sekali"))
    assert response.status_code == 303


def test_logout_and_logout_everywhere_clear_the_site_data(login_as):
    member = login_as("member")
    response = member.post_form("/keluar", token_from="/akun/")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
    member = login_as("member")
    response = member.post_form("/akun/keluar-semua", token_from="/akun/")
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'
