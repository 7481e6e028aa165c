"""The files in deploy/ that the real-stack test (tests/e2e/test_real_stack.py) does not
run itself: the systemd units and the environment file; and nginx's body limit against
the app's."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portal import config as portal_config
from portal import create_app

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
VENV_BIN = Path(sys.executable).parent


def env_example() -> dict[str, str]:
    lines = (DEPLOY / "simpul.env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name: value for name, value in pairs}


def test_the_environment_file_names_real_settings():
    for name in env_example():
        if name.startswith("SIMPUL_") and name != "SIMPUL_INSTANCE_PATH":
            assert hasattr(portal_config.Config, name.removeprefix("SIMPUL_")), name


def test_the_portal_starts_with_the_environment_file(tmp_path, monkeypatch):
    values = env_example()
    values["SIMPUL_SECRET_KEY"] = "k" * 48  # empty in the example (see the next test)
    values["SIMPUL_INSTANCE_PATH"] = str(tmp_path / "instance")
    values.pop("DATABASE_URL")  # PostgreSQL is not needed to read the settings
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert app.instance_path == str(tmp_path / "instance")
    assert app.config["UPLOAD_FOLDER"] == str(tmp_path / "instance" / "uploads")


def test_the_example_secret_key_must_be_filled_in(tmp_path, monkeypatch):
    assert env_example()["SIMPUL_SECRET_KEY"] == ""
    monkeypatch.setenv("SIMPUL_SECRET_KEY", "")
    with pytest.raises(portal_config.StartupError, match="SECRET_KEY tidak ada atau terlalu"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_nginx_limits_the_body_as_the_app_does():
    """nginx refuses what the app would (then shows the portal's 413 page, see
    tests/e2e/test_real_stack.py), and lets through everything the app accepts."""
    site = (DEPLOY / "nginx" / "simpul.conf").read_text()
    nginx_limit = int(re.search(r"client_max_body_size (\d+)m;", site).group(1)) * 1024 * 1024
    assert nginx_limit == portal_config.Config.MAX_CONTENT_LENGTH
    assert "error_page 413 @too_large;" in site


def test_the_systemd_units_are_valid(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        if os.environ.get("CI"):
            pytest.fail("CI=1 but no systemd-analyze (apt-get install systemd)")
        pytest.skip("no systemd-analyze here (Debian's systemd package has it)")
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text()
        text = text.replace("/opt/simpul/venv/bin/", f"{VENV_BIN}/")
        text = text.replace("/opt/simpul/deploy/", f"{DEPLOY}/")
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    result = subprocess.run([analyze, "verify", *units], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    service = (DEPLOY / "systemd" / "simpul.service").read_text()
    assert "EnvironmentFile=/etc/simpul/simpul.env" in service
    assert (
        "ExecStart=/opt/simpul/venv/bin/gunicorn -c /opt/simpul/deploy/gunicorn.conf.py" in service
    )
    timer = (DEPLOY / "systemd" / "simpul-backup.timer").read_text()
    assert "Unit=simpul-backup.service" in timer and "Persistent=true" in timer
    backup = (DEPLOY / "systemd" / "simpul-backup.service").read_text()
    assert "ExecStart=/opt/simpul/venv/bin/flask --app portal backup --output" in backup
    jobs_timer = (DEPLOY / "systemd" / "simpul-jobs.timer").read_text()
    assert "Unit=simpul-jobs.service" in jobs_timer and "OnUnitInactiveSec=2min" in jobs_timer
    jobs = (DEPLOY / "systemd" / "simpul-jobs.service").read_text()
    assert "ExecStart=/opt/simpul/venv/bin/flask --app portal jobs run" in jobs


SECRET_REQUEST = {
    "REQUEST_METHOD": "GET",
    "RAW_URI": "/rapat/kalender.ics?token=rahasia-token&q=081234567890",
    "PATH_INFO": "/rapat/kalender.ics",
    "QUERY_STRING": "token=rahasia-token&q=081234567890",
    "SERVER_PROTOCOL": "HTTP/1.1",
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_USER_AGENT": "Kalender/1.0",
    "HTTP_REFERER": "https://simpul.example.id/cari?q=081234567890",
    "HTTP_COOKIE": "__Host-session=rahasia-sesi",
}


def test_gunicorn_logs_no_query_string_referer_or_cookie():
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    namespace: dict = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own file
    line_format = namespace["access_log_format"]
    config = Config()
    config.set("access_log_format", line_format)
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("COOKIE", SECRET_REQUEST["HTTP_COOKIE"])])
    atoms = Logger(config).atoms(response, request, SECRET_REQUEST, timedelta(milliseconds=5))
    line = line_format % atoms
    assert "203.0.113.9" in line and "/rapat/kalender.ics" in line
    for secret in ("rahasia-token", "081234567890", "rahasia-sesi", "token=", "cari"):
        assert secret not in line, line


def test_nginx_logs_no_query_string_referer_or_cookie():
    site = (DEPLOY / "nginx" / "simpul.conf").read_text()
    line_format = re.search(r"log_format simpul_private (.*?);", site, re.S).group(1)
    assert "$uri" in line_format
    for variable in (
        "$request ",
        '$request"',
        "$request_uri",
        "$args",
        "$query_string",
        "$arg_",
        "$http_cookie",
        "$cookie_",
        "$http_referer",
        "$request_body",
    ):
        assert variable not in line_format, variable
    servers = site.count("\nserver {")
    assert site.count("access_log /var/log/nginx/simpul-access.log simpul_private;") == servers
