"""The call-out: choose whom to call, the live answers, the WhatsApp list, calling again,
and the one-tap answer of the person called."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...forms import EmptyForm
from ...htmx import is_fragment_request, render_page_or_fragment
from ...models.incidents import ANSWERS, PENDING
from ...paging import page_number
from ...security import coordinator_required, found_or_404, member_required
from ...security.incidents import incident_to_manage_or_404, incident_to_see_or_404
from ...urls import safe_next
from .. import bp, callouts, services
from ..forms import AnswerForm, CalloutForm
from ..labels import answer_label
from .pages import PAGE_OPTIONS, render_detail


def _callout_page(incident, form, status=200, error=None):
    shown = (
        request.args.get("jawaban") if request.args.get("jawaban") in (PENDING, *ANSWERS) else None
    )
    page = callouts.people_page(incident, shown, page_number())
    link = url_for("incidents.detail", incident_id=incident.id, _external=True)
    return render_template(
        "incidents/callout.html",
        incident=incident,
        form=form,
        error=error,
        page=page,
        shown=shown,
        counts=callouts.counts(incident.id),
        group_url=callouts.group_url(incident, link),
        chat_url=lambda user: callouts.chat_url(user, incident, link),
        again_form=EmptyForm(),
    ), status


@bp.route("/<int:incident_id>/panggil", methods=["GET", "POST"])
@coordinator_required
def callout(incident_id: int):
    """Call out everyone of the organisation, or those whose home desa is in some kecamatan."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    form = CalloutForm()
    form.fill_choices()
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                called = callouts.call_out(
                    current_user, incident, callouts.CalloutScope(form.chosen())
                )
            except services.IncidentError as exc:
                return _callout_page(incident, form, 422, str(exc))
            flash(
                _("%(num)d anggota dipanggil.", num=called)
                if called
                else _("Tidak ada anggota baru untuk dipanggil; semua sudah dipanggil."),
                "success" if called else "info",
            )
            return redirect(url_for("incidents.callout", incident_id=incident.id), code=303)
        return _callout_page(incident, form, 422)
    return _callout_page(incident, form)


@bp.route("/<int:incident_id>/panggil-lagi", methods=["POST"])
@coordinator_required
def call_again(incident_id: int):
    """Tell once more everyone who has not answered."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    try:
        called = callouts.call_again(current_user, incident)
    except services.IncidentError as exc:
        form = CalloutForm(formdata=None)
        form.fill_choices()
        return _callout_page(incident, form, 422, str(exc))
    flash(_("%(num)d anggota yang belum menjawab dipanggil lagi.", num=called), "success")
    return redirect(url_for("incidents.callout", incident_id=incident.id), code=303)


@bp.route("/<int:incident_id>/jawaban")
@coordinator_required
def live_answers(incident_id: int):
    """The answer counts; polled by htmx on the call-out page, a page of its own without JS."""
    incident = incident_to_manage_or_404(incident_id, *PAGE_OPTIONS)
    return render_page_or_fragment(
        "incidents/answers.html",
        "incidents/_answers.html",
        incident=incident,
        counts=callouts.counts(incident.id),
    )


@bp.route("/<int:incident_id>/jawab", methods=["POST"])
@member_required
def answer(incident_id: int):
    """Siap berangkat / tidak bisa / sudah di lokasi, in one tap; htmx swaps the block."""
    incident, callout = incident_to_see_or_404(incident_id, *PAGE_OPTIONS)
    callout = found_or_404(callout)  # only those called out answer
    form = AnswerForm()
    error = None
    if form.validate_on_submit():
        try:
            callouts.answer(callout, incident, form.answer.data)
        except services.IncidentError as exc:
            error = str(exc)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if is_fragment_request():
        html = render_template(
            "incidents/_answer.html",
            incident=incident,
            callout=callout,
            answer_form=form,
            answer_error=error,
            saved=error is None,
        )
        return make_response((html, 422 if error else 200))
    if error:
        return render_detail(incident, callout, 422, answer_form=form, answer_error=error)
    flash(_("Jawaban tersimpan: %(answer)s.", answer=answer_label(form.answer.data)), "success")
    back = safe_next(form.next.data, url_for("incidents.detail", incident_id=incident.id))
    return redirect(back, code=303)
