"""Configuration defaults; instance/config.py and SIMPUL_* environment variables override."""

import logging
import os
from datetime import timedelta
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

# Values that look like a secret but are not: production refuses them.
WEAK_SECRET_KEYS = {"", "dev", "development", "secret", "changeme", "change-me", "test"}


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # hide_parameters: a traceback or log of a failed statement never shows the values
    # (titles, descriptions, phone numbers), only the SQL.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}

    # Sessions: __Host- prefix demands Secure, path / and no Domain.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_TIMEOUT = timedelta(hours=8)  # checked on the server-side session row
    SESSION_ABSOLUTE_LIFETIME = timedelta(hours=24)
    PERMANENT_SESSION_LIFETIME = SESSION_ABSOLUTE_LIFETIME  # the cookie never outlives it
    # Set the cookie only when the session changes. Refreshing it on every response let
    # a slow image request, sent with the old cookie, overwrite a newer one (and its
    # flash message) when its answer arrived last.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_TOUCH_INTERVAL = timedelta(minutes=5)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # scrypt N=2^17, r=8, p=1 (OWASP password storage cheat sheet).
    PASSWORD_HASH_METHOD = "scrypt:131072:8:1"  # noqa: S105 - a method name, not a password

    WTF_CSRF_TIME_LIMIT = None  # bound to the session instead, so long forms do not expire
    WTF_CSRF_SSL_STRICT = True

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Failed logins (portal/auth/throttle.py). Per address and account:
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    # per address, over all accounts (a NAT or an office shares one address):
    RATELIMIT_LOGIN_ADDRESS = "30 per minute;300 per hour"
    # per account from browsers it was never used on: at most 80 guesses an hour (ASVS
    # 2.2.1 asks for no more than 100), and its owner waits 15 minutes at worst...
    RATELIMIT_LOGIN_ACCOUNT = "5 per minute;20 per 15 minutes"
    # ...or not at all on a browser they logged in with before, which counts on its own.
    RATELIMIT_LOGIN_DEVICE = "10 per minute;50 per hour"
    RATELIMIT_REGISTER = "5 per minute;30 per hour"
    RATELIMIT_PASSWORD = "5 per minute;30 per hour"  # noqa: S105
    RATELIMIT_PUBLIC = "60 per minute"

    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    # One text field of a form (multipart), and a whole url-encoded body (web.PortalRequest).
    MAX_FORM_MEMORY_SIZE = 500_000
    MAX_FORM_PARTS = 1_000
    UPLOAD_FOLDER: str | None = None  # defaults to instance/uploads

    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
        "text/calendar",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)

    OFFICE_NAME = "Dinas Sosial Kabupaten Belitung Timur"
    # The letterhead's defaults until the admin sets them (portal/letterhead.py).
    OFFICE_PARENT = "Pemerintah Kabupaten Belitung Timur"
    OFFICE_ADDRESS = "Jl. Jenderal Sudirman, Manggar, Belitung Timur"
    OFFICE_CITY = "Manggar"
    OFFICE_HEAD_NAME = ""
    OFFICE_HEAD_NIP = ""
    REGENCY_CODE = "19.06"
    PRIVACY_NOTICE_VERSION = "2026-11"
    PREFERRED_URL_SCHEME = "https"
    ENVIRONMENT = "production"

    # How many reverse proxies (nginx) stand in front of the app. Their X-Forwarded-For,
    # -Proto and -Host are trusted, so rate limits, the audit trail and the logs see the
    # real client and links use the public host and https. 0: nothing forwarded is trusted.
    TRUSTED_PROXIES = 0
    # ...and only when the connection comes from one of these addresses (nginx on this
    # server; a Unix socket counts as local). A client reaching gunicorn directly cannot
    # forge its address. A list, or a text with the addresses separated by commas.
    TRUSTED_PROXY_ADDRESSES = ["127.0.0.1", "::1"]

    # The portal's address as people reach it, e.g. "https://simpul.belitungtimurkab.go.id":
    # every absolute link (activation links, calendar addresses, check-in QR codes) is
    # built from it (urls.external), and a request naming another host (Host: evil.example)
    # is refused with 400 (its host heads TRUSTED_HOSTS, Flask's list of accepted hosts).
    # Empty in development: links follow the address the page was opened by.
    PUBLIC_URL = ""
    TRUSTED_HOSTS: list[str] | None = None

    # How many processes serve the portal: deploy/gunicorn.conf.py sets it in each worker.
    # With more than one, an in-memory rate-limit store would count each worker alone.
    SERVER_WORKERS = 1

    # One-time links (portal/accounts/recovery.py): a coordinator's reset link, one asked
    # for by e-mail, and the e-mail check link.
    PASSWORD_RESET_LINK_HOURS = 24
    PASSWORD_RESET_EMAIL_MINUTES = 60
    EMAIL_CHECK_LINK_HOURS = 48

    # E-mail over SMTP (portal/notifications/email.py); no MAIL_SERVER: no e-mail channel.
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True  # STARTTLS
    MAIL_USE_SSL = False  # SMTPS (port 465) instead
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_FROM = "Simpul <simpul@localhost>"
    MAIL_TIMEOUT = 10

    # Web push (portal/notifications/push.py): the VAPID private key as a PEM file's path,
    # PEM text or base64url (made once with py_vapid: `vapid --gen`, docs/DEPLOYING.md);
    # none: no push channel. The subject is how push services reach the operator.
    VAPID_PRIVATE_KEY: str | None = None
    VAPID_SUBJECT = "mailto:admin@localhost"
    # Subscriptions are accepted only for these push services (and their subdomains).
    PUSH_SERVICE_HOSTS = [
        "fcm.googleapis.com",
        "android.googleapis.com",
        "updates.push.services.mozilla.com",
        "push.services.mozilla.com",
        "notify.windows.com",
        "push.apple.com",
    ]
    PUSH_ALLOW_LOOPBACK = False  # tests: a local push receiver over plain http
    PUSH_TTL = 86400

    # Deliveries: sent by `flask jobs run`, retried with a growing pause, then failed.
    DELIVERY_MAX_ATTEMPTS = 6
    DELIVERY_BATCH = 200

    # Reminders (`flask jobs run`): the monthly report is due on this day of the next
    # month; members who have not submitted are reminded REPORT_REMINDER_DAYS before.
    REPORT_DUE_DAY = 5
    REPORT_REMINDER_DAYS = 3

    # `dev.py serve --lan`: plain http on the LAN for trying it on a phone. The session
    # cookie is then neither __Host- nor Secure and every page says it is a development
    # server. Refused unless ENVIRONMENT is "development".
    DEVELOPMENT_HTTP = False


def from_environment(app) -> None:
    """Let SIMPUL_* variables and DATABASE_URL override the instance config.

    Values are read as JSON where they parse (`1048576` is a number, `false` a boolean),
    and as plain text otherwise, as Flask's from_prefixed_env does.
    """
    app.config.from_prefixed_env("SIMPUL")
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        app.config["SQLALCHEMY_DATABASE_URI"] = url


class StartupError(RuntimeError):
    """A setting the portal refuses to start with; the message says how to fix it."""


def check_and_adjust(app) -> None:
    """Refuse settings that cannot work; apply the development mode's cookie settings."""
    app.config["TRUSTED_PROXIES"] = trusted_proxies(app.config.get("TRUSTED_PROXIES"))
    addresses = app.config.get("TRUSTED_PROXY_ADDRESSES") or []
    if isinstance(addresses, str):
        addresses = [part.strip() for part in addresses.split(",") if part.strip()]
    app.config["TRUSTED_PROXY_ADDRESSES"] = list(addresses)
    _public_url(app)
    _shared_rate_limits(app)
    if app.config.get("DEVELOPMENT_HTTP"):
        if app.config.get("ENVIRONMENT") != "development":
            raise StartupError(
                "DEVELOPMENT_HTTP hanya untuk server pengembangan: di produksi sesi harus "
                "lewat HTTPS. Hapus SIMPUL_DEVELOPMENT_HTTP, atau jalankan "
                "`python3 dev.py serve --lan` untuk mencoba di ponsel."
            )
        app.config.update(
            SESSION_COOKIE_NAME="session",
            SESSION_COOKIE_SECURE=False,
            WTF_CSRF_SSL_STRICT=False,
            PREFERRED_URL_SCHEME="http",
        )


def trusted_proxies(value) -> int:
    """The number of trusted proxies; anything but a whole number from 0 up is refused."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or value < 0:
        raise StartupError(
            f"SIMPUL_TRUSTED_PROXIES harus berupa bilangan bulat 0 atau lebih, bukan {value!r}: "
            "jumlah proxy (misalnya nginx) di depan portal. Isi 1 bila portal di belakang "
            "satu nginx, 0 bila tidak."
        )
    return value


def _public_url(app) -> None:
    """PUBLIC_URL without its trailing slash; its host is a trusted host."""
    public = (app.config.get("PUBLIC_URL") or "").strip().rstrip("/")
    app.config["PUBLIC_URL"] = public
    if not public:
        if app.config.get("ENVIRONMENT") == "production" and not app.config.get("TESTING"):
            log.warning(
                "SIMPUL_PUBLIC_URL belum diisi: tautan aktivasi, alamat kalender dan kode QR "
                "memakai nama host dari permintaan. Isi dengan alamat portal, misalnya "
                "https://simpul.example.id (lihat deploy/simpul.env.example)."
            )
        return
    parts = urlsplit(public)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise StartupError(
            f"SIMPUL_PUBLIC_URL harus berupa alamat portal seperti https://simpul.example.id "
            f"(skema dan nama host saja, tanpa jalur), bukan {public!r}."
        )
    trusted = app.config.get("TRUSTED_HOSTS") or []
    if isinstance(trusted, str):
        trusted = [part.strip() for part in trusted.split(",") if part.strip()]
    app.config["TRUSTED_HOSTS"] = list(dict.fromkeys([parts.hostname, *trusted]))
    app.config["PREFERRED_URL_SCHEME"] = parts.scheme


def _shared_rate_limits(app) -> None:
    """Several workers with an in-memory store would each count alone (five workers: limits
    five times looser): refused in production."""
    config = app.config
    workers = config.get("SERVER_WORKERS") or 1
    in_memory = str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://")
    if (
        config.get("ENVIRONMENT") == "production"
        and config.get("RATELIMIT_ENABLED", True)
        and in_memory
        and int(workers) > 1
    ):
        raise StartupError(
            f"Batas percobaan masuk disimpan di memori, padahal portal dilayani {workers} "
            "proses: tiap proses menghitung sendiri. Isi SIMPUL_RATELIMIT_STORAGE_URI dengan "
            "alamat Redis, misalnya redis://127.0.0.1:6379/0 (lihat docs/DEPLOYING.md)."
        )
