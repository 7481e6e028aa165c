"""Keyset pages (paging.keyset): the audit log, newest first, one query per page."""

import re

from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import AuditEvent


def _events(app, n: int) -> None:
    with app.test_request_context():
        for i in range(n):
            audit.record("organisation.created", detail={"n": i})
        db.session.commit()


def test_the_audit_log_pages_by_key_without_gaps_or_repeats(app, login_as, count_queries):
    _events(app, 120)
    client = login_as("admin")
    with app.app_context():
        expected = list(db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.id.desc())))
    path, seen, pages = "/admin/audit", [], []
    while path:
        html = client.get(path).get_data(as_text=True)
        pages.append(html)
        seen += [int(i) for i in re.findall(r'data-event="(\d+)"', html)]
        found = re.search(r'href="(/admin/audit\?sesudah=\d+)" rel="next"', html)
        path = found.group(1) if found else None
    # Read while paging: the log-in and the pages add nothing newer than the first page.
    assert seen == [i for i in expected if i <= seen[0]]
    assert len(pages) == 3 and "Terbaru" in pages[1] and "Terbaru" not in pages[0]
    second = re.search(r'href="(/admin/audit\?sesudah=\d+)" rel="next"', pages[0]).group(1)
    assert count_queries.get(client, "/admin/audit") == count_queries.get(client, second)


def test_a_bad_key_is_the_first_page(app, login_as):
    _events(app, 3)
    client = login_as("admin")
    for bad in ("abc", "-5", "9" * 40):
        response = client.get(f"/admin/audit?sesudah={bad}")
        assert response.status_code == 200 and "Terbaru" not in response.get_data(as_text=True)
