"""Installable: a web app manifest with the icons Android asks for, a favicon and an
apple-touch-icon, linked from every page."""

import io
import json
import re

from PIL import Image


def _linked(html: str, rel: str) -> list[str]:
    return re.findall(rf'<link rel="{rel}" href="([^"]+)"', html)


def _image(client, url: str) -> Image.Image:
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/png"
    return Image.open(io.BytesIO(response.data))


def test_every_page_links_the_manifest_and_icons(client):
    html = client.get("/masuk").get_data(as_text=True)
    assert '<meta name="theme-color" content="#0b5d4b">' in html
    for rel in ("manifest", "apple-touch-icon", "icon"):
        for url in _linked(html, rel):
            assert "?v=" in url  # fingerprinted, cached for a year
            assert client.get(url).status_code == 200
    assert _image(client, _linked(html, "apple-touch-icon")[0]).size == (180, 180)


def test_the_manifest_makes_the_portal_installable(client):
    html = client.get("/masuk").get_data(as_text=True)
    response = client.get(_linked(html, "manifest")[0])
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["short_name"] == "Simpul" and manifest["name"]
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5d4b"
    sizes = {}
    for icon in manifest["icons"]:
        image = _image(client, "/static/" + icon["src"])
        assert image.size == tuple(int(n) for n in icon["sizes"].split("x"))
        sizes.setdefault(icon["purpose"], set()).add(icon["sizes"])
    assert sizes["any"] == {"192x192", "512x512"} and sizes["maskable"] == {"512x512"}
