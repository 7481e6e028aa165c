"""Admin: find accounts, see their memberships, deactivate or reactivate them."""

import contextlib

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from ... import phone
from ...accounts import services as accounts
from ...database import contains
from ...forms import EmptyForm
from ...models import Area, Membership, User
from ...paging import page_number, paginate
from ...security import admin_required, get_or_404
from ...security.admin import can_manage_user
from .. import bp
from ..forms import UserSearchForm


@bp.route("/pengguna")
@admin_required
def users():
    """Accounts, searchable by name or phone number."""
    form = UserSearchForm(request.args)
    stmt = (
        select(User)
        .options(selectinload(User.memberships).selectinload(Membership.organisation))
        .order_by(User.full_name, User.id)
    )
    if form.validate() and form.q.data:
        terms = [contains(User.full_name, form.q.data)]
        with contextlib.suppress(phone.InvalidPhone):
            terms.append(User.phone == phone.normalise(form.q.data))
        stmt = stmt.where(or_(*terms))
    page = paginate(stmt, page_number(), 30)
    return render_template("admin/users.html", form=form, page=page)


@bp.route("/pengguna/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    """One account: memberships and the deactivate button."""
    user = get_or_404(
        User,
        user_id,
        options=(
            joinedload(User.home_desa).joinedload(Area.parent),
            selectinload(User.memberships).joinedload(Membership.organisation),
        ),
    )
    return render_template("admin/user_detail.html", user=user, form=EmptyForm())


@bp.route("/pengguna/<int:user_id>/status", methods=["POST"])
@admin_required
def user_set_active(user_id: int):
    """Deactivate (sessions end at once) or reactivate an account."""
    user = get_or_404(User, user_id, can=can_manage_user)
    deactivate = request.form.get("deactivate") == "1"
    accounts.set_deactivated(current_user, user, deactivate)
    flash(_("Akun dinonaktifkan.") if deactivate else _("Akun diaktifkan kembali."), "success")
    return redirect(url_for("admin.user_detail", user_id=user_id), code=303)
