"""flask restore: check everything in the archive, then bring it back into an empty instance."""

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

from alembic.script import ScriptDirectory
from flask import current_app

from ..extensions import db
from . import (
    CHUNK,
    FORMAT,
    MANIFEST,
    PG_FILE,
    SQLITE_FILE,
    UPLOADS,
    Refused,
    _contents,
    _pg_tool,
    _sqlite_copy,
)


def restore(archive: str) -> dict:
    """Bring an archive back into this (empty) instance; returns its manifest."""
    _refuse_unless_empty()
    uploads_root = Path(current_app.config["UPLOAD_FOLDER"])
    staging_parent = uploads_root.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".simpul-restore-", dir=staging_parent) as work:
        work = Path(work)
        manifest = _unpack_verified(Path(archive), work)
        _refuse_unknown_revision(manifest.get("schema_revision"))
        engine = db.engine.dialect.name
        if manifest.get("database") != engine:
            raise Refused(
                f"Cadangan ini dari database {manifest.get('database')}, sedangkan instance "
                f"ini memakai {engine}. Pulihkan ke instance dengan jenis database yang sama."
            )
        db.session.remove()
        if engine == "sqlite":
            _restore_sqlite(work / SQLITE_FILE)
        else:
            _pg_tool(
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(work / PG_FILE),
            )
        _move_uploads(work / UPLOADS, uploads_root)
    return manifest


# Reference rows a migration itself writes (0007 seeds the incident kinds): an instance
# fresh from `flask db upgrade` holds them, and the restore replaces them with the archive's.
SEEDED_BY_MIGRATIONS = frozenset({"incident_kind"})


def _refuse_unless_empty() -> None:
    with db.engine.connect() as conn:
        _revision, counts = _contents(conn)
    filled = sorted(t for t, n in counts.items() if n and t not in SEEDED_BY_MIGRATIONS)
    if filled:
        raise Refused(
            "Instance tujuan tidak kosong: database sudah berisi data (tabel "
            + ", ".join(filled[:5])
            + (", ..." if len(filled) > 5 else "")
            + "). Pemulihan hanya ke instance baru yang kosong (database baru, cukup "
            "`flask db upgrade` tanpa `flask seed`, dan folder uploads kosong)."
        )
    root = Path(current_app.config["UPLOAD_FOLDER"])
    if root.is_dir() and any(names for _f, _d, names in os.walk(root)):
        raise Refused(
            f"Instance tujuan tidak kosong: folder unggahan {root} sudah berisi berkas. "
            "Pemulihan hanya ke instance baru yang kosong."
        )


def _unpack_verified(path: Path, work: Path) -> dict:
    """Extract every member into work, hashing as it goes, then hold them to the manifest."""
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            for member in archive:
                name = _safe_name(member)
                source = archive.extractfile(member)
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                destination = work / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                digest, size = hashlib.sha256(), 0
                with destination.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                seen[name] = {"size": size, "sha256": digest.hexdigest()}
    except FileNotFoundError as exc:
        raise Refused(f"Arsip {path} tidak ditemukan.") from exc
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise Refused(
            f"Arsip {path} rusak atau terpotong ({exc}). Tidak ada yang diubah; "
            "gunakan salinan cadangan yang lain."
        ) from exc
    try:
        manifest = json.loads(manifest_bytes) if manifest_bytes is not None else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise Refused(f"Arsip {path} bukan cadangan Simpul (manifest.json tidak ada atau rusak).")
    expected = manifest.get("files", {})
    wrong = sorted(n for n in expected.keys() | seen.keys() if expected.get(n) != seen.get(n))
    if wrong:
        raise Refused(
            f"Arsip {path} rusak: {len(wrong)} berkas tidak cocok dengan checksum di manifest "
            f"(misalnya {wrong[0]}). Tidak ada yang diubah; gunakan salinan cadangan yang lain."
        )
    return manifest


def _safe_name(member: tarfile.TarInfo) -> str:
    name = PurePosixPath(member.name)
    ok = member.isfile() and not name.is_absolute() and ".." not in name.parts
    ok = ok and (str(name) in {MANIFEST, SQLITE_FILE, PG_FILE} or name.parts[0] == UPLOADS)
    if not ok:
        raise tarfile.TarError(f"isi yang tidak diharapkan: {member.name}")
    return str(name)


def code_revisions() -> tuple[set[str], str | None]:
    """The schema revisions this code knows, and the newest of them."""
    script = ScriptDirectory(current_app.extensions["migrate"].directory)
    return {rev.revision for rev in script.walk_revisions()}, script.get_current_head()


def _refuse_unknown_revision(revision: str | None) -> None:
    known, head = code_revisions()
    if revision is not None and revision not in known:
        raise Refused(
            f"Cadangan ini dibuat dengan skema database yang lebih baru ({revision}) "
            f"daripada kode ini (paling baru {head}). Pasang versi Simpul yang membuat "
            "cadangan ini, lalu pulihkan lagi."
        )


def _restore_sqlite(copy: Path) -> None:
    """Write the copy into the configured database file through SQLite's backup API,
    which keeps the WAL consistent (a plain file copy would not)."""
    db.engine.dispose()
    _sqlite_copy(copy, db.engine.url.database)


def _move_uploads(staged: Path, root: Path) -> None:
    if not staged.is_dir():
        return
    root.mkdir(parents=True, exist_ok=True)
    for folder, _dirs, names in os.walk(staged):
        for name in names:
            source = Path(folder) / name
            destination = root / source.relative_to(staged)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, destination)  # a rename: staging sits beside the folder
