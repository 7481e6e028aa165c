"""Benchmark: `flask backup` and `flask restore` of the demo data plus 1,000 photos.

    .venv/bin/python -m benchmarks.bench_backup
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m benchmarks.bench_backup

SQLite runs in a temporary folder. On PostgreSQL the server of DATABASE_URL gets two
throwaway databases (bench_backup_<random> and ..._restore), dropped at the end; the
database named in the URL is only used to create them. The photos are real JPEGs from
the upload pipeline (1600 px and a 320 px thumbnail each, two files per photo).
"""

import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from flask_migrate import upgrade
from PIL import Image, ImageDraw, ImageFilter
from sqlalchemy import select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.activities import photo_store, photos
from portal.extensions import db
from portal.models import Activity, User

PHOTOS = 1_000
DISTINCT = 20  # photos made by Pillow; the 1,000 stored files cycle through them


def _server_url() -> str | None:
    url = os.environ.get("DATABASE_URL")
    return url and url.replace("postgresql://", "postgresql+psycopg://", 1)


def _database(server: str | None, folder: Path, name: str, create: bool = True) -> str:
    if server is None:
        return f"sqlite:///{folder / name}.sqlite3"
    url = make_url(server)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def _app(uri: str, folder: Path):
    app = create_app(
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": uri,
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        upgrade()
    return app


def _photo(seed: int) -> photos.ProcessedPhoto:
    """A phone-sized picture with shapes and grain, through the portal's own pipeline."""
    image = Image.effect_noise((4000, 3000), 40 + seed).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x, y = (seed * 977 + i * 331) % 3600, (seed * 613 + i * 197) % 2600
        draw.ellipse((x, y, x + 400, y + 400), fill=(40 * i % 255, 90 + seed, 160))
    image = image.filter(ImageFilter.GaussianBlur(1))
    buffer = Path(tempfile.mkstemp(suffix=".jpg")[1])
    image.save(buffer, "JPEG", quality=90)
    try:
        return photos.process(buffer.read_bytes(), f"foto-{seed}.jpg")
    finally:
        buffer.unlink()


def _add_photos(app) -> int:
    made = [_photo(seed) for seed in range(DISTINCT)]
    with app.app_context():
        activities = db.session.scalars(select(Activity)).all()
        for n in range(PHOTOS):
            activity = activities[n % len(activities)]
            user = db.session.get(User, activity.user_id)
            photo_store.store(user, activity, [made[n % DISTINCT]])
        db.session.commit()
    return sum(len(p.full) + len(p.thumb) for p in made) * PHOTOS // DISTINCT


def _timed(app, *args: str) -> float:
    start = time.perf_counter()
    result = app.test_cli_runner().invoke(args=list(args))
    elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    print("   ", result.output.strip().splitlines()[0])
    return elapsed


def main() -> None:
    server = _server_url()
    name = f"bench_backup_{secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "source").mkdir()
        (tmp / "target").mkdir()
        apps = []
        try:
            source = _app(_database(server, tmp / "source", name), tmp / "source")
            apps.append(source)
            result = source.test_cli_runner().invoke(args=["seed", "--demo"])
            assert result.exit_code == 0, result.output
            size = _add_photos(source)
            print(
                f"{'PostgreSQL' if server else 'SQLite'}: demo data + {PHOTOS} photos "
                f"({2 * PHOTOS} files, {size / 1e6:.0f} MB)"
            )
            backup = _timed(source, "backup", "--output", str(tmp / "backups"))
            (archive,) = (tmp / "backups").glob("simpul-*.tar.gz")
            target = _app(_database(server, tmp / "target", f"{name}_restore"), tmp / "target")
            apps.append(target)
            restore = _timed(target, "restore", str(archive))
            print(f"backup  {backup:.2f} s  (archive {archive.stat().st_size / 1e6:.0f} MB)")
            print(f"restore {restore:.2f} s")
        finally:
            for app in apps:
                with app.app_context():
                    db.session.remove()
                    db.engine.dispose()
            if server:
                _database(server, tmp, name, create=False)
                _database(server, tmp, f"{name}_restore", create=False)


if __name__ == "__main__":
    main()
