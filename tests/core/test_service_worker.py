"""The one service worker: served at the root, not cached stale, importing its parts."""

import re


def test_service_worker_is_served_at_the_root_and_imports_its_parts(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    imported = re.findall(r'"(/static/js/[^"]+)"', response.get_data(as_text=True))
    assert [url.split("?")[0] for url in imported] == [
        "/static/js/sw-push.js",
        "/static/js/drafts.js",
        "/static/js/sw-offline.js",
    ]
    for url in imported:
        assert "?v=" in url  # fingerprinted: a change to a part updates the worker
        assert client.get(url).status_code == 200
