"""The real stack for tests/e2e/test_real_stack.py: deploy/nginx/simpul.conf in Debian's
nginx with a self-signed certificate for simpul.test, in front of gunicorn started with
deploy/gunicorn.conf.py, on the test database (PostgreSQL when TEST_DATABASE_URL is set)
and Redis for the rate limits.

Without nginx the test skips, unless REQUIRE_NGINX=1 (as in CI), when it fails.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
HOST = "simpul.test"


def nginx_path() -> str:
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None
    )
    if found is None:
        if os.environ.get("REQUIRE_NGINX") == "1":
            pytest.fail("REQUIRE_NGINX=1 but nginx is not installed (apt-get install nginx)")
        pytest.skip("no nginx on this machine (apt-get install nginx); CI installs it")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", f"/CN={HOST}",
         "-addext", f"subjectAltName=DNS:{HOST}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_site(*, https: int, http: int, upstream: int, cert, key, static) -> str:
    """deploy/nginx/simpul.conf with this run's ports, certificate and folders."""
    site = (DEPLOY / "nginx" / "simpul.conf").read_text()
    for production, here in [
        ("/etc/letsencrypt/live/simpul.example.id/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/simpul.example.id/privkey.pem", str(key)),
        ("simpul.example.id", HOST),
        ("/opt/simpul/static/", f"{static}/"),
        ("127.0.0.1:8000", f"127.0.0.1:{upstream}"),
        ("listen 443 ", f"listen 127.0.0.1:{https} "),
        ("listen 80", f"listen 127.0.0.1:{http}"),
        ("/var/log/nginx/simpul-access.log", str(Path(cert).parent / "simpul-access.log")),
    ]:
        assert production in site, production
        site = site.replace(production, here)
    # IPv6 may be missing on a CI machine.
    return "\n".join(line for line in site.splitlines() if "listen [::]" not in line)


def nginx_main(folder: Path, site: Path) -> str:
    user = "user root;" if os.geteuid() == 0 else ""  # the worker must read the test's files
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "nginx-error.log"} warn;
events {{ worker_connections 256; }}
http {{
    types {{ text/html html; text/css css; application/javascript js; image/svg+xml svg; }}
    default_type application/octet-stream;
    access_log {folder / "nginx-access.log"};
    {temp}
    include {site};
}}
"""


def wait_for(url_ok, what: str, process: subprocess.Popen, log: Path, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} stopped:\n{log.read_text()[-3000:]}")
        if url_ok():
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not answer in {seconds} s:\n{log.read_text()[-3000:]}")


def port_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@dataclass
class Stack:
    base: str  # https://simpul.test:<port>, as the browser sees it
    https_port: int
    http_port: int
    gunicorn_port: int
    folder: Path

    def log(self, name: str) -> str:
        return (self.folder / name).read_text()


def start(folder: Path, database_uri: str, redis_uri: str, upload_folder: str, **settings):
    """Start gunicorn (from a folder outside the checkout) and nginx; yields a Stack,
    then stops both."""
    nginx = nginx_path()
    https, http, upstream = free_port(), free_port(), free_port()
    cert, key = self_signed_certificate(folder)
    static = folder / "static"
    subprocess.run(
        ["sh", str(DEPLOY / "precompress-static.sh"), str(static)],
        check=True, capture_output=True, env={**os.environ, "PYTHON": sys.executable},
    )  # fmt: skip
    site = folder / "site.conf"
    site.write_text(nginx_site(https=https, http=http, upstream=upstream, cert=cert, key=key,
                               static=static))  # fmt: skip
    main = folder / "nginx.conf"
    main.write_text(nginx_main(folder, site))
    env = {
        **os.environ,
        "SIMPUL_SQLALCHEMY_DATABASE_URI": database_uri,
        "SIMPUL_RATELIMIT_STORAGE_URI": redis_uri,
        "SIMPUL_TRUSTED_PROXIES": "1",
        "SIMPUL_INSTANCE_PATH": str(folder / "instance"),
        "SIMPUL_UPLOAD_FOLDER": upload_folder,
        "GUNICORN_BIND": f"127.0.0.1:{upstream}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_ACCESSLOG": str(folder / "gunicorn-access.log"),
        **{f"SIMPUL_{name}": value for name, value in settings.items()},
    }
    env.pop("DATABASE_URL", None)
    gunicorn_log = folder / "gunicorn.log"
    bin_dir = Path(sys.executable).parent
    processes = []
    try:
        with open(gunicorn_log, "wb") as out:
            processes.append(subprocess.Popen(
                [bin_dir / "gunicorn", "-c", DEPLOY / "gunicorn.conf.py"],
                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        wait_for(lambda: port_open(upstream), "gunicorn", processes[0], gunicorn_log)
        check = subprocess.run([nginx, "-t", "-c", main], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        nginx_log = folder / "nginx-error.log"
        processes.append(subprocess.Popen([nginx, "-c", main], stderr=subprocess.STDOUT,
                                          stdout=subprocess.DEVNULL))  # fmt: skip
        wait_for(lambda: port_open(https), "nginx", processes[1], nginx_log)
        yield Stack(f"https://{HOST}:{https}", https, http, upstream, folder)
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
