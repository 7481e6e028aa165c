#!/usr/bin/env python3
"""Set up and run Simpul with nothing but Python 3.11+ and git.

    python3 dev.py serve   # venv, install, translations, migrate, demo data, serve on :5000
    python3 dev.py test    # venv, install with test tools, translations, the whole test suite
    python3 dev.py messages  # after changing UI text: extract it and update the catalogues

Extra arguments after `test` go to pytest (e.g. `python3 dev.py test -k login`).
"""

import hashlib
import os
import secrets
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
INSTANCE = ROOT / "instance"


def run(*args: str, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)


def ensure_venv(extras: str) -> None:
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(PYTHON, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def ensure_instance_config() -> None:
    INSTANCE.mkdir(exist_ok=True)
    config = INSTANCE / "config.py"
    if not config.exists():
        config.write_text(
            "# Written by dev.py for this machine; not committed.\n"
            f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n"
        )


def compile_translations() -> None:
    run(BIN / "pybabel", "compile", "--use-fuzzy", "-d", "portal/translations", "--statistics")


def flask(*args: str) -> None:
    run(BIN / "flask", "--app", "wsgi", *args)


def serve() -> None:
    ensure_venv("")
    ensure_instance_config()
    compile_translations()
    flask("db", "upgrade")
    flask("seed", "--demo")
    print("\nSimpul berjalan di http://127.0.0.1:5000  (Ctrl+C untuk berhenti)\n", flush=True)
    flask("run", "--host", "127.0.0.1", "--port", "5000")


def test(pytest_args: list[str]) -> None:
    ensure_venv("test")
    compile_translations()
    run(PYTHON, "-m", "pytest", *pytest_args)


def messages() -> None:
    ensure_venv("")
    pot = "portal/translations/messages.pot"
    run(
        BIN / "pybabel",
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "_l",
        "-k",
        "lazy_gettext",
        "--no-location",
        "--sort-output",
        "--ignore-dirs=.*",  # the default also skips "_" folders, and so templates/_macros
        "-o",
        pot,
        ".",
    )
    run(BIN / "pybabel", "update", "-i", pot, "-d", "portal/translations", "--no-fuzzy-matching")


def main() -> None:
    command, *rest = sys.argv[1:] or ["serve"]
    try:
        if command == "serve":
            serve()
        elif command == "test":
            test(rest)
        elif command == "messages":
            messages()
        else:
            sys.exit(__doc__)
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
