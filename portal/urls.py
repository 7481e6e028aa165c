"""Addresses: redirect targets that stay on this host, absolute links on the public
host, ids a database can hold."""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, request, url_for


def safe_next(target: str | None, default: str) -> str:
    """Only a local path: '/x' yes; '//evil', '/\\evil', 'https:evil', 'http://evil' no."""
    if not target:
        return default
    target = target.strip()
    if any(ch in target for ch in "\\\r\n\t\x00") or not target.startswith("/"):
        return default
    if target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def external(endpoint: str, **values) -> str:
    """The absolute address of a page, for links that leave the portal (activation links,
    calendar feeds, QR codes, e-mails and push messages, also those a job sends): on
    PUBLIC_URL when it is set, never on the Host a request claimed; in development, on
    the address the page was opened by."""
    return on_public_host(path(endpoint, **values))


def path(endpoint: str, **values) -> str:
    """The path of a page, also outside any request (a job runner has none)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)


def on_public_host(target: str) -> str:
    """A path built before (a notice's stored link) as the absolute address external()
    gives: on PUBLIC_URL; without it, on the request's address (development), or
    https://localhost in a job."""
    public = current_app.config.get("PUBLIC_URL")
    if public:
        return public + target
    if has_request_context():
        return request.host_url.rstrip("/") + target
    return "https://localhost" + target


def next_from_request(default: str) -> str:
    return safe_next(request.values.get("next"), default)


# The largest id PostgreSQL's integer column holds (SQLite's is larger): a bigger number
# cannot name a row, so it is treated as no id (404) rather than sent to the database,
# which refuses it (500).
LARGEST_ID = 2**31 - 1


def row_id(value: str) -> int:
    """A row id from a query string or form, for `request.args.get(name, type=row_id)`:
    a whole number from 0 to LARGEST_ID, ValueError otherwise (so .get gives None)."""
    number = int(value)
    if not 0 <= number <= LARGEST_ID:
        raise ValueError(value)
    return number
