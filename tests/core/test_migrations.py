"""The committed Alembic migrations build exactly the schema the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

import portal
from portal import notices
from portal.extensions import db
from portal.models import User


def _empty_database():
    db.drop_all()
    db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.session.commit()


def test_migrations_match_the_models(app):
    with app.app_context():
        _empty_database()
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == [], f"models and migrations differ; run `flask db migrate`: {diff}"


def test_migrations_downgrade_to_nothing(app):
    with app.app_context():
        _empty_database()
        upgrade()
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # leave the schema in place for the next test's reset


def test_notices_written_as_text_still_show_after_the_upgrade(app):
    """Before notices had kinds they were stored as finished text: it shows as it was."""
    with app.app_context():
        _empty_database()
        upgrade(revision="ab7d1658bbef")
        db.session.execute(
            text(
                'INSERT INTO "user" (id, full_name, is_admin, is_deactivated, session_version,'
                " listed, show_phone, created_at)"
                " VALUES (1, 'Siti', false, false, 1, false, false, '2026-11-30 01:00:00')"
            )
        )
        db.session.execute(
            text(
                "INSERT INTO notice (user_id, text, link, created_at)"
                " VALUES (1, 'Laporan November 2026 Anda sudah diverifikasi.', '/laporan',"
                " '2026-11-30 02:00:00')"
            )
        )
        db.session.commit()
        upgrade()
        user = db.session.get(User, 1)
        with app.test_request_context():
            shown = notices.unread(user)
        assert [(n.text, n.link) for n in shown] == [
            ("Laporan November 2026 Anda sudah diverifikasi.", "/laporan")
        ]
        db.session.rollback()  # end the read, so the downgrade may write
        downgrade(revision="ab7d1658bbef")
        old = db.session.execute(text("SELECT text FROM notice")).scalars().all()
        assert old == ["Laporan November 2026 Anda sudah diverifikasi."]
        db.session.rollback()
        upgrade()


def test_migrations_ship_inside_the_package_and_run_from_any_directory(app, monkeypatch, tmp_path):
    """Installed from a wheel there is no checkout: the migrations live in portal/."""
    monkeypatch.chdir(tmp_path)
    directory = Path(app.extensions["migrate"].directory)
    assert directory.parent == Path(portal.__file__).parent
    with app.app_context():
        _empty_database()
        upgrade()
        head = ScriptDirectory(str(directory)).get_current_head()
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
