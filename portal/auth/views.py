"""Log in, log out, register."""

import math
import secrets

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import areas, audit, database, passwords, web
from ..accounts import services as accounts
from ..extensions import configured_limit, limiter
from ..forms import EmptyForm
from ..urls import next_from_request, row_id
from . import bp, sessions, throttle
from .forms import LoginForm, RegistrationForm, find_user_by_login


def _refused(response) -> bool:
    """Only failed logins count towards the limits (throttle.py)."""
    return response.status_code == 422


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(
    configured_limit("LOGIN"),
    methods=["POST"],
    key_func=throttle.address_and_account,
    deduct_when=_refused,
)
@limiter.limit(configured_limit("LOGIN_ADDRESS"), methods=["POST"], deduct_when=_refused)
def login():
    """Log in with phone number or e-mail."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.is_submitted() and (wait := throttle.wait_seconds(form.login.data)):
        # The password is not even checked: guessing this account waits.
        form.login.errors = [
            _(
                "Terlalu banyak percobaan masuk yang salah untuk akun ini. Tunggu "
                "%(minutes)s menit, lalu coba lagi.",
                minutes=math.ceil(wait / 60),
            )
        ]
        return render_template("auth/login.html", form=form), 429
    if form.validate_on_submit():
        user = form.user
        if passwords.needs_rehash(user.password_hash):
            # Stored under an older method: stored again under the configured one.
            user.password_hash = passwords.hash_password(form.password.data)
        sessions.start(user)
        audit.record("auth.login", actor=user, obj=user, subject=user)
        response = redirect(next_from_request(url_for("main.home")), code=303)
        return throttle.remember_device(response, form.login.data)
    if request.method == "POST":
        throttle.failed(form.login.data)
        attempted = find_user_by_login(form.login.data or "")
        audit.record("auth.login_failed", obj=attempted, subject=attempted)
        database.keep_changes()  # the refused attempt is audited though the answer is 422
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/keluar", methods=["POST"])
def logout():
    """Log out this browser; the old cookie stops working."""
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        user = current_user._get_current_object()
        sessions.end()
        audit.record("auth.logout", actor=user, obj=user, subject=user)
        flash(_("Anda sudah keluar."), "info")
    return web.clear_site_data(redirect(url_for("auth.login"), code=303))


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(configured_limit("REGISTER"), methods=["POST"])
def register():
    """Register as a volunteer and apply to join an organisation."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = RegistrationForm()
    if request.method == "GET":
        form.submission_id.data = secrets.token_urlsafe(16)
        if request.args.get("organisasi", "").isdigit():
            form.organisation.data = request.args["organisasi"]
    form.fill_choices()
    # A double tap or a resend after a slow network: the first request made the account.
    try:
        done = request.method == "POST" and accounts.registered_with(
            form.submission_id.data, form.phone.data, form.password.data
        )
    except accounts.SubmissionTaken:
        return _form_used_already(form)
    if done:  # the browser shows only this answer: it logs in, as the first one did
        sessions.start(done)
        return redirect(url_for("main.home"), code=303)
    # The no-JavaScript "show desa" button narrows the list and does not register.
    if request.method == "POST" and "pilih_kecamatan" not in request.form and form.validate():
        try:
            user = accounts.register(
                full_name=form.full_name.data,
                phone=form.phone.data,
                email=form.email.data,
                password=form.password.data,
                desa_id=int(form.desa.data),
                organisation=form.chosen_organisation(),
                member_number=form.member_number.data,
                grade=form.grade.data,
                submission_id=form.submission_id.data,
            )
        except accounts.SubmissionTaken:  # a copied form, sent at the same moment
            return _form_used_already(form)
        except accounts.AlreadyRegistered:
            # Taken by a registration sent at the same moment: the form's own check says so.
            form.validate()
            form.submission_id.data = secrets.token_urlsafe(16)
            return render_template("auth/register.html", form=form), 422
        sessions.start(user)
        flash(
            _("Pendaftaran berhasil. Koordinator organisasi akan memeriksa pendaftaran Anda."),
            "success",
        )
        return redirect(url_for("main.home"), code=303)
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template("auth/register.html", form=form), status


def _form_used_already(form):
    """The form's submission id is another registration's: nothing is made or shown."""
    form.submission_id.data = secrets.token_urlsafe(16)  # sent again, it is a fresh one
    flash(_("Formulir ini sudah pernah dipakai. Periksa isiannya lalu kirim lagi."), "error")
    return render_template("auth/register.html", form=form), 422


@bp.route("/wilayah/desa")
def desa_options():
    """The desa of one kecamatan as <option>s, for the htmx narrowing of the desa list."""
    kec = request.args.get("kecamatan", type=row_id)
    choices = areas.desa_choices(kec, _("— Pilih desa —"))
    response = current_app.make_response(
        render_template(
            "auth/_desa_options.html", choices=choices, selected=request.args.get("desa")
        )
    )
    return make_response(response)
