"""flask commands: seed, create-admin, backup."""

import os
import sqlite3
from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from . import passwords, phone
from .extensions import db


def init_app(app) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(create_admin)
    app.cli.add_command(backup)


@click.command("seed")
@with_appcontext
@click.option("--demo", is_flag=True, help="Also add demo organisations and people.")
def seed(demo: bool) -> None:
    """Load reference data (areas, PSKS, PPKS, activity types); with --demo, demo data."""
    from .seeding import seed_reference

    added = seed_reference()
    click.echo("Data referensi: " + ", ".join(f"{k} +{v}" for k, v in added.items()))
    if demo:
        from .demo import DEMO_PASSWORD, seed_demo

        logins = seed_demo()
        from .demo import ADMIN_PHONE
        from .demo_features import seed_feature_demo

        tagana_member = next(number for role, _n, number in logins if role == "anggota Tagana")
        with current_app.test_request_context():
            seed_feature_demo(ADMIN_PHONE, tagana_member)
        click.echo(f"\nAkun demo (kata sandi semua: {DEMO_PASSWORD}):")
        for role, name, number in logins:
            click.echo(f"  {role:<26} {name:<22} {phone.display(number)}")


@click.command("create-admin")
@with_appcontext
@click.option("--name", prompt="Nama lengkap")
@click.option("--phone", "phone_number", prompt="Nomor HP")
@click.option("--email", default="", prompt="E-mail (boleh kosong)")
@click.password_option("--password", prompt="Kata sandi", confirmation_prompt="Ulangi kata sandi")
def create_admin(name: str, phone_number: str, email: str, password: str) -> None:
    """Create an admin account for a real deployment (there is no default account)."""
    from .accounts.services import create_admin as make_admin

    try:
        e164 = phone.normalise(phone_number)
    except phone.InvalidPhone as exc:
        raise click.BadParameter("Nomor HP tidak dikenali.", param_hint="--phone") from exc
    reason = passwords.problem(password, phone=e164, name=name)
    if reason:
        raise click.BadParameter(str(reason), param_hint="--password")
    from sqlalchemy import select

    from .models import User

    if db.session.scalar(select(User.id).where(User.phone == e164)):
        raise click.BadParameter("Nomor HP ini sudah terdaftar.", param_hint="--phone")
    user = make_admin(
        full_name=name.strip(), phone=e164, email=email.strip().lower() or None, password=password
    )
    click.echo(f"Admin dibuat: {user.full_name} ({phone.masked(e164)}).")


@click.command("backup")
@with_appcontext
@click.option("--to", "target", default=None, help="File tujuan (default: instance/backups/).")
def backup(target: str | None) -> None:
    """Make a consistent copy of the SQLite database while the portal runs."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite":
        click.echo(
            "Database ini PostgreSQL: gunakan pg_dump, misalnya "
            '`pg_dump --format=custom --file=simpul.dump "$DATABASE_URL"`.'
        )
        raise SystemExit(2)
    if target is None:
        folder = os.path.join(current_app.instance_path, "backups")
        os.makedirs(folder, exist_ok=True)
        stamp = datetime.now().astimezone().strftime("%Y%m%d-%H%M%S")
        target = os.path.join(folder, f"simpul-{stamp}.sqlite3")
    source = sqlite3.connect(url.database)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)  # SQLite's online backup API: consistent while others write
    finally:
        copy.close()
        source.close()
    click.echo(f"Cadangan dibuat: {target}")
