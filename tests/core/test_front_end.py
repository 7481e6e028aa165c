"""The shared front end: one app.js, htmx configured once, markup that works without JS."""

import json
import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "portal" / "static"


def _htmx_config(html: str) -> dict:
    match = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    return json.loads(match.group(1))


def _swaps(config: dict, status: int) -> bool:
    """Which rule htmx 2 applies to a status: the first whose code matches (unanchored)."""
    for rule in config["responseHandling"]:
        if re.search(rule["code"], str(status)):
            return rule["swap"]
    return False


def test_every_page_loads_app_js_and_htmx_swaps_422_and_413_answers(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert 'src="/static/js/app.js?v=' in html
    config = _htmx_config(html)
    assert _swaps(config, 422) and _swaps(config, 413)  # the corrected form, the 413 page
    assert _swaps(config, 200) and not _swaps(config, 204)
    assert not _swaps(config, 403) and not _swaps(config, 500)


def test_shared_behaviour_is_written_once_in_app_js():
    scripts = {p.name: p.read_text() for p in (STATIC / "js").glob("*.js") if "htmx" not in p.name}
    for needle in ("window.print", "htmx:beforeSwap", "data-once", 'classList.add("js")'):
        where = [name for name, text in scripts.items() if needle in text]
        assert where in ([], ["app.js"]), (needle, where)
    assert "window.print" in scripts["app.js"] and "data-once" in scripts["app.js"]


def test_one_double_tap_guard_serves_plain_and_htmx_forms():
    templates = Path(__file__).resolve().parents[2] / "portal" / "templates"
    guarded = {p.name for p in templates.rglob("*.html") if "data-once" in p.read_text()}
    assert {"register.html", "form.html", "month.html", "_rsvp.html"} <= guarded
    # htmx's hx-disabled-elt stays only on the live search, which is not a submission.
    others = [p for p in templates.rglob("*.html") if "hx-disabled-elt" in p.read_text()]
    assert [p.relative_to(templates).as_posix() for p in others] == ["directory/_macros.html"]


def test_the_no_js_kecamatan_button_is_hidden_when_javascript_runs(client):
    html = client.get("/daftar").get_data(as_text=True)
    button = re.search(r"<button[^>]*name=\"pilih_kecamatan\"[^>]*>", html).group(0)
    assert "data-no-js" in button
    css = (STATIC / "css" / "app.css").read_text()
    assert ".js [data-no-js]{display:none" in css
    assert 'document.documentElement.classList.add("js")' in (STATIC / "js" / "app.js").read_text()


def test_an_empty_directory_does_not_say_nothing_was_found_before_a_search(client):
    html = client.get("/direktori/").get_data(as_text=True)
    assert "0 relawan ditemukan" not in html
    assert "Tidak ada relawan yang cocok" not in html
    assert "Belum ada relawan yang tampil di direktori." in html
    searched = client.get("/direktori/?q=Siapa").get_data(as_text=True)
    assert "0 relawan ditemukan" in searched
    orgs = client.get("/direktori/organisasi").get_data(as_text=True)
    assert "0 organisasi ditemukan" not in orgs
