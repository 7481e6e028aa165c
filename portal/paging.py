"""Pages of rows shaped like Flask-SQLAlchemy's Pagination, for the pager macro.

db.paginate() returns ORM entities only; lists that select plain columns or aggregate
rows (the directory, the coordinator's report list) use these instead.
"""

from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import Select, func, select

from .extensions import db


@dataclass
class Page:
    page: int
    per_page: int
    total: int
    items: list = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def clamp_page(value) -> int:
    """A page number from the query string: at least 1, and not absurdly far."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), 100_000)


def paginate_rows(stmt: Select, page: int, per_page: int) -> Page:
    """Two queries: the count, then one page of rows."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(page=page, per_page=per_page, total=total or 0, items=list(rows))
