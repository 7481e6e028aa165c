"""A throwaway portal on a free localhost port, for benchmarks that need a real server."""

import contextlib
import socket
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db


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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
