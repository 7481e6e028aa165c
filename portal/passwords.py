"""Password rules (length only, no composition rules) and hashing."""

from functools import cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("portal").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def problem(password: str, *, phone: str | None = None, name: str | None = None) -> str | None:
    """The reason this password is refused, in Bahasa Indonesia, or None."""
    from flask_babel import gettext as _

    if len(password) < MIN_LENGTH:
        return _("Kata sandi minimal %(n)d karakter.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Kata sandi maksimal %(n)d karakter.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or len(set(password)) < 4:
        return _("Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.")
    digits = "".join(ch for ch in password if ch.isdigit())
    national = (phone or "").removeprefix("+62")
    if len(national) >= 9 and national in digits:
        return _("Jangan memakai nomor HP sebagai kata sandi.")
    if name and lowered.replace(" ", "") == name.lower().replace(" ", ""):
        return _("Jangan memakai nama sendiri sebagai kata sandi.")
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Spend the same time as a real check, so timing does not reveal unknown accounts.
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    method = current_app.config["PASSWORD_HASH_METHOD"]
    return not password_hash.startswith(method + "$")


def _dummy_hash() -> str:
    cached = current_app.extensions.get("simpul_dummy_hash")
    if cached is None:
        cached = hash_password("dummy password for timing")
        current_app.extensions["simpul_dummy_hash"] = cached
    return cached
