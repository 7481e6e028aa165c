"""Keep ActivitySummary current: every flush that creates, changes or deletes activities
moves their numbers between summary rows, in the same transaction."""

from collections import defaultdict
from datetime import date

from sqlalchemy import delete, event, func, insert, inspect, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Activity, ActivitySummary
from ..models.activities import activity_ppks
from ..models.summaries import DESA, MEMBER, PPKS, TYPE

FIELDS = ("user_id", "organisation_id", "desa_id", "activity_type_id", "done_on")
NUMBERS = ("duration_minutes", "people_served")


def _keys(values: dict, ppks: list[int]) -> list[tuple]:
    month = values["done_on"].replace(day=1)
    org = values["organisation_id"]
    keys = [
        (month, org, MEMBER, values["user_id"]),
        (month, org, DESA, values["desa_id"]),
        (month, org, TYPE, values["activity_type_id"]),
    ]
    return keys + [(month, org, PPKS, p) for p in sorted(set(ppks))]


def _values(state, old: bool) -> dict:
    """The activity's fields as they were before this flush (old) or are now."""
    out = {}
    for name in FIELDS + NUMBERS:
        history = state.attrs[name].history
        if old and history.deleted:
            out[name] = history.deleted[0]
        else:
            out[name] = getattr(state.object, name)
    return out


def _ppks(session, state, old: bool) -> list[int]:
    if "ppks_categories" not in state.dict:  # not loaded, so not changed: ask the database
        if state.key is None:
            return []
        return list(
            session.connection().scalars(
                select(activity_ppks.c.ppks_category_id).where(
                    activity_ppks.c.activity_id == state.object.id
                )
            )
        )
    history = state.attrs.ppks_categories.history
    kept = list(history.unchanged or ())
    changed = history.deleted if old else history.added
    return [c.id for c in kept + list(changed or ())]


def _add(deltas, values: dict, ppks: list[int], sign: int) -> None:
    for key in _keys(values, ppks):
        row = deltas[key]
        row[0] += sign
        row[1] += sign * values["duration_minutes"]
        row[2] += sign * values["people_served"]


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    deltas: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    for obj in session.new:
        if isinstance(obj, Activity):
            state = inspect(obj)
            _add(deltas, _values(state, old=False), _ppks(session, state, old=False), 1)
    for obj in session.deleted:
        if isinstance(obj, Activity):
            state = inspect(obj)
            _add(deltas, _values(state, old=True), _ppks(session, state, old=True), -1)
    for obj in session.dirty:
        if isinstance(obj, Activity) and session.is_modified(obj):
            state = inspect(obj)
            _add(deltas, _values(state, old=True), _ppks(session, state, old=True), -1)
            _add(deltas, _values(state, old=False), _ppks(session, state, old=False), 1)
    changes = {key: row for key, row in deltas.items() if any(row)}
    if changes:
        apply(session.connection(), changes)


def apply(connection, changes: dict[tuple, list[int]]) -> None:
    """Add each (month, organisation, dimension, key) delta; drop rows that reach zero."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    table = ActivitySummary.__table__
    stmt = dialect.insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=["month", "organisation_id", "dimension", "key_id"],
        set_={
            "activities": table.c.activities + stmt.excluded.activities,
            "minutes": table.c.minutes + stmt.excluded.minutes,
            "people": table.c.people + stmt.excluded.people,
        },
    )
    connection.execute(
        stmt,
        [
            {
                "month": month,
                "organisation_id": org,
                "dimension": dimension,
                "key_id": key,
                "activities": row[0],
                "minutes": row[1],
                "people": row[2],
            }
            for (month, org, dimension, key), row in sorted(changes.items())
        ],
    )
    if all(row[0] > 0 for row in changes.values()):
        return  # only additions: no row can have reached zero
    months = sorted({key[0] for key in changes})
    orgs = sorted({key[1] for key in changes})
    connection.execute(
        delete(table).where(
            table.c.activities == 0, table.c.month.in_(months), table.c.organisation_id.in_(orgs)
        )
    )


def month_of(column):
    """The first day of the date's month, in SQL, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "postgresql":
        return func.cast(func.date_trunc("month", column), db.Date)
    return func.date(column, "start of month")


def recomputed():
    """SELECT month, organisation_id, dimension, key_id, activities, minutes, people: the
    summary computed from the activities themselves."""
    month = month_of(Activity.done_on).label("month")

    def grouped(dimension: str, key, *joins):
        stmt = select(
            month,
            Activity.organisation_id,
            literal(dimension).label("dimension"),
            key.label("key_id"),
            func.count().label("activities"),
            func.sum(Activity.duration_minutes).label("minutes"),
            func.sum(Activity.people_served).label("people"),
        ).select_from(Activity)
        for table, on in joins:
            stmt = stmt.join(table, on)
        return stmt.group_by(month, Activity.organisation_id, key)

    return union_all(
        grouped(MEMBER, Activity.user_id),
        grouped(DESA, Activity.desa_id),
        grouped(TYPE, Activity.activity_type_id),
        grouped(
            PPKS,
            activity_ppks.c.ppks_category_id,
            (activity_ppks, activity_ppks.c.activity_id == Activity.id),
        ),
    )


def rebuild() -> int:
    """Recompute every summary row from the activities (one INSERT ... SELECT)."""
    db.session.flush()
    table = ActivitySummary.__table__
    db.session.execute(delete(table))
    columns = ["month", "organisation_id", "dimension", "key_id", "activities", "minutes"]
    db.session.execute(insert(table).from_select([*columns, "people"], recomputed()))
    return db.session.scalar(select(func.count()).select_from(table))


def as_dict(rows) -> dict[tuple, tuple[int, int, int]]:
    """{(month, organisation, dimension, key): (activities, minutes, people)}."""
    out = {}
    for row in rows:
        month = row[0] if isinstance(row[0], date) else date.fromisoformat(str(row[0])[:10])
        out[(month, row[1], row[2], row[3])] = (int(row[4]), int(row[5]), int(row[6]))
    return out
