"""User-written Markdown, rendered and then sanitised: the only way it reaches a page."""

import re
from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

# Images are not allowed: an image's address is fetched by every reader's browser, with
# the reader's cookies, so `![x](/akun/data)` would make each reader ask for a page the
# author chose. The portal uploads no images for Markdown, so an image is shown as its
# alt text. (python-markdown writes alt="..." escaped; raw <img> HTML goes the same way.)
IMAGE_RE = re.compile(r"<img\b[^>]*?(?:\balt=\"([^\"]*)\"[^>]*)?>", re.I)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


CACHED_SOURCE_CHARS = 4000  # agendas, minutes, summaries; a long material body is not kept


def render_markdown(source: str | None) -> Markup:
    """Markdown to safe HTML: no script, iframe, style, image, event handler or hx-*.

    A short text is rendered once per worker (a meeting's agenda on every view of its
    page: 5 % of that request); at most 256 of them, about 1 MB."""
    source = source or ""
    if len(source) <= CACHED_SOURCE_CHARS:
        return Markup(_cached_html(source))  # noqa: S704 - sanitised in _html
    return Markup(_html(source))  # noqa: S704 - sanitised in _html


@lru_cache(maxsize=256)
def _cached_html(source: str) -> str:
    return _html(source)


def _html(source: str) -> str:
    html = md.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    html = IMAGE_RE.sub(lambda m: m.group(1) or "", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return clean


def plain_text(source: str | None, limit: int | None = None) -> str:
    """Markdown reduced to its text, for previews and search snippets."""
    text = nh3.clean(md.markdown(source or ""), tags=set()).strip()
    return text[:limit] if limit else text
