"""Configuration defaults; instance/config.py and SIMPUL_* environment variables override."""

import os
from datetime import timedelta

# Values that look like a secret but are not: production refuses them.
WEAK_SECRET_KEYS = {"", "dev", "development", "secret", "changeme", "change-me", "test"}


class Config:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}

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
    RATELIMIT_LOGIN = "10 per minute;50 per hour"
    RATELIMIT_REGISTER = "5 per minute;30 per hour"
    RATELIMIT_PASSWORD = "5 per minute;30 per hour"  # noqa: S105
    RATELIMIT_PUBLIC = "60 per minute"

    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    UPLOAD_FOLDER: str | None = None  # defaults to instance/uploads

    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "text/calendar",
    ]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_MIN_SIZE = 500
    SEND_FILE_MAX_AGE_DEFAULT = timedelta(days=365)

    OFFICE_NAME = "Dinas Sosial Kabupaten Belitung Timur"
    REGENCY_CODE = "19.06"
    PRIVACY_NOTICE_VERSION = "2026-11"
    PREFERRED_URL_SCHEME = "https"
    ENVIRONMENT = "production"


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
