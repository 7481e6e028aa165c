"""The soak test's people: a browser that speaks plain HTTP to gunicorn, and what each
kind of visitor does in a loop (writers, photo uploaders, readers, reviewers)."""

import contextlib
import http.client
import re
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

from ..helpers import csrf_in

SUBMISSION_RE = re.compile(r'name="submission_id" type="hidden" value="([^"]+)"')
ALREADY_REVIEWED = "Laporan ini sudah diperiksa oleh orang lain; muat ulang halaman."
# A request without an answer (the worker was killed) or a 503: a phone sends it again.
RESENDS = 4


class NoAnswer(Exception):
    """The connection closed before an answer (kill -9 of the worker serving it)."""


@dataclass
class Answer:
    status: int
    location: str
    text: str


@dataclass
class Tally:
    """Every answer, by kind of visitor: status counts and durations."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict = field(default_factory=dict)
    statuses: dict = field(default_factory=dict)
    no_answer: int = 0

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.times.setdefault(kind, []).append(seconds)
            key = (kind, status)
            self.statuses[key] = self.statuses.get(key, 0) + 1

    def count(self, status: int) -> int:
        return sum(n for (_kind, code), n in self.statuses.items() if code == status)

    def percentile(self, kind: str, share: float) -> float:
        values = sorted(self.times.get(kind, [0.0]))
        return values[min(len(values) - 1, int(share * len(values)))]


class Browser:
    """One person's browser: its cookies, one connection per request (sync workers)."""

    def __init__(self, port: int, tally: Tally, kind: str):
        self.port, self.tally, self.kind = port, tally, kind
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, ctype: str = ""):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if ctype:
            headers["Content-Type"] = ctype
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.monotonic()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (http.client.HTTPException, ConnectionError) as error:
            with self.tally.lock:
                self.tally.no_answer += 1
            raise NoAnswer(str(error)) from error
        finally:
            connection.close()
        kind = f"{self.kind} POST" if method == "POST" else self.kind
        self.tally.add(kind, response.status, time.monotonic() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header or "expires=Thu, 01 Jan 1970" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return Answer(response.status, response.headers.get("Location", ""), text)

    def get(self, path: str) -> Answer:
        for attempt in range(RESENDS):
            try:
                return self.request("GET", path)
            except NoAnswer:
                if attempt == RESENDS - 1:
                    raise
                time.sleep(0.2)
        raise AssertionError("unreachable")

    def post(self, path: str, fields: list[tuple[str, str]], files=()) -> Answer:
        """Send a form; with no answer or a 503 send the same form again, as a person would."""
        if files:
            boundary = secrets.token_hex(12)
            body, ctype = (
                _multipart(fields, files, boundary),
                f"multipart/form-data; boundary={boundary}",
            )
        else:
            body = urllib.parse.urlencode(fields).encode()
            ctype = "application/x-www-form-urlencoded"
        for attempt in range(RESENDS):
            try:
                answer = self.request("POST", path, body, ctype)
            except NoAnswer:
                answer = None
            if answer is not None and answer.status != 503:
                return answer
            if attempt == RESENDS - 1:
                raise NoAnswer(f"POST {path}: no answer after {RESENDS} sends")
            time.sleep(0.3)
        raise AssertionError("unreachable")

    def log_in(self, phone: str, password: str) -> None:
        token = csrf_in(self.get("/masuk").text)
        answer = self.post(
            "/masuk", [("login", phone), ("password", password), ("csrf_token", token)]
        )
        assert answer.status == 303, (answer.status, answer.text[:300])


def _multipart(fields, files, boundary: str) -> bytes:
    parts = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, content in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def write_activities(browser: Browser, form: dict, sent: dict, stop: threading.Event, photo=None):
    """Log activities through the real form until stopped; sent[submission_id] = status."""
    number = 0
    while not stop.is_set():
        page = browser.get("/kegiatan/baru").text
        submission = SUBMISSION_RE.search(page).group(1)
        number += 1
        fields = [(k, v) for k, v in form.items() if k != "ppks"]
        fields += [("ppks", v) for v in form["ppks"]]
        fields += [
            ("title", f"Soak {browser.kind} {number}"),
            ("submission_id", submission),
            ("csrf_token", csrf_in(page)),
        ]
        files = [("photos", "besar.jpg", photo)] if photo else ()
        try:
            answer = browser.post("/kegiatan/baru", fields, files)
            sent[submission] = answer.status
        except NoAnswer:
            sent[submission] = None  # never answered: it may or may not have been saved


def read_pages(browser: Browser, paths: list[str], stop: threading.Event) -> None:
    """The pages that used to write on a GET (home, account, with the session touch due)."""
    while not stop.is_set():
        for path in paths:
            with contextlib.suppress(NoAnswer):
                browser.get(path)


def review_at_once(reviewers: list[Browser], path: str, actions: list[str]) -> list[str]:
    """Each reviewer opens the month page, then all send their decision at the same moment;
    returns what each was told on the page they were sent to."""
    barrier = threading.Barrier(len(reviewers), timeout=30)
    told = [""] * len(reviewers)

    def review(index: int) -> None:
        browser = reviewers[index]
        token = csrf_in(browser.get(path).text)
        barrier.wait()
        fields = [("action", actions[index]), ("note", "Lengkapi foto."), ("csrf_token", token)]
        answer = browser.post(path + "/tinjau", fields)
        told[index] = f"{answer.status} " + (
            "lost" if ALREADY_REVIEWED in browser.get(answer.location).text else "won"
        )

    threads = [threading.Thread(target=review, args=(i,)) for i in range(len(reviewers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return told
