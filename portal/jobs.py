"""The one scheduled-job runner: `flask jobs run`, every few minutes from the systemd
timer (deploy/systemd/simpul-jobs.timer) or cron.

A job is a function of the current time, registered with `@job(name)` by the module that
owns it; every job is idempotent (what it did is recorded in the database, so running it
again, or on a second server at the same moment, does nothing twice). Each job runs in a
transaction of its own: one that fails is rolled back and logged, and the others still run.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup

from . import database
from .extensions import db
from .i18n import now_utc

log = logging.getLogger(__name__)

JOBS: dict[str, Callable[[datetime], object]] = {}
LAST: set[str] = set()  # jobs that run after all the others (sending what they queued)


def job(name: str, *, last: bool = False):
    """Register a job. They run in the order registered, except that those registered
    with last=True (the deliveries) run after every other, whatever the import order, so
    that what a reminder queues is sent in the same run."""

    def register(function):
        JOBS[name] = function
        if last:
            LAST.add(name)
        return function

    return register


def ordered() -> list[str]:
    """The registered jobs in the order they run."""
    return [n for n in JOBS if n not in LAST] + [n for n in JOBS if n in LAST]


def _load_default_jobs() -> None:
    from .notifications import housekeeping, reminders, sending  # noqa: F401  (they register)


def run(now: datetime | None = None, only: tuple[str, ...] = ()) -> dict[str, object]:
    """Run every job (or those named) once; returns each job's result."""
    _load_default_jobs()
    now = now or now_utc()
    results = {}
    for name in ordered():
        if only and name not in only:
            continue
        function = JOBS[name]
        started = time.perf_counter()
        try:
            results[name] = function(now)
            database.commit()
        except Exception:
            db.session.rollback()
            current_app.logger.exception("job %s failed", name)
            results[name] = "failed"
        log.info("job %s: %s (%.2f s)", name, results[name], time.perf_counter() - started)
    return results


jobs_cli = AppGroup("jobs", help="Pekerjaan terjadwal: pengingat, pengiriman, pembersihan.")


@jobs_cli.command("run")
@click.option("--only", multiple=True, help="Hanya pekerjaan ini (boleh berulang).")
def run_command(only) -> None:
    """Run the due jobs once (idempotent; safe on two servers at once)."""
    for name, result in run(only=tuple(only)).items():
        click.echo(f"{name}: {result}")


@jobs_cli.command("list")
def list_command() -> None:
    """The registered jobs, in the order they run."""
    _load_default_jobs()
    for name in ordered():
        click.echo(name)


def init_app(app) -> None:
    app.cli.add_command(jobs_cli)
