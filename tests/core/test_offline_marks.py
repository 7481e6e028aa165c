"""What the service worker may keep (portal/offline.py): the person's own pages only,
marked per person; and htmx loaded only on pages that use it."""

from tests.activities import factories as af


def _month_of_member(app, world) -> str:
    with app.app_context():
        return f"/laporan/{af.membership_id(world.ids['member'], world.org_a)}/{af.this_month()}"


def test_own_pages_are_marked_for_the_phone_and_stay_no_store(app, login_as, world):
    member = login_as("member")
    month = _month_of_member(app, world)
    keys = set()
    for path in ("/", month, "/rapat/", "/kegiatan/baru"):
        response = member.get(path)
        assert response.status_code == 200, path
        assert response.headers["Simpul-Offline"] == "keep", path
        assert response.headers["Cache-Control"] == "no-store"  # for every other cache
        keys.add(response.headers["Simpul-User"])
    assert len(keys) == 1


def test_other_pages_answers_and_fragments_are_not_marked(app, login_as, world):
    member = login_as("member")
    for path in ("/privasi", "/rapat/?tab=selesai", "/akun/"):
        response = member.get(path)
        assert "Simpul-Offline" not in response.headers, path
    fragment = member.get("/kegiatan/baru", headers={"HX-Request": "true"})
    assert "Simpul-Offline" not in fragment.headers
    answer = member.post_form("/bahasa", {"lang": "id", "next": "/"})
    assert answer.status_code == 303 and "Simpul-Offline" not in answer.headers

    # The coordinator looking at the member's month: another person's page, not kept,
    # and the coordinator's key is not the member's.
    coordinator = login_as("coordinator")
    month = _month_of_member(app, world)
    seen = coordinator.get(month)
    assert seen.status_code == 200 and "Simpul-Offline" not in seen.headers
    assert seen.headers["Simpul-User"] != member.get("/").headers["Simpul-User"]


def test_logged_out_pages_name_nobody(client):
    response = client.get("/masuk")
    assert "Simpul-User" not in response.headers and "Simpul-Offline" not in response.headers


def test_htmx_only_on_pages_that_use_it(client):
    assert "htmx-2.0.11" not in client.get("/masuk").get_data(as_text=True)
    assert "htmx-2.0.11" in client.get("/daftar").get_data(as_text=True)


def test_htmx_waits_for_the_first_touch_unless_the_page_refreshes_itself(app, login_as, world):
    from datetime import timedelta

    from tests.meetings import factories as mf

    with app.app_context():
        meeting_id = mf.meeting(
            world.ids["coordinator"], [world.org_a], starts_in=timedelta(days=1)
        ).id
    search = login_as("anonymous").get("/direktori/").get_data(as_text=True)
    assert 'data-htmx="/static/js/htmx-2.0.11.min.js?v=' in search and "data-htmx-now" not in search
    # The organiser's live count polls every few seconds: htmx comes with the load.
    live = login_as("coordinator").get(f"/rapat/{meeting_id}").get_data(as_text=True)
    assert 'hx-trigger="every' in live and "data-htmx-now" in live
