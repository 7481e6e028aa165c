"""flask backup and flask restore: one archive round-trips every row and every file;
a damaged archive, a newer schema or a target with data is refused and nothing changes.

On PostgreSQL (TEST_DATABASE_URL) the restore goes into a scratch database named after
the test database with `_restore` appended, created and dropped here."""

import io
import json
import os
import tarfile
import time
from pathlib import Path

import psycopg
import pytest
from flask_migrate import stamp, upgrade
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db

from ..helpers import TEST_DATABASE_URL

PHOTOS = {
    "activities/foto-a.jpg": os.urandom(50_000),
    "activities/foto-a-kecil.jpg": os.urandom(4_000),
    "materials/sop.pdf": b"%PDF-1.4 " + os.urandom(10_000),
}


@pytest.fixture
def source(app, runner):
    """An instance at the newest schema with the demo data and some uploaded files."""
    with app.app_context():
        stamp()  # the app fixture builds the schema with create_all
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    root = Path(app.config["UPLOAD_FOLDER"])
    for name, data in PHOTOS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return app


def _scratch_database(name: str):
    url = make_url(TEST_DATABASE_URL)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def target(tmp_path):
    """A new, empty instance, migrated as a fresh deployment is (no seed)."""
    if TEST_DATABASE_URL:
        scratch = make_url(TEST_DATABASE_URL).database + "_restore"
        uri = _scratch_database(scratch)
    else:
        uri = f"sqlite:///{tmp_path / 'target' / 'simpul.sqlite3'}"
    (tmp_path / "target").mkdir()
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": uri,
            "UPLOAD_FOLDER": str(tmp_path / "target" / "uploads"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if TEST_DATABASE_URL:
        admin = make_url(TEST_DATABASE_URL).set(drivername="postgresql")
        with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _rows(app) -> dict[str, list]:
    """Every table's rows in primary-key order, alembic_version included."""
    with app.app_context(), db.engine.connect() as conn:
        tables = MetaData()
        tables.reflect(bind=conn)
        return {
            name: conn.execute(
                select(table).order_by(*(table.primary_key.columns or table.columns))
            ).all()
            for name, table in tables.tables.items()
        }


def _files(app) -> dict[str, bytes]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _staging_left(app) -> list[Path]:
    """restore() unpacks beside the upload folder; nothing of it may stay."""
    return list(Path(app.config["UPLOAD_FOLDER"]).parent.glob(".simpul-restore-*"))


def _backup(app, folder: Path) -> Path:
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(folder)])
    assert result.exit_code == 0, result.output
    (archive,) = folder.glob("simpul-*.tar.gz")
    return archive


def _restore(app, archive: Path):
    return app.test_cli_runner().invoke(args=["restore", str(archive)])


def test_restore_brings_back_every_row_and_every_file(source, target, tmp_path):
    archive = _backup(source, tmp_path / "backups")
    assert archive.stat().st_mode & 0o777 == 0o600  # it holds personal data
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    engine_file = "database.sqlite3" if not TEST_DATABASE_URL else "database.pgdump"
    assert names == {"manifest.json", engine_file} | {f"uploads/{n}" for n in PHOTOS}
    assert set(manifest["files"]) == names - {"manifest.json"}
    rows = _rows(source)
    assert set(rows) == set(db.metadata.tables) | {"alembic_version"}
    assert manifest["schema_revision"] == rows["alembic_version"][0][0]
    assert manifest["counts"] == {t: len(r) for t, r in rows.items() if t != "alembic_version"}
    assert manifest["counts"]["user"] > 10 and manifest["counts"]["activity"] == 2

    result = _restore(target, archive)
    assert result.exit_code == 0, result.output
    assert "Dipulihkan" in result.output
    assert _rows(target) == rows
    assert _files(target) == _files(source)
    assert set(_files(target)) == set(PHOTOS)
    assert _staging_left(target) == []
    # The restored instance works: the demo admin logs in.
    target.test_client_class = source.test_client_class
    assert target.test_client().login("0812-0000-0001", "relawan-simpul-demo").status_code == 303


def _repack(archive: Path, out: Path, change) -> Path:
    """Copy an archive, letting change(name, data) rewrite its members (None: leave out)."""
    with tarfile.open(archive) as tar:
        members = [(m.name, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(out, "w:gz") as tar:
        for name, original in members:
            data = change(name, original)
            if data is None:  # left out
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def _unchanged(target, rows, files):
    assert _rows(target) == rows
    assert _files(target) == files
    assert _staging_left(target) == []


def _future_manifest(name, data):
    if name != "manifest.json":
        return data
    return json.dumps({**json.loads(data), "schema_revision": "9999_from_the_future"}).encode()


def _altered_photo(name, data):
    return data[:-1] + b"X" if name == "uploads/activities/foto-a.jpg" else data


def _missing_photo(name, data):
    return data if name != "uploads/materials/sop.pdf" else None


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "rusak atau terpotong"),
        ("altered", "tidak cocok dengan checksum"),
        ("future", "skema database yang lebih baru"),
        ("not an archive", "rusak atau terpotong"),
        ("no manifest", "bukan cadangan Simpul"),
    ],
)
def test_a_damaged_or_newer_archive_is_refused_and_nothing_changes(
    source, target, tmp_path, damage, message
):
    archive = _backup(source, tmp_path / "backups")
    bad = tmp_path / "bad.tar.gz"
    if damage == "truncated":
        data = archive.read_bytes()
        bad.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "altered":
        _repack(archive, bad, _altered_photo)
    elif damage == "future":
        _repack(archive, bad, _future_manifest)
    elif damage == "not an archive":
        bad.write_text("ini bukan arsip")
    else:
        _repack(archive, bad, lambda name, data: b"[]" if name == "manifest.json" else data)
    rows, files = _rows(target), _files(target)

    result = _restore(target, bad)
    assert result.exit_code == 1
    assert message in result.output
    assert "Ditolak" in result.output
    _unchanged(target, rows, files)


def test_an_archive_missing_a_file_is_refused(source, target, tmp_path):
    archive = _backup(source, tmp_path / "backups")
    bad = _repack(archive, tmp_path / "bad.tar.gz", _missing_photo)
    rows, files = _rows(target), _files(target)
    result = _restore(target, bad)
    assert result.exit_code == 1 and "tidak cocok dengan checksum" in result.output
    _unchanged(target, rows, files)


def test_restore_over_data_or_uploads_is_refused(source, target, tmp_path):
    archive = _backup(source, tmp_path / "backups")
    # The source itself has data: restoring over it is refused.
    rows, files = _rows(source), _files(source)
    result = _restore(source, archive)
    assert result.exit_code == 1 and "tidak kosong" in result.output
    _unchanged(source, rows, files)
    # An empty database but a file in the uploads folder: refused too.
    stray = Path(target.config["UPLOAD_FOLDER"]) / "activities" / "lama.jpg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"lama")
    rows, files = _rows(target), _files(target)
    result = _restore(target, archive)
    assert result.exit_code == 1 and "folder unggahan" in result.output
    _unchanged(target, rows, files)


def test_keep_prunes_the_oldest_archives_only(app, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"simpul-2026110{d}-020000.tar.gz" for d in (1, 2, 3)]
    for age, path in enumerate(reversed(old), start=1):
        path.write_bytes(b"old")
        os.utime(path, (time.time() - age * 86400,) * 2)
    other = folder / "catatan.txt"
    other.write_text("bukan arsip")
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(folder), "--keep", "2"])
    assert result.exit_code == 0, result.output
    left = sorted(p.name for p in folder.iterdir())
    assert len(left) == 3 and "catatan.txt" in left and old[2].name in left
    assert not old[0].exists() and not old[1].exists()
    assert app.test_cli_runner().invoke(args=["backup", "--keep", "0"]).exit_code != 0


def test_backup_to_a_named_file(app, tmp_path):
    target = tmp_path / "malam" / "cadangan.tar.gz"
    result = app.test_cli_runner().invoke(args=["backup", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with tarfile.open(target) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["counts"]["area"] == 47
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".partial")]
