"""Admin: the office's letterhead (kop surat) on every printout."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import letterhead
from ...security import admin_required
from .. import bp
from ..forms import LetterheadForm


@bp.route("/kop-surat", methods=["GET", "POST"])
@admin_required
def letterhead_page():
    """Name, address, city, head of office and logo; a bad logo is refused with a message."""
    form = LetterheadForm()
    if not form.is_submitted():
        shown = letterhead.current()
        form.process(data={name: getattr(shown, name) for name in letterhead.FIELDS})
    if form.validate_on_submit():
        try:
            letterhead.save(
                current_user._get_current_object(),
                {name: getattr(form, name).data or "" for name in letterhead.FIELDS},
                form.logo_bytes(),
                remove_logo=form.remove_logo.data,
            )
        except letterhead.LogoError as problem:
            form.logo.errors = [str(problem)]
        else:
            flash(_("Kop surat disimpan."), "success")
            return redirect(url_for("admin.letterhead_page"), code=303)
    code = 422 if form.errors else 200
    return render_template("admin/letterhead.html", form=form, shown=letterhead.current()), code
