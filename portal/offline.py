"""What the service worker may keep on the phone (static/js/sw-offline.js reads it).

Every logged-in HTML page says whose it is (`Simpul-User`, a key derived from the user id
that only this server can make), so the worker keeps one person's pages apart from the
next person's on the same phone. A view marks the few pages that are the person's own and
safe to show offline (`keep_page()`: home, their month, upcoming meetings, the activity
form); those carry `Simpul-Offline: keep` although they are `no-store` for every other
cache. Nothing else is kept: no POST answer, no fragment, no other person's page."""

import hashlib
import hmac
from functools import cache

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from .htmx import is_fragment_request

USER_HEADER = "Simpul-User"
KEEP_HEADER = "Simpul-Offline"

# What the page scripts say about drafts and the connection (read from a meta tag).
TEXTS = {
    "offline": _l("Tidak tersambung. Periksa sinyal, lalu coba lagi."),
    "server": _l("Server sedang bermasalah. Coba lagi sebentar lagi."),
    "retry": _l("Coba lagi"),
    "progress": _l("Mengirim {n} %…"),
    "kept": _l("Tersimpan di HP — akan dikirim otomatis saat ada sinyal"),
    "kept_rsvp": _l("Jawaban tersimpan di HP — akan dikirim otomatis saat ada sinyal"),
    "no_room": _l(
        "Foto tidak muat di penyimpanan HP; teksnya tersimpan. Pilih fotonya lagi saat ada sinyal."
    ),
    "pending": _l("Menunggu dikirim"),
    "refused": _l("Ditolak server:"),
    "open": _l("Buka dan perbaiki"),
    "discard": _l("Hapus"),
    "sending": _l("Sedang dikirim…"),
    "sent": _l("Terkirim: {title}"),
    "checkin_offline": _l(
        "Tidak ada sinyal. Kehadiran harus dicek ke server; kodenya disimpan dan "
        "dikirim lagi otomatis saat sinyal kembali."
    ),
    "logout_drafts": _l(
        "Ada {n} isian yang belum terkirim. Keluar akan menghapusnya dari HP ini. Tetap keluar?"
    ),
    "answer": _l("Jawaban rapat"),
}


def register(app: Flask) -> None:
    app.after_request(_mark_response)
    app.jinja_env.globals.update(
        offline_texts=texts, offline_user=user_key_or_none, offline_kept=is_kept
    )


def user_key(user_id: int) -> str:
    """The person's cache key: stable across sessions, meaningless to anyone else."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"offline:{user_id}".encode(), hashlib.sha256).hexdigest()[:24]


def user_key_or_none() -> str | None:
    return user_key(current_user.id) if current_user.is_authenticated else None


def keep_page() -> None:
    """This GET page is the person's own and safe to show on their phone offline."""
    g.keep_offline = True


def is_kept() -> bool:
    """The page being rendered will be kept (base.html adds its "saved at" note)."""
    return bool(g.get("keep_offline")) and request.method == "GET" and not is_fragment_request()


def texts() -> dict:
    return _texts(str(get_locale()))


@cache
def _texts(_locale: str) -> dict:
    """Once per language and worker, not on every page (each str() looks the text up)."""
    return {key: str(text) for key, text in TEXTS.items()}


def _mark_response(response):
    if response.mimetype != "text/html" or not _logged_in():
        return response
    response.headers[USER_HEADER] = user_key(current_user.id)
    if is_kept() and response.status_code == 200:
        response.headers[KEEP_HEADER] = "keep"
    return response


def _logged_in() -> bool:
    try:
        return bool(current_user and current_user.is_authenticated)
    except SQLAlchemyError:  # the answer to a failed request: nothing to mark
        return False
