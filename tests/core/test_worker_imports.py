"""A web worker loads only what pages need: the push sender (pywebpush, with aiohttp and
requests) and cryptography are imported by the code that sends or checks a subscription,
the spreadsheet writer by exports, icalendar by calendar files; not at start. Together
28 MB of each gunicorn worker's memory (issue 11's RSS target)."""

import subprocess
import sys
from pathlib import Path

HEAVY = ("pywebpush", "aiohttp", "requests", "cryptography", "py_vapid", "xlsxwriter", "icalendar")

PROGRAM = """
import sys
from portal import create_app
app = create_app({
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
    "RATELIMIT_ENABLED": False,
})
with app.test_request_context():
    app.jinja_env.get_template("base.html")
print(" ".join(sorted(name for name in %r if name in sys.modules)))
"""


def test_starting_the_app_imports_no_push_sender(tmp_path):
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM % (HEAVY,)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "SIMPUL_INSTANCE_PATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "", result.stdout
