"""Uploaded files under instance/uploads: random names, never served directly.

Views decide who may see a file, then call send_stored(); nothing under the upload
folder is reachable by URL otherwise.
"""

import contextlib
import os
import secrets

from flask import abort, current_app, send_file


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
    return f"{folder}/{name}"


def absolute(relative: str) -> str:
    root = os.path.realpath(_root())
    path = os.path.realpath(os.path.join(root, relative))
    if not path.startswith(root + os.sep):
        abort(404)
    return path


def delete(relative: str | None) -> None:
    if not relative:
        return
    with contextlib.suppress(FileNotFoundError):
        os.remove(absolute(relative))


def size(relative: str) -> int:
    return os.path.getsize(absolute(relative))


def send_stored(
    relative: str, *, mimetype: str, download_name: str | None = None, as_attachment: bool = True
):
    """Serve a stored file the caller has already authorised; nosniff, private cache."""
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
    response.headers["Cache-Control"] = "private, no-store"
    return response
