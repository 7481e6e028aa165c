"""The material body is Markdown rendered then sanitised: a list of XSS payloads, all defused."""

from html.parser import HTMLParser

import pytest

from portal.text import ALLOWED_TAGS, render_markdown

from . import samples

PAYLOADS = [
    "<script>alert(1)</script>",
    "<sCrIpT>alert(1)</ScRiPt>",
    "<scr<script>ipt>alert(1)</script>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<img src=x onerror=alert(1)>",
    '<a href="#" onclick="alert(1)">klik</a>',
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<table><tr><td onmouseover=alert(1)>a</td></tr></table>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](java&#x73;cript:alert(1))",
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#x01;javascript:alert(1)">x</a>',
    "[klik][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<img src="javascript:alert(1)">',
    '<a hx-get="/keluar" hx-trigger="load">x</a>',
    '<div hx-post="/akun/keluar-semua" hx-trigger="load">x</div>',
    '<p data-hx-get="/x" hx-on:click="alert(1)">x</p>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<style>body{display:none}</style>",
    '<p style="position:fixed;inset:0">x</p>',
    '<form action="/keluar" method="post"><button>x</button></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def assert_defused(html: str) -> None:
    """Only allowed tags; no handler, hx-, data- or style attribute; no script URL."""
    parsed = _Collector()
    parsed.feed(html)
    assert set(parsed.tags) <= ALLOWED_TAGS, html
    for name, value in parsed.attrs:
        assert not name.startswith(("on", "hx-", "data-")), html
        assert name != "style", html
        if name in ("href", "src"):
            compact = "".join(ch for ch in (value or "") if ch.isprintable() and not ch.isspace())
            assert not compact.lower().startswith(BAD_SCHEMES), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_defused(payload):
    assert_defused(str(render_markdown(payload)))


def test_ordinary_markdown_survives():
    html = str(render_markdown("## Langkah\n\n- **Satu**\n- [Kemensos](https://kemensos.go.id)"))
    assert "<h2>Langkah</h2>" in html
    assert "<strong>Satu</strong>" in html
    assert 'href="https://kemensos.go.id"' in html


def test_material_page_shows_the_sanitised_body(app, world, login_as):
    with app.app_context():
        samples.material(
            org_id=world.org_a,
            for_orgs=(world.org_a,),
            body="Aman\n\n" + "\n\n".join(PAYLOADS),
        )
        from portal.extensions import db

        db.session.commit()
    html = login_as("member").get("/materi/sop-evakuasi-banjir").get_data(as_text=True)
    body = html[html.index('<div class="prose">') :]
    body = body[len('<div class="prose">') : body.index("</div>")]
    assert "<p>Aman</p>" in body
    assert_defused(body)


@pytest.mark.parametrize(
    "unsafe",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)">x</p>',
        '<a hx-get="/keluar">x</a>',
        '<p style="x">x</p>',
    ],
)
def test_the_check_itself_catches_unsanitised_html(unsafe):
    with pytest.raises(AssertionError):
        assert_defused(unsafe)


@pytest.mark.parametrize(
    "source",
    [
        "![data saya](/akun/data)",
        "![x](https://localhost/rights/unduh.json)",
        '<img src="/akun/data" alt="x">',
        "<IMG SRC=/akun/data>",
        "[![lencana](/akun/data)](https://kemensos.go.id)",
        "![ref][r]\n\n[r]: /akun/data",
    ],
)
def test_images_are_not_rendered_so_no_reader_fetches_an_authors_address(source):
    html = str(render_markdown(source))
    assert "<img" not in html.lower() and "/akun/data" not in html, html


def test_an_image_leaves_its_alt_text():
    assert str(render_markdown("Lihat ![bagan evakuasi](/x.png) ini")) == (
        "<p>Lihat bagan evakuasi ini</p>"
    )
