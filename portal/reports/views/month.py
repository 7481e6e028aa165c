"""One member's month: see it, submit it, verify or return it, print it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ... import months, offline
from ...activities import choices, totals
from ...forms import EmptyForm
from ...models import Area, Membership, User
from ...models.activities import LOCKED_STATUSES, SUBMITTED
from ...paging import page_number
from ...security import get_or_404, managed_organisation_ids, member_required
from ...security.reports import (
    can_review_report,
    can_review_reports,
    can_submit_report,
    can_view_report,
)
from .. import bp, services
from ..forms import ReviewForm

PRINT_LIMIT = 1000

# The month page shows the person and the organisation: loaded with the membership.
_WITH_PERSON = (joinedload(Membership.user), joinedload(Membership.organisation))
# The print page adds the person's desa (with its kecamatan, in the desa's label).
_FOR_PRINT = (
    joinedload(Membership.user).joinedload(User.home_desa).joinedload(Area.parent),
    joinedload(Membership.organisation),
)


def _month_context(membership, month, *, page: int, per_page: int) -> dict:
    """What the month page and the print page both show, in a fixed number of queries."""
    report = services.find_report(membership.user_id, membership.organisation_id, month)
    status = services.status_of(report)
    scope = services.member_scope(membership, month)
    is_owner = membership.user_id == current_user.id
    return {
        "membership": membership,
        "month": month,
        "report": report,
        "status": status,
        "locked": status in LOCKED_STATUSES,
        "page": services.month_activities(membership, month, page, per_page),
        "totals": totals.totals(scope),
        "by_type": totals.by_type(scope),
        "by_ppks": totals.by_ppks(scope),
        "is_owner": is_owner,
    }


def _render_month(membership, month, review_form=None, code=200):
    context = _month_context(membership, month, page=page_number(), per_page=50)
    status = context["status"]
    previous = months.shift(month, -1)
    following = months.shift(month, 1)
    context.update(
        previous=previous,
        following=following if following <= months.current() else None,
        # "Log an activity" from a past month's page starts on that month's last day.
        new_day=months.last_day(month) if month < months.current() else None,
        history=services.history(context["report"]),
        can_submit=context["is_owner"]
        and can_submit_report(current_user, membership)
        and status not in LOCKED_STATUSES,
        can_review=status == SUBMITTED and can_review_report(current_user, membership),
        memberships=choices.active_memberships(current_user) if context["is_owner"] else [],
        submit_form=EmptyForm(),
        review_form=review_form or ReviewForm(),
        status_labels=services.STATUS_LABELS,
    )
    return render_template("reports/month.html", **context), code


@bp.route("/<int:membership_id>/<bulan:month>")
@member_required
def month(membership_id: int, month):
    """A member's month: activities, totals, the report's status; submit or review it."""
    membership = get_or_404(Membership, membership_id, can=can_view_report, options=_WITH_PERSON)
    if membership.user_id == current_user.id:
        offline.keep_page()  # the person's own month, kept on their phone
    return _render_month(membership, month)


@bp.route("/<int:membership_id>/<bulan:month>/kirim", methods=["POST"])
@member_required
def submit(membership_id: int, month):
    """The member submits the month; its activities lock."""
    membership = get_or_404(Membership, membership_id, can=can_submit_report, options=_WITH_PERSON)
    back = url_for("reports.month", membership_id=membership.id, month=month)
    try:
        _report, changed = services.submit(current_user._get_current_object(), membership, month)
    except services.ReportError as error:
        flash(str(error), "error")
        return redirect(back, code=303)
    if changed:
        flash(_("Laporan %(month)s dikirim ke koordinator.", month=months.label(month)), "success")
    else:
        flash(_("Laporan ini sudah dikirim sebelumnya."), "info")
    return redirect(back, code=303)


@bp.route("/<int:membership_id>/<bulan:month>/tinjau", methods=["POST"])
@member_required
def review(membership_id: int, month):
    """A coordinator (or the admin) verifies the report, or returns it with a note."""
    membership = get_or_404(Membership, membership_id, can=can_review_report, options=_WITH_PERSON)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review(
                current_user._get_current_object(),
                membership,
                month,
                form.action.data,
                form.note.data,
            )
        except services.ReportError as error:
            flash(str(error), "error")
            return redirect(
                url_for("reports.month", membership_id=membership.id, month=month), code=303
            )
        name = membership.user.full_name
        if form.action.data == "verify":
            flash(_("Laporan %(name)s diverifikasi.", name=name), "success")
        else:
            flash(_("Laporan %(name)s dikembalikan dengan catatan.", name=name), "success")
        return redirect(
            url_for(
                "reports.index",
                organisasi=membership.organisation_id,
                bulan=months.to_param(month),
            ),
            code=303,
        )
    return _render_month(membership, month, review_form=form, code=422)


@bp.route("/<int:membership_id>/<bulan:month>/cetak")
@member_required
def print_month(membership_id: int, month):
    """The month on A4: heading, member, activities, totals, and a signature block."""
    membership = get_or_404(Membership, membership_id, can=can_view_report, options=_FOR_PRINT)
    context = _month_context(membership, month, page=1, per_page=PRINT_LIMIT)
    signer = services.print_signer(membership, context["report"])
    return render_template("reports/print.html", signer=signer, **context)


def review_panel(user) -> dict | None:
    """On a coordinator's (or the admin's) home page: reports waiting for them."""
    if not can_review_reports(user):
        return None
    waiting = services.awaiting_review(managed_organisation_ids(user))
    return {"waiting": waiting}
