"""Server-side htmx rules: when a view may answer with a fragment, and its headers."""

from flask import Response, make_response, render_template, request


def is_fragment_request() -> bool:
    """A real htmx request: not boosted and not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(page: str, fragment: str, **context) -> Response:
    """Render the whole page, or only its fragment for htmx (web.py adds Vary to both)."""
    template = fragment if is_fragment_request() else page
    return make_response(render_template(template, **context))
