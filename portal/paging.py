"""Paging, one way: page_number() reads ?page=, paginate() cuts a statement into a Page,
and templates/_macros/pagination.html draws the pager for it. A list that only grows
(the audit log) pages by key instead: after_key() reads ?sesudah=, keyset() returns the
rows after that key, newest first, in one indexed query whatever the page (no OFFSET, no
count), and the same macro draws "back to the start" and "next".

paginate() runs two queries, the count and one page (or one, see one_scan and total). A statement
selecting one ORM entity gives entities (unique, so joined collections do not repeat
them); one selecting several columns or aggregates gives rows.
"""

from dataclasses import dataclass, field
from math import ceil

from flask import request
from sqlalchemy import Select, func, select

from .extensions import db

LAST_PAGE = 100_000


@dataclass
class Page:
    page: int
    per_page: int
    total: int
    items: list = field(default_factory=list)
    # Keyset pages: the key the next page starts after (None: this is the last), and
    # whether this page is the first.
    next_key: int | None = None
    keyset: bool = False
    first: bool = True

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


def _clamp(value) -> int:
    """A page number: at least 1, and not absurdly far."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LAST_PAGE)


def page_number(arg: str = "page") -> int:
    """The page asked for in the query string (?page=), clamped; 1 when absent or bad."""
    return _clamp(request.args.get(arg))


def paginate(
    stmt: Select, page: int, per_page: int, *, one_scan: bool = False, total: int | None = None
) -> Page:
    """One page of the statement's results, with the total count.

    one_scan (entity statements only): the total comes with the rows (count(*) OVER ()),
    so an expensive search reads the table once instead of twice. Past the last page
    there are no rows to carry it, and it is counted the usual way.
    total: the count, when the caller has it already (the report list's status counts).
    """
    page = _clamp(page)
    offset = (page - 1) * per_page
    if one_scan and total is None:
        rows = db.session.execute(
            stmt.add_columns(func.count().over()).limit(per_page).offset(offset)
        ).unique()
        pairs = rows.all()
        items = [entity for entity, _ in pairs]
        total = pairs[-1][1] if pairs else None
    else:
        result = db.session.execute(stmt.limit(per_page).offset(offset))
        items = list(result.unique().scalars()) if _selects_one_entity(stmt) else result.all()
    if total is None:
        count = select(func.count()).select_from(stmt.order_by(None).subquery())
        total = db.session.scalar(count)
    return Page(page=page, per_page=per_page, total=total or 0, items=items)


def _selects_one_entity(stmt: Select) -> bool:
    described = stmt.column_descriptions
    return (
        len(described) == 1
        and described[0].get("entity") is not None
        and (described[0].get("expr") is described[0].get("entity"))
    )


def after_key(arg: str = "sesudah") -> int | None:
    """The key a keyset page starts after (?sesudah=), or None for the first page."""
    value = request.args.get(arg, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def keyset(stmt: Select, key, after: int | None, per_page: int) -> Page:
    """Rows of an entity statement with key (an indexed integer column, unique) below
    `after`, highest first: one query, the same cost on the last page as on the first."""
    if after is not None:
        stmt = stmt.where(key < after)
    rows = list(db.session.scalars(stmt.order_by(key.desc()).limit(per_page + 1)))
    more = len(rows) > per_page
    items = rows[:per_page]
    next_key = getattr(items[-1], key.key) if more and items else None
    return Page(
        page=1,
        per_page=per_page,
        total=0,
        items=items,
        next_key=next_key,
        keyset=True,
        first=after is None,
    )
