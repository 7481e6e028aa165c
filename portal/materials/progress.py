"""Each reader's progress: opened (the page or the file), completed ("Selesai dipelajari")."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from .. import database
from ..extensions import db
from ..models import Material, MaterialProgress, utcnow
from ..personal_data import Field

DATA_LABEL = _l("Kemajuan materi")
DATA_FIELDS = {
    "material": Field(_l("Materi")),
    "slug": Field(_l("Alamat")),
    "opened_at": Field(_l("Dibuka")),
    "completed_at": Field(_l("Selesai dipelajari")),
}


def progress_of(user, material: Material) -> MaterialProgress | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(
        select(MaterialProgress).where(
            MaterialProgress.user_id == user.id, MaterialProgress.material_id == material.id
        )
    )


def _upsert(values: dict, on_conflict: dict | None):
    """INSERT ... ON CONFLICT on both databases: two taps at once make one row."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(MaterialProgress).values(**values)
    keys = ["user_id", "material_id"]
    if on_conflict is None:
        return stmt.on_conflict_do_nothing(index_elements=keys)
    return stmt.on_conflict_do_update(index_elements=keys, set_=on_conflict)


def record_open(user, material: Material) -> bool:
    """Count an opening; only the first one is kept. Returns True when this was it."""
    if not user.is_authenticated:
        return False
    stmt = _upsert({"user_id": user.id, "material_id": material.id, "opened_at": utcnow()}, None)
    return db.session.execute(stmt.returning(MaterialProgress.id)).first() is not None


def note_opening(user, material: Material) -> MaterialProgress | None:
    """Someone opened the page or the file: their progress so far. The first opening is
    counted after the answer's own transaction, as a write that may be skipped
    (database.write_if_free): the page is a GET, and a busy database must not fail it."""
    progress = progress_of(user, material)
    if progress is None and material.is_published and user.is_authenticated:
        values = {"user_id": user.id, "material_id": material.id, "opened_at": utcnow()}
        database.write_if_free(_upsert(values, None))
    return progress


def set_completed(user, material: Material, done: bool) -> MaterialProgress:
    """Mark completed (opened too, if it somehow was not), or undo it."""
    now = utcnow()
    if done:
        stmt = _upsert(
            {"user_id": user.id, "material_id": material.id, "opened_at": now, "completed_at": now},
            {"opened_at": func.coalesce(MaterialProgress.opened_at, now), "completed_at": now},
        )
    else:
        stmt = (
            update(MaterialProgress)
            .where(MaterialProgress.user_id == user.id, MaterialProgress.material_id == material.id)
            .values(completed_at=None)
        )
    db.session.execute(stmt)
    return progress_of(user, material)


def progress_data(user) -> list[dict]:
    """A person's reading record, for their data export."""
    rows = db.session.execute(
        select(
            Material.title, Material.slug, MaterialProgress.opened_at, MaterialProgress.completed_at
        )
        .join(MaterialProgress.material)
        .where(MaterialProgress.user_id == user.id)
        .order_by(MaterialProgress.opened_at)
    )
    return [
        {
            "material": title,
            "slug": slug,
            "opened_at": opened.isoformat() if opened else None,
            "completed_at": completed.isoformat() if completed else None,
        }
        for title, slug, opened, completed in rows
    ]


def erase_progress(user) -> None:
    """Deletion request completed: the reading record goes (material authored stays)."""
    db.session.execute(
        MaterialProgress.__table__.delete().where(MaterialProgress.user_id == user.id)
    )
