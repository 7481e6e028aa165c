"""gunicorn settings for Simpul: `gunicorn -c deploy/gunicorn.conf.py`.

Sync workers, 2 x cores + 1: measured on this portal, threaded workers pinned keep-alive
connections to one worker and halved throughput. nginx buffers slow phones' uploads and
answers, so a sync worker is busy only while the app works. Every value can be
overridden with GUNICORN_<NAME> in the environment file (tests/deploy use that).
"""

import multiprocessing
import os


def _env(name: str, default):
    return type(default)(os.environ.get(f"GUNICORN_{name.upper()}", default))


wsgi_app = _env("wsgi_app", "portal:create_app()")
bind = _env("bind", "127.0.0.1:8000")  # only nginx, on this server, talks to gunicorn
workers = _env("workers", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = _env("timeout", 90)  # large XLSX exports; nginx's proxy_read_timeout matches
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # a worker is replaced now and then, so no leak grows for ever
max_requests_jitter = 200

# Logs to stdout/stderr, which systemd's journal keeps (journalctl -u simpul).
# %(h)s is the visitor's address: the portal's ProxyFix sets it from nginx's
# X-Forwarded-For (SIMPUL_TRUSTED_PROXIES=1). No cookies, no query strings with tokens.
accesslog = _env("accesslog", "-")
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def post_fork(server, worker):
    """Tell the portal how many workers serve it (SIMPUL_SERVER_WORKERS): it refuses an
    in-memory rate-limit store when there is more than one (portal/config.py)."""
    os.environ["SIMPUL_SERVER_WORKERS"] = str(server.cfg.workers)
