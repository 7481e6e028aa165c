"""The page an imported person opens from their link: choose a password, and they are in."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...auth import sessions
from ...extensions import configured_limit, limiter
from .. import activation, bp
from ..import_forms import ActivationForm


@bp.route("/aktivasi", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC"), methods=["GET"])
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
def activate():
    """Set one's own password with a one-time link; a used or expired link says what to do."""
    form = ActivationForm()
    link, refusal = activation.open_one_time_link(
        form, activation.find, "organisations/activation_invalid.html"
    )
    if refusal:
        return refusal
    if form.validate_on_submit():
        try:
            user = activation.activate(link, form.password.data)
        except activation.ActivationError as exc:
            return render_template(
                "organisations/activation_invalid.html", state=activation.USED, message=str(exc)
            ), 410
        sessions.start(user)
        flash(_("Akun Anda aktif. Selamat datang di Simpul!"), "success")
        return redirect(url_for("main.home"), code=303)
    return render_template("organisations/activate.html", form=form, person=link.user, link=link), (
        422 if form.errors else 200
    )
