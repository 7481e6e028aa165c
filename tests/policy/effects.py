"""What an allowed POST leaves behind, for a row's effect=: (world, role) -> bool."""

from collections.abc import Callable

from sqlalchemy import select

from portal.extensions import db


def exists(model, where: Callable) -> Callable:
    """An effect: a row of model matching where ((world, role) -> conditions) is there."""

    def check(world, role) -> bool:
        return db.session.scalar(select(model.id).where(*where(world, role))) is not None

    return check
