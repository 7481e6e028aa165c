"""A tiny HTTP client for bench_pages.py: log in through the real form, keep the cookies.

The portal runs behind no nginx here, so every request says X-Forwarded-Proto: https (the
portal trusts one proxy on 127.0.0.1) and carries a Referer, as a browser's would.
"""

import http.client
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

from ._dataset import PASSWORD


class Session:
    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def headers(self, extra: dict | None = None) -> dict:
        headers = {
            "Host": "localhost",
            "X-Forwarded-Proto": "https",
            "Referer": "https://localhost/",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **(extra or {})}

    def request(self, method: str, path: str, data: dict | list | None = None, **extra):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        body = urlencode(data, doseq=True) if data is not None else None
        headers = self.headers(extra)
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def log_in(port: int, phone: str) -> Session:
    session = Session(port)
    status, page = session.request("GET", "/masuk")
    assert status == 200, status
    data = {"csrf_token": csrf_token(page), "login": phone, "password": PASSWORD}
    status, page = session.request("POST", "/masuk", data)
    if status != 303:
        raise RuntimeError(f"log-in as {phone} answered {status}")
    return session


class FormReader(HTMLParser):
    """The fields of the activity form as the page shows them: inputs, selects, options."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio"}:
                self.options.setdefault(attrs["name"], []).append(attrs.get("value", ""))
            else:
                self.values.setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if value:
                self.options.setdefault(self._select, []).append(value)
            if "selected" in attrs:
                self.values[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader
