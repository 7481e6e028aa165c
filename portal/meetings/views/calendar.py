"""Calendars: one meeting's .ics file, and the personal feed at a secret, revocable URL."""

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import configured_limit, limiter
from ...forms import EmptyForm
from ...security import found_or_404, member_required
from ...security.meetings import meeting_to_see_or_404
from ...urls import external
from .. import bp, calendar


def _host() -> str:
    """The domain part of event UIDs: stable whichever host name the page was opened by, so
    a calendar never holds the same meeting twice."""
    config = current_app.config
    return config.get("SERVER_NAME") or f"simpul-{config['REGENCY_CODE']}"


def _meeting_url(meeting) -> str:
    return external("meetings.detail", meeting_id=meeting.id)


def _ics_response(body: bytes, filename: str, attachment: bool) -> Response:
    response = Response(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:meeting_id>/rapat.ics")
@member_required
def meeting_ics(meeting_id: int):
    """This meeting as an .ics file for the phone's calendar."""
    meeting, _invitation = meeting_to_see_or_404(meeting_id)
    body = calendar.ics([meeting], _meeting_url, _host())
    return _ics_response(body, f"rapat-{meeting.id}.ics", attachment=True)


@bp.route("/kalender")
@member_required
def feed_settings():
    """My calendar feed: its secret address, renew it, or turn it off."""
    feed = calendar.feed_of(current_user)
    url = None
    if feed is not None:
        url = external("meetings.feed", token=calendar.feed_token(feed))
    return render_template("meetings/feed.html", feed=feed, url=url, form=EmptyForm())


@bp.route("/kalender", methods=["POST"])
@member_required
def feed_renew():
    """Make (or remake) the secret address; an old one stops working."""
    renewed = calendar.feed_of(current_user) is not None
    calendar.renew_feed(current_user)
    flash(
        _("Alamat kalender baru dibuat. Alamat lama tidak berlaku lagi.")
        if renewed
        else _("Alamat kalender dibuat."),
        "success",
    )
    return redirect(url_for("meetings.feed_settings"), code=303)


@bp.route("/kalender/cabut", methods=["POST"])
@member_required
def feed_revoke():
    """Turn the feed off: calendars subscribed to it stop updating."""
    if calendar.revoke_feed(current_user):
        flash(_("Alamat kalender dicabut."), "success")
    return redirect(url_for("meetings.feed_settings"), code=303)


@bp.route("/kalender.ics")
@limiter.limit(configured_limit("PUBLIC"))
def feed():
    """The feed calendar apps subscribe to; the secret token is the only key. It sits in the
    query string as `token`, which the log filter masks."""
    user = found_or_404(calendar.user_for_feed(request.args.get("token")))
    body = calendar.ics(calendar.feed_meetings(user), _meeting_url, _host(), name=_("Rapat Simpul"))
    return _ics_response(body, "rapat-simpul.ics", attachment=False)
