"""Issue 13 offline, at 360×740 with the network switched off and on: an activity with a
photo kept on the phone and sent once, a queued RSVP, a refused draft back with the
server's message, logout clearing everything, and the service worker's caching rules."""

import re
import time
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import func, select

from portal import months
from portal.extensions import db
from portal.models import Activity, ActivityPhoto, Organisation

from .. import factories
from ..activities import factories as activity_factories
from ..meetings import factories as meeting_factories
from .helpers import fill_activity, login
from .test_activity_report_journey import big_photo

KEPT = "Tersimpan di HP — akan dikirim otomatis saat ada sinyal"


def _member(app):
    """Siti, a member of Tagana; (her id, her phone, the organisation's id)."""
    with app.app_context():
        org = factories.organisation("Tagana Belitung Timur", "TAGANA")
        person = factories.member(org, "Siti Relawan")
        db.session.commit()
        return person.id, person.phone, org.id


def _siti_on_her_phone(live_app, page):
    """Siti logged in on her phone, the service worker in control; (app, base, id, org)."""
    app, base = live_app
    user_id, phone, org = _member(app)
    login(page, base, phone, factories.PASSWORD)
    _with_worker(page, base)
    return app, base, user_id, org


def _coordinator(app, org_id):
    with app.app_context():
        boss = factories.member(
            db.session.get(Organisation, org_id), "Rudi Koordinator", role="coordinator"
        )
        db.session.commit()
        return boss.id, boss.phone


def _with_worker(page, base):
    """Wait until the service worker controls the page, then load home through it."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"{base}/")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def _cached_urls(page) -> dict[str, list[str]]:
    return page.evaluate(
        """async () => {
            const out = {};
            for (const name of await caches.keys()) {
                out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
            }
            return out;
        }"""
    )


def _log_offline(page, base, title: str) -> None:
    """On the form kept by the worker, with the network off: an activity with a photo."""
    page.goto(f"{base}/kegiatan/baru")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    photo = {"name": "posko.jpg", "mimeType": "image/jpeg", "buffer": big_photo()}
    fill_activity(page, title, photo)
    page.get_by_text(re.compile("Foto siap dikirim")).wait_for()
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(page.get_by_role("status").filter(has_text=KEPT)).to_be_visible()


def _activities(app, title):
    with app.app_context():
        return db.session.scalars(select(Activity).where(Activity.title == title)).all()


def _photos_of(app, activity) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(ActivityPhoto)
            .where(ActivityPhoto.activity_id == activity.id)
        )


def _wait_for(check, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_an_activity_with_a_photo_logged_offline_reaches_the_server_once(live_app, phone_page):
    page = phone_page
    app, base, _user_id, _org = _siti_on_her_phone(live_app, page)
    _log_offline(page, base, "Dapur umum posko Gantung")
    assert _activities(app, "Dapur umum posko Gantung") == []

    # The phone closes the portal; opened again offline, home is the kept copy with the
    # draft waiting.
    context = page.context
    page.close()
    page = context.new_page()
    page.goto(f"{base}/")
    expect(
        page.get_by_text(re.compile(r"Tersimpan pukul \d\d\.\d\d, tidak tersambung"))
    ).to_be_visible()
    pending = page.get_by_role("region", name="Menunggu dikirim")
    expect(pending.get_by_text("Dapur umum posko Gantung")).to_be_visible()

    context.set_offline(False)
    online_again = time.monotonic()
    assert _wait_for(lambda: len(_activities(app, "Dapur umum posko Gantung")) == 1)
    print(f"\nonline again → activity on the server: {time.monotonic() - online_again:.2f} s")
    expect(pending).to_be_hidden()
    page.reload()
    page.wait_for_load_state("networkidle")
    [activity] = _activities(app, "Dapur umum posko Gantung")
    photos = _photos_of(app, activity)
    assert photos == 1 and activity.people_served == 14


def test_an_rsvp_tapped_offline_is_sent_when_the_signal_returns(live_app, phone_page):
    app, base = live_app
    user_id, phone, org = _member(app)
    boss_id, _boss_phone = _coordinator(app, org)
    with app.app_context():
        meeting_id = meeting_factories.meeting(boss_id, [org], starts_in=timedelta(days=1)).id
    page = phone_page
    login(page, base, phone, factories.PASSWORD)
    _with_worker(page, base)
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    page.get_by_role("button", name="Hadir", exact=True).click()
    expect(
        page.get_by_text("Jawaban tersimpan di HP — akan dikirim otomatis saat ada sinyal")
    ).to_be_visible()
    page.context.set_offline(False)

    def answered():
        with app.app_context():
            return meeting_factories.invitation(meeting_id, user_id).rsvp == "yes"

    assert _wait_for(answered)


def test_a_draft_the_server_refuses_comes_back_with_its_message(live_app, phone_page):
    page = phone_page
    app, base, user_id, org = _siti_on_her_phone(live_app, page)
    _log_offline(page, base, "Penyaluran logistik")

    # Meanwhile the month was submitted from another phone: its activities are locked.
    with app.app_context():
        activity_factories.report(user_id, org, months.current(), "submitted")
        db.session.commit()
    page.goto(f"{base}/")
    page.context.set_offline(False)
    refused = page.get_by_role("region", name="Menunggu dikirim")
    expect(refused.get_by_text(re.compile("Ditolak server:.*sudah dikirim"))).to_be_visible()
    assert _activities(app, "Penyaluran logistik") == []
    # Opened again, the form has its fields back, with the server's message.
    refused.get_by_role("link", name="Buka dan perbaiki").click()
    expect(page.get_by_label("Judul singkat")).to_have_value("Penyaluran logistik")
    expect(page.get_by_role("status").filter(has_text="Ditolak server:")).to_be_visible()


def test_logout_clears_every_cache_and_draft(live_app, phone_page):
    page = phone_page
    _app, base, _user_id, _org = _siti_on_her_phone(live_app, page)
    page.wait_for_function("() => window.SimpulDrafts")  # it comes after the first paint
    page.evaluate(
        """() => SimpulDrafts.put({id: "x1",
                user: document.querySelector('meta[name=simpul-user]').content,
                kind: "activity", url: "/kegiatan/baru", form: "/kegiatan/baru", fields: [],
                title: "Belum terkirim", savedAt: Date.now(), error: "ditolak"})"""
    )
    assert any(name.startswith("simpul-pages-") for name in _cached_urls(page))
    page.once("dialog", lambda dialog: dialog.accept())  # "1 isian belum terkirim ..."
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("link", name="Masuk")).to_be_visible()
    assert _cached_urls(page) == {}
    assert page.evaluate("() => indexedDB.databases().then(d => d.map(x => x.name))") == []
    page.context.set_offline(True)
    try:
        page.goto(f"{base}/")
        assert "Halo, Siti Relawan" not in page.content()
    except Exception as error:  # the browser's own offline error: nothing was kept
        assert "net::ERR_" in str(error)


def test_the_worker_keeps_only_the_persons_own_pages(live_app, phone_page):
    page = phone_page
    app, base, _user_id, org = _siti_on_her_phone(live_app, page)
    _boss_id, boss_phone = _coordinator(app, org)
    page.goto(f"{base}/kegiatan/baru")  # the empty form: kept
    page.goto(f"{base}/privasi")  # not a page of the person's own: not kept
    page.goto(f"{base}/rapat/")
    [(name, urls)] = _cached_urls(page).items()
    assert sorted(u.removeprefix(base) for u in urls) == ["/", "/kegiatan/baru", "/rapat/"]

    # The rules themselves: POST answers, unmarked and other people's pages are not kept.
    worker = page.context.service_workers[0]
    rules = worker.evaluate(
        """() => {
            const r = self.simpulOfflineRules;
            const html = {"Content-Type": "text/html; charset=utf-8"};
            const answer = (headers, status = 200, type = "basic") =>
                ({status, type, headers: new Headers(Object.assign({}, html, headers))});
            const nav = {method: "GET", mode: "navigate"};
            const mine = {"Simpul-User": "abc", "Cache-Control": "no-store"};
            const own = Object.assign({"Simpul-Offline": "keep"}, mine);
            return {
                own: r.keeperOf(nav, answer(own)),
                post: r.keeperOf({method: "POST", mode: "navigate"}, answer(own)),
                fragment: r.keeperOf({method: "GET", mode: "cors"}, answer(own)),
                unmarked: r.keeperOf(nav, answer(mine)),
                refused: r.keeperOf(nav, answer(own, 422)),
                loggedOut: r.viewerOf(answer({})),
                redirect: r.viewerOf(answer({}, 0, "opaqueredirect")),
            };
        }"""
    )
    assert rules == {
        "own": "abc",
        "post": None,
        "fragment": None,
        "unmarked": None,
        "refused": None,
        "loggedOut": "",
    } | ({"redirect": None} if "redirect" in rules else {})

    # A coordinator on the same phone (the member's session ended without logging out):
    # the member's pages are gone the moment the coordinator's first page arrives.
    page.context.clear_cookies()
    login(page, base, "0" + boss_phone[3:], factories.PASSWORD)
    page.goto(f"{base}/")
    caches_now = _cached_urls(page)
    assert name not in caches_now and len(caches_now) == 1
    # The coordinator looks at the member's month: another person's page, never kept.
    page.goto(f"{base}/laporan/")
    member_month = page.get_by_role("link", name="Siti Relawan").first
    if member_month.count():
        member_month.click()
        assert page.url not in next(iter(_cached_urls(page).values()))
    page.context.set_offline(True)
    page.goto(f"{base}/")
    expect(page.get_by_text("Halo, Rudi Koordinator")).to_be_visible()
    assert "Siti Relawan" not in page.content() or "Halo, Siti" not in page.content()
    page.context.set_offline(False)


def test_a_check_in_without_signal_waits_and_goes_when_the_signal_returns(live_app, phone_page):
    from portal.meetings import attendance
    from portal.models import Meeting

    app, base = live_app
    user_id, phone, org = _member(app)
    boss_id, _boss_phone = _coordinator(app, org)
    with app.app_context():
        meeting = meeting_factories.meeting(boss_id, [org], starts_in=timedelta(minutes=5))
        meeting_id = meeting.id
        code = attendance.current_code(db.session.get(Meeting, meeting_id))
    page = phone_page
    login(page, base, phone, factories.PASSWORD)
    page.goto(f"{base}/rapat/{meeting_id}/hadir?token={code}")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    page.get_by_role("button", name="Saya hadir").click()
    expect(
        page.get_by_text(re.compile("Tidak ada sinyal. Kehadiran harus dicek ke server"))
    ).to_be_visible()
    page.context.set_offline(False)

    def checked_in():
        with app.app_context():
            return meeting_factories.invitation(meeting_id, user_id).checked_in_at is not None

    assert _wait_for(checked_in)


def test_a_full_phone_keeps_the_text_and_says_the_photo_did_not_fit(live_app, phone_page):
    page = phone_page
    app, base, _user_id, _org = _siti_on_her_phone(live_app, page)
    page.goto(f"{base}/kegiatan/baru")
    page.wait_for_load_state("networkidle")
    # The phone's storage has room for a few kilobytes more: the text, not the photo.
    used = page.evaluate("() => navigator.storage.estimate().then(e => e.usage)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": base, "quotaSize": used + 40_000})
    page.context.set_offline(True)
    photo = {"name": "posko.jpg", "mimeType": "image/jpeg", "buffer": big_photo()}
    fill_activity(page, "Data pengungsi Desa Lalang", photo)
    page.get_by_text(re.compile("Foto siap dikirim")).wait_for()
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(
        page.get_by_role("status").filter(
            has_text="Foto tidak muat di penyimpanan HP; teksnya tersimpan"
        )
    ).to_be_visible()

    page.context.set_offline(False)
    assert _wait_for(lambda: len(_activities(app, "Data pengungsi Desa Lalang")) == 1)
    [activity] = _activities(app, "Data pengungsi Desa Lalang")
    photos = _photos_of(app, activity)
    assert photos == 0 and activity.people_served == 14  # the text, whole


def test_a_draft_waiting_in_two_tabs_reaches_the_server_once(live_app, phone_page):
    page = phone_page
    app, base, _user_id, _org = _siti_on_her_phone(live_app, page)
    _log_offline(page, base, "Piket posko Kelapa Kampit")
    other_tab = page.context.new_page()
    other_tab.goto(f"{base}/")  # offline: the kept home, the draft waiting in both tabs
    expect(
        other_tab.get_by_role("region", name="Menunggu dikirim").get_by_text(
            "Piket posko Kelapa Kampit"
        )
    ).to_be_visible()
    page.goto(f"{base}/")

    page.context.set_offline(False)  # both tabs and the worker see the signal return
    assert _wait_for(lambda: len(_activities(app, "Piket posko Kelapa Kampit")) == 1)
    time.sleep(2)  # the other senders have had their turn
    assert len(_activities(app, "Piket posko Kelapa Kampit")) == 1


def test_a_newer_service_worker_takes_over_without_losing_a_waiting_draft(live_app, phone_page):
    page = phone_page
    app, base, _user_id, _org = _siti_on_her_phone(live_app, page)
    _log_offline(page, base, "Distribusi terpal Desa Mengkubang")

    # A new release: /sw.js now reads differently (as when a part's fingerprint changes).
    from jinja2 import ChoiceLoader, DictLoader

    source = app.jinja_loader.get_source(app.jinja_env, "sw.js")[0]
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({"sw.js": source + "\n// versi baru\n"}), app.jinja_env.loader]
    )
    app.jinja_env.cache.clear()

    # The signal returns, but sending the draft still fails while the new worker arrives.
    def no_signal_for_drafts(route):
        if route.request.method == "POST":
            return route.abort("internetdisconnected")
        return route.continue_()

    page.context.route(f"{base}/kegiatan/baru", no_signal_for_drafts)
    page.context.set_offline(False)
    replaced = page.evaluate(
        """() => {
            const before = navigator.serviceWorker.controller;
            const changed = new Promise(done =>
                navigator.serviceWorker.addEventListener("controllerchange", done));
            return navigator.serviceWorker.getRegistration().then(r => r.update())
                .then(() => changed)
                .then(() => navigator.serviceWorker.controller !== before);
        }"""
    )
    assert replaced  # the newer worker installed, activated and took the page over
    assert "// versi baru" in page.evaluate("() => fetch('/sw.js').then(r => r.text())")
    assert _activities(app, "Distribusi terpal Desa Mengkubang") == []  # still waiting
    # The draft the old worker's pages kept is sent all the same, once.
    page.context.unroute(f"{base}/kegiatan/baru")
    page.goto(f"{base}/")
    assert _wait_for(lambda: len(_activities(app, "Distribusi terpal Desa Mengkubang")) == 1)
