"""Issue 12 on a phone (360×740): the member turns on notifications on the profile
(the permission granted in the Chromium context), the portal prepares the push for the
published minutes, the DevTools protocol delivers it to the service worker
(ServiceWorker.deliverPushMessage, since this machine reaches no real push service), the
notification shows the right text, and tapping it (a click dispatched to the service
worker's notificationclick handler) opens the minutes, or focuses the tab that has them."""

import json
import time
from datetime import timedelta

from playwright.sync_api import expect
from py_vapid import Vapid
from sqlalchemy import select

from portal import notices
from portal.extensions import db
from portal.i18n import now_utc
from portal.models import Delivery, Minutes, User
from portal.notifications import push, render

from .. import factories
from ..notifications.helpers import make_meeting
from .helpers import assert_accessible, assert_fits_phone, login


def _registration_id(cdp, scope: str) -> str:
    seen = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: seen.update(
            {
                r["scopeURL"]: r["registrationId"]
                for r in event["registrations"]
                if not r["isDeleted"]
            }
        ),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while scope not in seen and time.monotonic() < deadline:
        cdp.send("Runtime.evaluate", {"expression": "1"})  # lets the events arrive
        time.sleep(0.1)
    return seen[scope]


# In the service worker: show a notification for this URL (None: the one shown already),
# dispatch a click on it to the notificationclick handler, and return what the handler
# asked the browser to do (open or focus, and which address) and how many notifications
# are left. A dispatched event may not hold the worker with waitUntil, so the handler's
# promise is awaited here instead.
TAP = """async (url) => {
  const calls = [];
  self.clients.openWindow = (href) => {
    calls.push(["open", href]);
    return Promise.resolve(null);
  };
  const focus = WindowClient.prototype.focus;
  WindowClient.prototype.focus = function () {
    calls.push(["focus", this.url]);
    return Promise.resolve(this);
  };
  try {
    if (url !== null) {
      await self.registration.showNotification("Simpul", { body: "Uji", data: { url: url } });
    }
    const [notification] = await self.registration.getNotifications();
    const click = new NotificationEvent("notificationclick", { notification: notification });
    let handled = Promise.resolve();
    click.waitUntil = (promise) => { handled = promise; };
    self.dispatchEvent(click);
    await handled;
    return { calls: calls, left: (await self.registration.getNotifications()).length };
  } finally {
    delete self.clients.openWindow;
    WindowClient.prototype.focus = focus;
  }
}"""


def test_push_for_published_minutes_shows_and_opens_them(live_app, phone_page):
    app, base = live_app
    key = Vapid()
    key.generate_keys()
    app.config["VAPID_PRIVATE_KEY"] = key.private_pem().decode()
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        member = factories.member(org, "Siti Relawan")
        world = type("W", (), {"org_a": org.id, "ids": {"coordinator": member.id}})
        meeting = make_meeting(
            world, now_utc() - timedelta(hours=3), extra=[member.id], title="Rakor Siaga Banjir"
        )
        db.session.add(
            Minutes(
                meeting_id=meeting.id,
                body="Posko dibuka di Manggar.",
                decisions="Piket bergiliran.",
                published_at=now_utc(),
            )
        )
        db.session.commit()
        meeting_id, member_id, phone_number = meeting.id, member.id, member.phone

    page = phone_page
    page.context.grant_permissions(["notifications"], origin=base)
    login(page, base, phone_number, factories.PASSWORD)
    page.goto(f"{base}/akun/")
    page.get_by_role("link", name="Atur pemberitahuan: notifikasi di ponsel dan e-mail").click()
    page.wait_for_url(f"{base}/notifikasi/pengaturan")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    turn_on = page.get_by_role("button", name="Nyalakan notifikasi di perangkat ini")
    expect(turn_on).to_be_visible()
    assert page.evaluate("Notification.permission") == "granted"
    assert_fits_phone(page)
    assert_accessible(page)
    turn_on.click()
    status = page.locator("[data-push-status]")
    expect(status).not_to_be_empty()
    subscribed = status.inner_text()
    # Headless Chromium here refuses the subscription itself ("AbortError: Registration
    # failed - permission denied", even with the permission granted: it has no push
    # service); the page then says so and offers the button again.
    if "Registration failed" in subscribed:
        expect(turn_on).to_be_visible()
    else:
        expect(page.get_by_role("button", name="Matikan di perangkat ini")).to_be_visible()

    # The portal prepares the push of the published minutes, as the job runner would.
    with app.app_context():
        with app.test_request_context():
            notices.notify(
                member_id,
                "meeting.minutes_published",
                f"/rapat/{meeting_id}#notulen",
                title="Rakor Siaga Banjir",
            )
        db.session.commit()
        user = db.session.get(User, member_id)
        delivery = db.session.scalar(select(Delivery).where(Delivery.channel == "push"))
        stored = delivery is not None
        if delivery is None:  # no push service reachable here: no subscription, no delivery
            from portal.models import Notice

            notice = db.session.scalar(select(Notice))
            delivery = Delivery(kind=notice.kind, params=notice.params, link=notice.link)
        data = push.payload(render.message(delivery, user), delivery.kind)

    cdp = page.context.new_cdp_session(page)
    registration = _registration_id(cdp, f"{base}/")
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": base, "registrationId": registration, "data": data},
    )
    shown = []
    deadline = time.monotonic() + 10
    while not shown and time.monotonic() < deadline:
        shown = page.evaluate(
            """navigator.serviceWorker.ready.then(r => r.getNotifications()).then(list =>
                 list.map(n => ({title: n.title, body: n.body, url: n.data && n.data.url})))"""
        )
        time.sleep(0.2)
    assert shown == [
        {
            "title": "Simpul",
            "body": "Notulen rapat Rakor Siaga Banjir sudah terbit.",
            "url": f"/rapat/{meeting_id}#notulen",
        }
    ], (shown, subscribed, stored)

    # Tapping it. No DevTools command taps a notification, and Chromium lets a service
    # worker open or focus a window only for a real tap (for a dispatched click it
    # refuses: "InvalidAccessError: Not allowed to open a window."), so the click is
    # dispatched to sw-push.js's notificationclick handler with the browser's open and
    # focus recorded; then the phone opens what the handler asked for.
    worker = page.context.service_workers[0]
    minutes = f"{base}/rapat/{meeting_id}#notulen"
    assert worker.evaluate(TAP, None) == {"calls": [["open", minutes]], "left": 0}
    page.goto(minutes)
    expect(page.locator("#notulen")).to_be_visible()
    expect(page.get_by_text("Posko dibuka di Manggar.")).to_be_visible()
    # The minutes already open in a tab: that tab is brought forward, no second one.
    tapped = worker.evaluate(TAP, shown[0]["url"])
    assert tapped == {"calls": [["focus", minutes]], "left": 0}
    # A notification pointing at another site opens the portal's home page instead.
    tapped = worker.evaluate(TAP, "https://evil.example/masuk")
    assert tapped == {"calls": [["open", f"{base}/"]], "left": 0}
    print(json.dumps({"subscribe_status": subscribed, "subscription_stored": stored}))
