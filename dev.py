#!/usr/bin/env python3
"""Set up and run Simpul with nothing but Python 3.11+ and git.

    python3 dev.py serve   # venv, install, translations, migrate, demo data, serve on :5000
    python3 dev.py serve --lan  # the same on this machine's LAN address, for a phone (http)
    python3 dev.py test    # venv, install with test tools, translations, the whole test suite
    python3 dev.py messages  # after changing UI text: extract it and update the catalogues

Extra arguments after `test` go to pytest (e.g. `python3 dev.py test -k login`).
"""

import hashlib
import os
import secrets
import socket
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


def flask(*args: str, **kwargs) -> None:
    run(BIN / "flask", "--app", "wsgi", *args, **kwargs)


def serve(lan: bool = False) -> None:
    ensure_venv("")
    ensure_instance_config()
    compile_translations()
    flask("db", "upgrade")
    flask("seed", "--demo")
    if not lan:
        print("\nSimpul berjalan di http://127.0.0.1:5000  (Ctrl+C untuk berhenti)\n", flush=True)
        flask("run", "--host", "127.0.0.1", "--port", "5000")
        return
    url = f"http://{lan_address()}:5000"
    print(f"\nSimpul berjalan di {url}  (Ctrl+C untuk berhenti)", flush=True)
    print("Buka dari ponsel di Wi-Fi yang sama, atau pindai kode ini:\n", flush=True)
    run(PYTHON, "-c", "import segno, sys; segno.make(sys.argv[1]).terminal(compact=True)", url)
    print("Server pengembangan lewat http biasa: jangan dipakai untuk data sungguhan.\n")
    flask("run", "--host", "0.0.0.0", "--port", "5000", env={**os.environ, **LAN_ENVIRONMENT})  # noqa: S104


# The development mode over plain http (portal/config.py DEVELOPMENT_HTTP): the session
# cookie is neither __Host- nor Secure, and every page says it is a development server.
LAN_ENVIRONMENT = {"SIMPUL_ENVIRONMENT": "development", "SIMPUL_DEVELOPMENT_HTTP": "true"}


def lan_address() -> str:
    """This machine's address on the LAN: the one a packet to the outside would leave from
    (a UDP "connection" sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like the internet, never used
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


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
        if command == "serve" and rest in ([], ["--lan"]):
            serve(lan=bool(rest))
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
