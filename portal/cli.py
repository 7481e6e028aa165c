"""flask commands: seed, create-admin, backup, restore."""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import database, passwords, phone
from .extensions import db


def init_app(app) -> None:
    app.cli.add_command(seed)
    app.cli.add_command(create_admin)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    from . import jobs

    jobs.init_app(app)


@click.command("seed")
@with_appcontext
@database.committing
@click.option("--demo", is_flag=True, help="Also add demo organisations and people.")
def seed(demo: bool) -> None:
    """Load reference data (areas, PSKS, PPKS, activity and incident kinds); --demo: demo data."""
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
@database.committing
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
@click.option(
    "--output",
    "-o",
    default=None,
    help="Folder atau nama berkas .tar.gz tujuan (default: instance/backups/).",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    default=None,
    help="Simpan hanya N arsip simpul-*.tar.gz terbaru di folder tujuan.",
)
def backup(output: str | None, keep: int | None) -> None:
    """Write one archive: a consistent database copy, the uploads, a manifest with checksums."""
    from . import backup as backups

    try:
        result = backups.create(output, keep=keep)
    except backups.Refused as exc:
        _refuse(exc)
    files = len(result.manifest["files"]) - 1
    rows = sum(result.manifest["counts"].values())
    click.echo(f"Cadangan dibuat: {result.path} ({rows} baris, {files} berkas unggahan).")


@click.command("restore")
@with_appcontext
@database.committing
@click.argument("archive", type=click.Path(dir_okay=False))
def restore(archive: str) -> None:
    """Restore an archive from `flask backup` into this empty instance."""
    from . import backup as backups

    try:
        manifest = backups.restore(archive)
    except backups.Refused as exc:
        _refuse(exc)
    click.echo(
        f"Dipulihkan dari {archive} (dibuat {manifest['created_at']}, skema "
        f"{manifest['schema_revision']}): {sum(manifest['counts'].values())} baris, "
        f"{len(manifest['files']) - 1} berkas unggahan."
    )
    if manifest["schema_revision"] != backups.code_revisions()[1]:
        click.echo("Skema cadangan ini lebih lama: jalankan `flask db upgrade` sebelum menyalakan.")


def _refuse(exc: Exception):
    click.echo(f"Ditolak: {exc}", err=True)
    raise SystemExit(1)
