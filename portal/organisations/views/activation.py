"""The page an imported person opens from their link: choose a password, and they are in."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...auth import sessions
from ...extensions import configured_limit, limiter
from .. import activation, bp
from ..import_forms import ActivationForm


def open_one_time_link(form, find, invalid_template: str):
    """A page opened with a one-time link (activation, password reset): the token comes in
    the address, then in the form's hidden field. Returns (link, None), the form knowing
    whose it is; or (None, answer): 404 for a link that never existed, 410 for a spent one."""
    token = form.token.data if request.method == "POST" else request.args.get("token")
    link = find(token)
    state = activation.state(link)
    if state != activation.USABLE:
        code = 404 if state == activation.UNKNOWN else 410
        return None, (render_template(invalid_template, state=state), code)
    form.person = link.user
    if request.method == "GET":
        form.token.data = token
    return link, None


@bp.route("/aktivasi", methods=["GET", "POST"])
@limiter.limit(configured_limit("PUBLIC"), methods=["GET"])
@limiter.limit(configured_limit("PASSWORD"), methods=["POST"])
def activate():
    """Set one's own password with a one-time link; a used or expired link says what to do."""
    form = ActivationForm()
    link, refusal = open_one_time_link(
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
