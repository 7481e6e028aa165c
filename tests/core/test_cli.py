"""flask seed and create-admin (backup and restore: test_backup.py)."""

from sqlalchemy import func, select

from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from portal.models import (
    Activity,
    ActivityType,
    Area,
    Material,
    Meeting,
    Membership,
    Organisation,
    OrganisationKind,
    PpksCategory,
    User,
)


def _counts(app):
    with app.app_context():
        return {
            m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (
                Area,
                OrganisationKind,
                PpksCategory,
                ActivityType,
                Organisation,
                User,
                Membership,
                Meeting,
                Material,
                Activity,
            )
        }


def test_reference_data_is_complete(app):
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Area.level == "kecamatan")) == 7
        assert db.session.scalar(select(func.count()).where(Area.level == "desa")) == 39
        assert db.session.scalar(select(Area.name).where(Area.code == "19.06")) == (
            "Kabupaten Belitung Timur"
        )
        lalang = db.session.scalar(select(Area).where(Area.code == "19.06.01.2001"))
        assert (lalang.name, lalang.parent.name) == ("Lalang Jaya", "Manggar")
        assert db.session.scalar(select(func.count()).select_from(PpksCategory)) == 26
        tagana = db.session.scalar(
            select(OrganisationKind).where(OrganisationKind.code == "TAGANA")
        )
        assert {t.name for t in tagana.activity_types} >= {
            "Penyuluhan kebencanaan",
            "Piket posko",
            "Respons bencana",
            "Tagana Masuk Sekolah",
            "Latihan",
        }


def test_seed_demo_twice_keeps_the_data(app, runner):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and "0812-0000-0001" in result.output
    first = _counts(app)
    assert first["Organisation"] == 6
    # A rakor inviting everyone, a public SOP, and a Tagana member's activities.
    assert (first["Meeting"], first["Material"], first["Activity"]) == (1, 1, 2)
    assert runner.invoke(args=["seed", "--demo"]).exit_code == 0
    assert _counts(app) == first
    with app.app_context():
        for org in db.session.scalars(select(Organisation)):
            statuses = [(m.role, m.status) for m in org.memberships]
            assert statuses.count(("coordinator", "active")) == 1
            assert statuses.count(("member", "pending")) == 1
            assert statuses.count(("member", "active")) >= 3
            desa = {m.user.home_desa_id for m in org.memberships}
            assert len(desa) >= 3


def test_demo_login_works(app, runner):
    runner.invoke(args=["seed", "--demo"])
    assert app.test_client().login("0812-0000-0001", DEMO_PASSWORD).status_code == 303


def test_create_admin(app, runner):
    result = runner.invoke(
        args=[
            "create-admin",
            "--name",
            "Kepala Dinas",
            "--phone",
            "0812 9999 0000",
            "--email",
            "kadis@example.org",
            "--password",
            "kalimat sandi kantor dinas",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "9999" not in result.output  # the number is masked in output too
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.phone == "+6281299990000"))
        assert admin.is_admin


def test_create_admin_refuses_weak_password_and_bad_phone(app, runner):
    result = runner.invoke(
        args=[
            "create-admin",
            "--name",
            "X",
            "--phone",
            "0812 9999 0000",
            "--email",
            "",
            "--password",
            "123456789012",
        ]
    )
    assert result.exit_code != 0 and "terlalu umum" in result.output
    result = runner.invoke(
        args=[
            "create-admin",
            "--name",
            "X",
            "--phone",
            "12",
            "--email",
            "",
            "--password",
            "kalimat sandi kantor dinas",
        ]
    )
    assert result.exit_code != 0 and "Nomor HP tidak dikenali" in result.output
    assert _counts(app)["User"] == 0
