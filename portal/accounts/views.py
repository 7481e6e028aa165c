"""Profile, password change, log out everywhere, notices."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import notices
from ..auth import sessions
from ..extensions import db, limiter
from ..forms import EmptyForm
from . import bp, services
from .forms import PasswordChangeForm, ProfileForm


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    """Edit one's own profile and directory consent."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.desa.data = str(user.home_desa_id or "")
        form.kecamatan.data = str(user.home_desa.parent_id) if user.home_desa else ""
        form.locale.data = user.locale or "id"
    form.fill_choices()
    if "pilih_kecamatan" not in request.form and form.validate_on_submit():
        services.update_profile(
            user,
            full_name=form.full_name.data,
            email=form.email.data,
            desa_id=int(form.desa.data),
            listed=form.listed.data,
            show_phone=form.show_phone.data,
            locale=form.locale.data,
        )
        from flask import session

        session["lang"] = form.locale.data
        flash(_("Profil disimpan."), "success")
        return redirect(url_for("accounts.profile"), code=303)
    return render_template(
        "accounts/profile.html", form=form, sessions=sessions.open_sessions(user)
    ), (422 if form.errors else 200)


def _password_limit():
    return current_app.config["RATELIMIT_PASSWORD"]


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
@limiter.limit(_password_limit, methods=["POST"])
def change_password():
    """Change one's password; every other session ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        services.change_password(user, form.new.data)
        sessions.start(user)
        flash(_("Kata sandi diganti. Sesi di perangkat lain sudah diakhiri."), "success")
        return redirect(url_for("accounts.profile"), code=303)
    return render_template("accounts/password.html", form=form), (422 if form.errors else 200)


@bp.route("/keluar-semua", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of this account, on every device, this one included."""
    form = EmptyForm()
    if form.validate_on_submit():
        services.logout_everywhere(current_user._get_current_object())
        sessions.end()
        flash(_("Anda sudah keluar dari semua perangkat."), "info")
        return redirect(url_for("auth.login"), code=303)
    return redirect(url_for("accounts.profile"), code=303)


@bp.route("/pemberitahuan", methods=["GET"])
@login_required
def notice_list():
    """Unread in-app notices."""
    return render_template("accounts/notices.html", notices=notices.unread(current_user, limit=50))


@bp.route("/pemberitahuan/baca", methods=["POST"])
@login_required
def notices_read():
    """Mark notices read: one (notice=<id>) or all."""
    form = EmptyForm()
    if form.validate_on_submit():
        notices.mark_read(current_user, request.form.get("notice", type=int))
        db.session.commit()
    return redirect(url_for("main.home"), code=303)
