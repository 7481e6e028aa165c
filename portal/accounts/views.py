"""Profile, password change, log out everywhere, notices."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from .. import notices, web
from ..auth import sessions
from ..extensions import configured_limit, limiter
from ..forms import EmptyForm
from ..models import User
from ..urls import row_id
from . import bp, recovery, services
from .forms import EmailCheckForm, PasswordChangeForm, ProfileForm


@bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    """Edit one's own profile and directory consent."""
    user = current_user._get_current_object()
    form = ProfileForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        user = services.with_loaded(user, joinedload(User.home_desa))
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


@bp.route("/kata-sandi", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
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
        return web.clear_site_data(redirect(url_for("auth.login"), code=303))
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
        notices.mark_read(current_user, request.form.get("notice", type=row_id))
    return redirect(url_for("main.home"), code=303)


@bp.route("/email/periksa", methods=["POST"])
@login_required
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
def send_email_check():
    """Send a link to one's e-mail address that shows it is theirs."""
    form = EmptyForm()
    user = current_user._get_current_object()
    if form.validate_on_submit() and user.email and user.email_verified_at is None:
        recovery.send_email_check(user)
        flash(_("Tautan pemeriksaan dikirim ke %(email)s.", email=user.email), "success")
    return redirect(url_for("accounts.profile") + "#email", code=303)


@bp.route("/email/periksa")
@limiter.limit(configured_limit("PUBLIC"))
def email_link():
    """The link from the e-mail (no login needed): a page with one button that confirms
    the address. Opening it changes nothing, so a mail program that fetches links first
    confirms nothing; an address confirmed already says so."""
    state, user = recovery.email_check(request.args.get("token"))
    if user is None:
        return render_template("accounts/email_invalid.html"), 404
    if state == recovery.links.USED:
        return _email_confirmed(user)
    form = EmailCheckForm(token=request.args.get("token"))
    return render_template("accounts/email_confirm.html", form=form, email=user.email)


@bp.route("/email/sah", methods=["POST"])
@limiter.limit(configured_limit("PUBLIC"))
def confirm_email():
    """The button on the link's page: the address is now verified."""
    form = EmailCheckForm()
    if not form.validate_on_submit():
        abort(400)
    user = recovery.confirm_email(form.token.data)
    if user is None:
        return render_template("accounts/email_invalid.html"), 404
    return _email_confirmed(user)


def _email_confirmed(user):
    flash(_("Alamat e-mail %(email)s sudah diperiksa.", email=user.email), "success")
    target = "accounts.profile" if current_user.is_authenticated else "auth.login"
    return redirect(url_for(target), code=303)
