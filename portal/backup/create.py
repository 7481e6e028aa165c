"""flask backup: the archive of the database copy, the uploads and the manifest."""

import contextlib
import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import create_engine, text

from ..extensions import db
from . import (
    ARCHIVE_NAME,
    FORMAT,
    MANIFEST,
    PG_FILE,
    SQLITE_FILE,
    UPLOADS,
    Result,
    _contents,
    _pg_tool,
    _sqlite_copy,
)


def create(output: str | None = None, keep: int | None = None) -> Result:
    """Write an archive to output (a file name ending in .tar.gz, or else a folder, made
    if missing; default instance/backups/); with keep, then delete all but the newest
    keep archives there."""
    target = _target(output)
    with tempfile.TemporaryDirectory(prefix="simpul-backup-") as work:
        work = Path(work)
        database, revision, counts = _copy_database(work)
        files: dict[str, dict] = {}
        uploads = _upload_files()
        partial = target.with_name(f".{target.name}.partial")
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # personal data
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(
                    fileobj=raw,
                    mode="w:gz",
                    compresslevel=1,  # photos do not compress anyway
                ) as archive,
            ):
                files[database.name] = _add_file(archive, database.name, database)
                for name, path in uploads:
                    with contextlib.suppress(FileNotFoundError):  # deleted meanwhile
                        files[name] = _add_file(archive, name, path)
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": db.engine.dialect.name,
                    "schema_revision": revision,
                    "counts": counts,
                    "files": files,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            os.replace(partial, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(partial)
    if keep:
        prune(target.parent, keep)
    return Result(target, manifest)


def _target(output: str | None) -> Path:
    if output and output.endswith(".tar.gz") and not os.path.isdir(output):
        path = Path(output).absolute()
        path.parent.mkdir(parents=True, exist_ok=True)
        return path
    folder = Path(output).absolute() if output else Path(current_app.instance_path) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path, n = folder / f"simpul-{stamp}.tar.gz", 1
    while path.exists():  # two backups within a second
        n += 1
        path = folder / f"simpul-{stamp}-{n}.tar.gz"
    return path


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest keep archives named simpul-*.tar.gz in folder."""
    archives = sorted(
        (p for p in folder.iterdir() if ARCHIVE_NAME.match(p.name) and p.is_file()),
        key=lambda p: (p.stat().st_mtime_ns, p.name),
    )
    doomed = archives[:-keep] if keep > 0 else archives
    for path in doomed:
        path.unlink()
    return doomed


def _copy_database(work: Path) -> tuple[Path, str | None, dict[str, int]]:
    if db.engine.dialect.name == "sqlite":
        copy = work / SQLITE_FILE
        _sqlite_copy(db.engine.url.database, copy)  # consistent while others write
        engine = create_engine(f"sqlite:///{copy}")
        try:
            with engine.connect() as conn:
                revision, counts = _contents(conn)
        finally:
            engine.dispose()
        return copy, revision, counts
    return _pg_dump(work / PG_FILE)


def _pg_dump(path: Path) -> tuple[Path, str | None, dict[str, int]]:
    """pg_dump in the snapshot the counts and revision are read in, so all three agree."""
    repeatable = db.engine.execution_options(isolation_level="REPEATABLE READ")
    with repeatable.connect() as conn, conn.begin():
        snapshot = conn.scalar(text("SELECT pg_export_snapshot()"))
        revision, counts = _contents(conn)
        _pg_tool("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
    return path, revision, counts


def _upload_files() -> list[tuple[str, Path]]:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            if name.startswith("."):  # a file storage.save() is still writing
                continue
            path = Path(folder) / name
            found.append((f"{UPLOADS}/{path.relative_to(root).as_posix()}", path))
    return found


class _Hashing(io.RawIOBase):
    """A file read through once: into the archive, and into its sha256."""

    def __init__(self, fh):
        self.fh, self.digest, self.size = fh, hashlib.sha256(), 0

    def read(self, n=-1):
        chunk = self.fh.read(n)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_file(archive: tarfile.TarFile, name: str, path: Path) -> dict:
    """Add one file, reading it once, so its checksum is of exactly the bytes archived."""
    with path.open("rb") as fh:
        info = archive.gettarinfo(arcname=name, fileobj=fh)
        reader = _Hashing(fh)
        archive.addfile(info, reader)
    return {"size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# -- restore ---------------------------------------------------------------------------
