"""The built wheel runs on its own: installed into a fresh virtual environment and
started from another directory, it migrates, renders pages in both languages and
serves its static files, with nothing taken from the checkout."""

import os
import socket
import subprocess
import sys
import sysconfig
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run inside the fresh environment, from its instance's parent directory.
CHECK = textwrap.dedent(
    """
    import portal
    from portal import create_app

    assert portal.__file__.startswith(VENV), portal.__file__
    app = create_app()
    client = app.test_client()
    page = client.get("/masuk", base_url="https://localhost")
    assert page.status_code == 200, page.status_code
    assert "Kata sandi" in page.get_data(as_text=True)
    with client.session_transaction(base_url="https://localhost") as session:
        session["lang"] = "en"
    page = client.get("/masuk", base_url="https://localhost")
    assert "Password" in page.get_data(as_text=True), "English catalogue missing"
    css = client.get("/static/css/app.css", base_url="https://localhost")
    assert css.status_code == 200 and b"{" in css.get_data()
    print("ok")
    """
)


def _run(*args, cwd, env=None, timeout=120):
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen) -> bytes:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local
                return response.read()
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer {url}")


def test_the_wheel_runs_from_any_directory(tmp_path):
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT, cwd=tmp_path)
    (wheel,) = wheels.glob("simpul-*.whl")

    # A fresh environment with only the wheel; its dependencies come from the project's
    # environment through a .pth file (which does not run that environment's own .pth
    # files, so the checkout's editable install stays out of sight).
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "--no-deps",
        wheel,
        cwd=tmp_path,
    )
    site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path
        ).strip()
    )
    (site / "project-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")

    here = tmp_path / "elsewhere"
    here.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SIMPUL_INSTANCE_PATH": str(here / "instance"),
        "SIMPUL_SECRET_KEY": "package-test-secret-key-0123456789abcdef",
    }
    _run(python, "-m", "flask", "--app", "portal", "db", "upgrade", cwd=here, env=env)
    assert (here / "instance" / "simpul.sqlite3").exists()
    assert _run(python, "-c", f"VENV = {str(venv)!r}\n" + CHECK, cwd=here, env=env).strip() == "ok"

    port = _free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "portal:create_app()",
        ],
        cwd=here,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/masuk", server)
        assert b"Kata sandi" in page
        assert _wait_for(f"http://127.0.0.1:{port}/static/js/app.js", server)
    finally:
        server.terminate()
        server.wait(timeout=10)
