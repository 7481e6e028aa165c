"""Forgot password: ask for a reset link by e-mail, and set a new password with a link."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts import recovery
from ..extensions import configured_limit, limiter
from ..organisations import activation as links
from . import bp
from .forms import ForgotPasswordForm, ResetPasswordForm


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
def forgot_password():
    """Ask for a reset link by e-mail; the answer never tells whether the address is known."""
    if current_user.is_authenticated:
        return redirect(url_for("accounts.change_password"))
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        delivery_id = recovery.request_by_email(form.email.data)
        if delivery_id is not None:
            # The person is waiting for it: sent once the answer has gone (after the
            # commit), not at the next job run; if that fails the job retries it.
            # (Imported here: importing it registers the deliveries job, which must stay
            # after the reminders that notifications' init_app registers first.)
            from ..notifications import sending

            sending.send_after_response(delivery_id)
        flash(
            _(
                "Bila alamat itu terdaftar dan sudah diperiksa, tautan atur ulang kata sandi "
                "sudah dikirim ke sana. Periksa kotak masuk (dan folder spam) dalam beberapa "
                "menit. Tidak ada e-mail? Minta tautan kepada koordinator Anda."
            ),
            "info",
        )
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/atur-ulang-sandi", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC"), methods=["GET"])
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
def reset_password():
    """Set a new password with a one-time link; every old session ends."""
    form = ResetPasswordForm()
    link, refusal = links.open_one_time_link(form, recovery.find_reset, "auth/reset_invalid.html")
    if refusal:
        return refusal
    if form.validate_on_submit():
        try:
            recovery.reset(link, form.password.data)
        except links.ActivationError:
            return render_template("auth/reset_invalid.html", state=links.USED), 410
        flash(_("Kata sandi baru disimpan. Silakan masuk."), "success")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset.html", form=form, person=link.user, link=link), (
        422 if form.errors else 200
    )
