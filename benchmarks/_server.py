"""A throwaway portal on a free localhost port, for benchmarks that need a real server."""

import contextlib
import tempfile
from pathlib import Path

from portal import create_app
from portal.extensions import db
from tests.e2e.helpers import serving


@contextlib.contextmanager
def running_portal(database_url: str | None = None, **config):
    folder = Path(tempfile.mkdtemp(prefix="simpul-bench-"))
    app = create_app(
        {
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{folder / 'bench.sqlite3'}",
            "UPLOAD_FOLDER": str(folder / "uploads"),
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )
    with app.app_context():
        db.create_all()
        from portal.seeding import seed_reference

        seed_reference()
        db.session.commit()
    with serving(app) as base_url:
        yield app, base_url
