"""One archive with everything an instance holds: the database and the uploaded files.

    simpul-20261202-150500.tar.gz
        database.sqlite3 | database.pgdump   a consistent copy (SQLite's online backup
                                             API, or pg_dump's custom format)
        uploads/...                          every stored file
        manifest.json                        format, schema revision, created_at, row
                                             counts, and the size and sha256 of every file

The database is copied first, then the uploads: stored files are never changed, only
added under new names (an orphan in the archive is harmless) or deleted after the
commit that stopped referring to them.

restore() checks everything before it changes anything: the target must be empty, every
file must match its checksum, and the schema must be one this code knows. Messages are
for the operator, in Bahasa Indonesia.
"""

import os
import re
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from ..extensions import db

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
UPLOADS = "uploads"
ARCHIVE_NAME = re.compile(r"^simpul-\d{8}-\d{6}(-\d+)?\.tar\.gz$")
CHUNK = 1024 * 1024


class Refused(Exception):
    """The backup or restore cannot go ahead; nothing was changed."""


@dataclass
class Result:
    path: Path
    manifest: dict


# -- backup ----------------------------------------------------------------------------


def _pg_tool(program: str, *args: str) -> None:
    """Run pg_dump or pg_restore on the app's database; the password goes in the
    environment, not on the command line."""
    url = make_url(db.engine.url)
    env = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    command = [program, "--no-password", f"--dbname={url.database}"]
    if url.host:
        command.append(f"--host={url.host}")
    if url.port:
        command.append(f"--port={url.port}")
    if url.username:
        command.append(f"--username={url.username}")
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from the config
            [*command, *args], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise Refused(
            f"Program {program} tidak ditemukan. Pasang paket postgresql-client "
            "dengan versi yang sama dengan server PostgreSQL."
        ) from exc
    if result.returncode != 0:
        raise Refused(f"{program} gagal: {result.stderr.strip()}")


def _sqlite_copy(source_path, destination_path) -> None:
    """SQLite's online backup API: a page-by-page copy that is consistent while others
    write to the source, and replaces the destination's whole content."""
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(destination_path)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _contents(conn) -> tuple[str | None, dict[str, int]]:
    tables = sorted(inspect(conn).get_table_names())
    counts = {t: conn.scalar(select(func.count()).select_from(text(f'"{t}"'))) for t in tables}
    revision = None
    if "alembic_version" in counts:
        revision = conn.scalar(text("SELECT version_num FROM alembic_version"))
        del counts["alembic_version"]
    return revision, counts


from .create import create, prune  # noqa: E402
from .restore import code_revisions, restore  # noqa: E402

__all__ = ["Refused", "Result", "code_revisions", "create", "prune", "restore"]
