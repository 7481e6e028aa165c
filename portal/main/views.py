"""Home page, privacy notice, language switch, health check."""

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from .. import notices
from ..extensions import db
from ..forms import EmptyForm
from ..panels import home_panels
from ..urls import safe_next
from . import bp


@bp.route("/")
def home():
    """What needs this person's attention; a welcome for visitors."""
    if not current_user.is_authenticated:
        return render_template("main/welcome.html")
    return render_template(
        "main/home.html",
        panels=home_panels(current_user),
        notices=notices.unread(current_user),
    )


@bp.route("/privasi")
def privacy():
    """The privacy notice, in plain Bahasa Indonesia, with its version."""
    return render_template(
        "main/privacy.html", version=current_app.config["PRIVACY_NOTICE_VERSION"]
    )


@bp.route("/bahasa", methods=["POST"])
def set_language():
    """Switch between Bahasa Indonesia and English."""
    form = EmptyForm()
    lang = request.form.get("lang")
    if form.validate_on_submit() and lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("main.home")), code=303)


@bp.route("/sehat")
def health():
    """For the load balancer: the app answers and the database too."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
