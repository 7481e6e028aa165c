"""Redirect targets that stay on this host."""

from urllib.parse import urlsplit

from flask import request


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


def next_from_request(default: str) -> str:
    return safe_next(request.values.get("next"), default)
