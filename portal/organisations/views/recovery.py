"""A coordinator or an admin makes a one-time password-reset link for a member, to share
by WhatsApp or show as a QR code."""

import io

import segno
from flask import Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ...accounts import recovery
from ...models import Membership
from ...models.activation import PASSWORD_RESET
from ...security import coordinator_required, found_or_404, of_managed_organisation_or_404
from ...security.organisations import can_reset_password
from .. import activation, bp


def _member(org_id: int, membership_id: int) -> Membership:
    membership = of_managed_organisation_or_404(
        Membership, org_id, membership_id, options=(joinedload(Membership.user),)
    )
    return found_or_404(membership, can=can_reset_password)


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>/atur-ulang", methods=["POST"])
@coordinator_required
def issue_reset(org_id: int, membership_id: int):
    """A new reset link; an earlier unused one stops working."""
    membership = _member(org_id, membership_id)
    recovery.issue_reset(current_user._get_current_object(), membership)
    flash(_("Tautan atur ulang kata sandi dibuat. Bagikan hanya kepada orangnya."), "success")
    return redirect(
        url_for("organisations.member", org_id=org_id, membership_id=membership_id) + "#sandi",
        code=303,
    )


@bp.route("/organisasi/<int:org_id>/anggota/<int:membership_id>/atur-ulang.svg")
@coordinator_required
def reset_code_svg(org_id: int, membership_id: int):
    """The usable reset link as a QR code to scan at the office; 404 when there is none."""
    membership = _member(org_id, membership_id)
    link = activation.latest(membership, PASSWORD_RESET)
    link = found_or_404(link, can=lambda _user, obj: activation.state(obj) == activation.USABLE)
    buffer = io.BytesIO()
    segno.make(recovery.reset_url(link), error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, title=_("Kode QR atur ulang sandi")
    )
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
