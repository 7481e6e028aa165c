"""Log in, log out, register."""

import secrets

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import areas, audit
from ..accounts import services as accounts
from ..extensions import db, limiter
from ..forms import EmptyForm
from ..models import Organisation
from ..urls import next_from_request
from . import bp, sessions
from .forms import LoginForm, RegistrationForm, find_user_by_login


def _login_limit():
    return current_app.config["RATELIMIT_LOGIN"]


def _register_limit():
    return current_app.config["RATELIMIT_REGISTER"]


@bp.route("/masuk", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in with phone number or e-mail."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        sessions.start(form.user)
        audit.record("auth.login", actor=form.user, obj=form.user, subject=form.user)
        db.session.commit()
        return redirect(next_from_request(url_for("main.home")), code=303)
    if request.method == "POST":
        attempted = find_user_by_login(form.login.data or "")
        audit.record("auth.login_failed", obj=attempted, subject=attempted)
        db.session.commit()
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/keluar", methods=["POST"])
def logout():
    """Log out this browser; the old cookie stops working."""
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        user = current_user._get_current_object()
        sessions.end()
        audit.record("auth.logout", actor=user, obj=user, subject=user)
        db.session.commit()
        flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"), code=303)


@bp.route("/daftar", methods=["GET", "POST"])
@limiter.limit(_register_limit, methods=["POST"])
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
    done = accounts.registered_with(form.submission_id.data) if request.method == "POST" else None
    if done is not None:
        return redirect(url_for("main.home"), code=303)
    # The no-JavaScript "show desa" button narrows the list and does not register.
    if request.method == "POST" and "pilih_kecamatan" not in request.form and form.validate():
        user = accounts.register(
            full_name=form.full_name.data,
            phone=form.phone.data,
            email=form.email.data,
            password=form.password.data,
            desa_id=int(form.desa.data),
            organisation=db.session.get(Organisation, int(form.organisation.data)),
            member_number=form.member_number.data,
            grade=form.grade.data,
            submission_id=form.submission_id.data,
        )
        sessions.start(user)
        flash(
            _("Pendaftaran berhasil. Koordinator organisasi akan memeriksa pendaftaran Anda."),
            "success",
        )
        return redirect(url_for("main.home"), code=303)
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/wilayah/desa")
def desa_options():
    """The desa of one kecamatan as <option>s, for the htmx narrowing of the desa list."""
    kec = request.args.get("kecamatan", type=int)
    choices = areas.desa_choices(kec, _("— Pilih desa —"))
    response = current_app.make_response(
        render_template(
            "auth/_desa_options.html", choices=choices, selected=request.args.get("desa")
        )
    )
    return make_response(response)
