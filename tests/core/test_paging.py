"""One way to page: page_number() reads ?page=, paginate() cuts any statement."""

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Area
from portal.paging import page_number, paginate


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 1), ("?page=3", 3), ("?page=0", 1), ("?page=-4", 1), ("?page=x", 1), ("?page=9e9", 1)],
)
def test_page_number_is_clamped(app, query, expected):
    with app.test_request_context(f"/{query}"):
        assert page_number() == expected
    with app.test_request_context("/?page=99999999999"):
        assert page_number() == 100_000


def test_paginate_gives_entities_or_rows_and_one_scan_the_same_total(app):
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Area))
        entities = select(Area).order_by(Area.code)
        page = paginate(entities, 2, 10)
        assert (page.total, page.page, len(page.items)) == (total, 2, 10)
        assert all(isinstance(a, Area) for a in page.items)
        assert page.has_prev and page.pages == -(-total // 10)
        one_scan = paginate(entities, 2, 10, one_scan=True)
        assert [a.id for a in one_scan.items] == [a.id for a in page.items]
        assert one_scan.total == total
        beyond = paginate(entities, 999, 10, one_scan=True)
        assert (beyond.items, beyond.total, beyond.has_next) == ([], total, False)
        rows = paginate(select(Area.code, Area.name).order_by(Area.code), 1, 5)
        assert rows.items[0].code == page.items[0].code or rows.items[0].code < page.items[0].code
        assert len(rows.items) == 5 and rows.total == total
