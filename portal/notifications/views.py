"""Notification settings and push devices on the profile; the admin's delivery list."""

from datetime import timedelta

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from .. import audit, months, whatsapp
from ..extensions import db
from ..i18n import long_date
from ..models import Delivery, Meeting, Organisation, User, utcnow
from ..paging import page_number, paginate
from ..security import admin_required, can_manage_organisation, coordinator_required, get_or_404
from ..security.meetings import can_manage_meeting
from . import bp, preferences, push, whatsapp_lists
from .forms import CHANNEL_LABELS, STATUS_LABELS, DeliveryFilterForm, SettingsForm


@bp.route("/pengaturan", methods=["GET", "POST"])
@login_required
def settings():
    """Which kinds of notice reach me on which channel, and my devices with push."""
    user = current_user._get_current_object()
    form = SettingsForm()
    form.fill_choices()
    if form.validate_on_submit():
        preferences.save(user, form.chosen())
        audit.record("account.notification_settings_changed", actor=user, obj=user, subject=user)
        flash(_("Pengaturan pemberitahuan disimpan."), "success")
        return redirect(url_for("notifications.settings"), code=303)
    return render_template(
        "notifications/settings.html",
        form=form,
        kinds=preferences.choosable_kinds(),
        channels=preferences.CHANNELS,
        label=preferences.label,
        chosen=preferences.choices_of(user),
        available={c: preferences.channel_available(c) for c in preferences.CHANNELS},
        devices=push.devices(user),
        vapid_key=push.public_key() if preferences.channel_available("push") else None,
        email_verified=user.email_verified_at is not None,
    ), (422 if form.errors else 200)


def _same_origin() -> bool:
    origin = request.headers.get("Origin")
    return origin is None or origin.rstrip("/") == request.host_url.rstrip("/")


@bp.route("/push", methods=["POST"])
@login_required
def subscribe():
    """Store this device's push subscription (sent by static/js/push.js as JSON)."""
    data = request.get_json(silent=True) or {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint, p256dh, auth = (
        str(value or "")
        for value in (
            data.get("endpoint") or request.form.get("endpoint"),
            keys.get("p256dh") or request.form.get("p256dh"),
            keys.get("auth") or request.form.get("auth"),
        )
    )
    reason = None if _same_origin() else _("Permintaan dari situs lain ditolak.")
    reason = reason or push.problem(endpoint, p256dh, auth)
    if reason:
        return jsonify(error=reason), 422
    user = current_user._get_current_object()
    push.subscribe(user, endpoint, p256dh, auth, request.user_agent.string)
    audit.record("account.push_subscribed", actor=user, obj=user, subject=user)
    return jsonify(ok=True, message=_("Notifikasi di perangkat ini menyala.")), 201


@bp.route("/push/hapus", methods=["POST"])
@login_required
def unsubscribe():
    """Forget a device's subscription: this one (from push.js) or one listed on the page."""
    data = request.get_json(silent=True) or {}
    endpoint = str(data.get("endpoint") or request.form.get("endpoint") or "")
    user = current_user._get_current_object()
    push.unsubscribe(user, endpoint)
    audit.record("account.push_unsubscribed", actor=user, obj=user, subject=user)
    if request.is_json:
        return jsonify(ok=True), 200
    flash(_("Notifikasi di perangkat itu dimatikan."), "info")
    return redirect(url_for("notifications.settings"), code=303)


@bp.route("/pengiriman")
@admin_required
def deliveries():
    """Deliveries of the last 30 days by channel and status; no text of sensitive kinds."""
    form = DeliveryFilterForm(request.args)
    form.fill_choices()
    form.validate()
    since = utcnow() - timedelta(days=30)
    recent = Delivery.created_at >= since
    totals = {
        (channel, status): count
        for channel, status, count in db.session.execute(
            select(Delivery.channel, Delivery.status, func.count())
            .where(recent)
            .group_by(Delivery.channel, Delivery.status)
        )
    }
    stmt = select(Delivery, User.full_name).join(User, User.id == Delivery.user_id).where(recent)
    if form.channel.data:
        stmt = stmt.where(Delivery.channel == form.channel.data)
    if form.status.data:
        stmt = stmt.where(Delivery.status == form.status.data)
    page = paginate(stmt.order_by(Delivery.id.desc()), page_number(), 50)
    return render_template(
        "notifications/deliveries.html",
        form=form,
        page=page,
        totals=totals,
        channel_labels=CHANNEL_LABELS,
        status_labels=STATUS_LABELS,
        summary=_summary,
        max_attempts=current_app.config["DELIVERY_MAX_ATTEMPTS"],
    )


def _summary(delivery: Delivery) -> str:
    from .. import notices
    from ..models import Notice

    if preferences.is_sensitive(delivery.kind) or delivery.kind not in notices.KINDS:
        return "—"
    return notices.render(Notice(kind=delivery.kind, params=delivery.params))


@bp.route("/whatsapp/rapat/<int:meeting_id>")
@coordinator_required
def whatsapp_meeting(meeting_id: int):
    """WhatsApp reminders for those invited who have not answered."""
    meeting = get_or_404(Meeting, meeting_id, can=can_manage_meeting)
    message = whatsapp_lists.meeting_group_message(meeting)
    return render_template(
        "notifications/whatsapp.html",
        title=_("Pengingat WhatsApp: %(title)s", title=meeting.title),
        intro=_("Yang diundang dan belum menjawab."),
        back=url_for("meetings.detail", meeting_id=meeting.id),
        page=whatsapp_lists.meeting_unanswered(meeting, page_number()),
        group_message=message,
        share=whatsapp.share_url(message),
    )


@bp.route("/whatsapp/laporan/<int:org_id>")
@coordinator_required
def whatsapp_reports(org_id: int):
    """WhatsApp reminders for members who have not sent the month's report."""
    organisation = get_or_404(Organisation, org_id, can=can_manage_organisation)
    month = months.parse(request.args.get("bulan")) or months.shift(months.current(), -1)
    month = min(month, months.current())
    message = whatsapp_lists.reports_group_message(organisation, month)
    return render_template(
        "notifications/whatsapp.html",
        title=_(
            "Pengingat laporan %(month)s: %(org)s", month=months.label(month), org=organisation.name
        ),
        intro=_(
            "Anggota yang belum mengirim laporan %(month)s (batas %(due)s).",
            month=months.label(month),
            due=long_date(months.report_due_on(month)),
        ),
        back=url_for("organisations.members", org_id=organisation.id),
        page=whatsapp_lists.reports_not_sent(organisation, month, page_number()),
        group_message=message,
        share=whatsapp.share_url(message),
    )
