"""flask activities ...: housekeeping for the activities feature (run from cron)."""

import click
from flask.cli import AppGroup

from .. import database
from . import photo_store

activities_cli = AppGroup("activities", help="Kegiatan relawan: perawatan data.")


@activities_cli.command("purge-held-photos")
@database.committing
def purge_held_photos() -> None:
    """Delete photos held over two days for forms that were never sent again."""
    removed = photo_store.forget_stale_held_photos()
    click.echo(f"Foto tertahan yang dihapus: {removed}")
