"""Summary tables: monthly totals kept current in the same transaction as the change.

The one mechanism for figures over many rows (overviews, the report list, the area pages
"from desa to kabupaten"): `upkeep.py` listens to the ORM flush and moves each created,
changed or deleted activity's numbers between rows of ActivitySummary before the commit;
`queries.py` reads them; `flask summaries rebuild` recomputes them from the activities
(after a bulk import that bypassed the ORM, or to check them).
"""

import click
from flask import Flask
from flask.cli import AppGroup

from .. import database
from . import upkeep


def init_app(app: Flask) -> None:
    group = AppGroup("summaries", help="Tabel ringkasan (jumlah bulanan).")

    @group.command("rebuild")
    @database.committing
    def rebuild_command():
        """Hitung ulang semua ringkasan dari data kegiatan."""
        rows = upkeep.rebuild()
        click.echo(f"{rows} baris ringkasan dihitung ulang.")

    app.cli.add_command(group)
