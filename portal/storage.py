"""Uploaded files under instance/uploads: random names, never served directly.

Views decide who may see a file, then call send_stored(); nothing under the upload
folder is reachable by URL otherwise.

Files follow the database transaction: a file save()d during a transaction that does
not commit is deleted, and a file given to delete_after_commit() is deleted only once
the transaction that stopped referring to it has committed.
"""

import contextlib
import os
import secrets

from flask import abort, current_app, send_file
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db

WRITTEN = "storage.written"
DOOMED = "storage.doomed"


def _root() -> str:
    return current_app.config["UPLOAD_FOLDER"]


def save(data: bytes, folder: str, extension: str) -> str:
    """Store bytes under a random name; returns the path relative to the upload folder."""
    if not folder.isidentifier() or not extension.isalnum():
        raise ValueError("bad folder or extension")
    directory = os.path.join(_root(), folder)
    os.makedirs(directory, exist_ok=True)
    name = f"{secrets.token_urlsafe(24)}.{extension.lower()}"
    tmp = os.path.join(directory, f".{name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, os.path.join(directory, name))  # no half-written file is ever visible
    relative = f"{folder}/{name}"
    session = db.session()
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(WRITTEN, []).append((transaction, absolute(relative)))
    return relative


def delete_after_commit(relative: str | None) -> None:
    """Delete a stored file once the current transaction commits (kept if it rolls back)."""
    if relative:
        db.session.info.setdefault(DOOMED, []).append(absolute(relative))


def absolute(relative: str) -> str:
    root = os.path.realpath(_root())
    path = os.path.realpath(os.path.join(root, relative))
    if not path.startswith(root + os.sep):
        abort(404)
    return path


def _remove(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


def _within(transaction, ended) -> bool:
    """Was the file written in ended (None: the whole session) or a savepoint inside it?"""
    if ended is None or transaction is None:  # None: written before any transaction began
        return ended is None or ended.parent is None
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _forget_written(session: Session, ended) -> None:
    """Delete the files written during a transaction (or savepoint) that did not commit."""
    written = session.info.get(WRITTEN, [])
    session.info[WRITTEN] = [(t, path) for t, path in written if not _within(t, ended)]
    _remove([path for t, path in written if _within(t, ended)])


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop(WRITTEN, None)  # they belong to committed rows now
    _remove(session.info.pop(DOOMED, []))


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    _forget_written(session, previous_transaction)
    if previous_transaction.parent is None:
        session.info.pop(DOOMED, None)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # ended without a commit or rollback: closed
        _forget_written(session, None)
        session.info.pop(DOOMED, None)


def size(relative: str) -> int:
    return os.path.getsize(absolute(relative))


def send_stored(
    relative: str,
    *,
    mimetype: str,
    download_name: str | None = None,
    as_attachment: bool = True,
    cache_seconds: int = 0,
):
    """Serve a stored file the caller has already authorised; nosniff, private cache.
    cache_seconds: a file that never changes under its URL may stay in this browser that
    long, for this session only (Vary: Cookie); otherwise it is never stored."""
    path = absolute(relative)
    if not os.path.exists(path):
        abort(404)
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=as_attachment,
        download_name=download_name,
        max_age=0,
        conditional=True,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    if cache_seconds:
        response.headers["Cache-Control"] = f"private, max-age={cache_seconds}, immutable"
        response.vary.add("Cookie")
    else:
        response.headers["Cache-Control"] = "private, no-store"
    return response
