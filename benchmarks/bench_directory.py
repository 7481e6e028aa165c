"""Directory search time with 10,000 members in 20 organisations.

    .venv/bin/python benchmarks/bench_directory.py            # SQLite, temporary
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/simpul_directory_bench \\
        .venv/bin/python benchmarks/bench_directory.py         # PostgreSQL

The PostgreSQL database is emptied first, so its name must contain "bench" or "test".
Prints the median and 95th percentile of (a) a whole GET /direktori/ request through the
app (query, template, compression off) and (b) the search service alone, over a mix of
name searches, filters and pages.
"""

import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select
from sqlalchemy.engine import make_url

from portal import create_app
from portal.extensions import db
from portal.models import Area, Membership, Organisation, OrganisationKind, User

MEMBERS = 10_000
ORGANISATIONS = 20
REQUESTS = 400
WARM_UP = 30
# Common Indonesian given names and family names, combined at random.
FIRST = str.split(
    "Siti Nur Dewi Agus Budi Rudi Joko Sri Wati Andi Rina Hendra Fajar Maya Yuli "
    "Rahmat Tono Lina Desi Heni Irfan Dedi Bambang Ratna Putri Eka Dwi Tri Ayu Indah"
)
LAST = str.split(
    "Aminah Hartono Lestari Salim Santoso Wijaya Nugroho Susilo Marlina Saputra Purwanti "
    "Maulana Kurniawan Wahyuni Anggraini Sutrisno Hidayat Prasetyo Ratnasari Aisyah Sari "
    "Rahman Halim Gunawan Setiawan Utami Permata Siregar Lubis Hasibuan"
)


def database_url() -> tuple[str, str | None]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        folder = tempfile.mkdtemp(prefix="simpul-bench-")
        return f"sqlite:///{folder}/bench.sqlite3", folder
    name = make_url(url).database or ""
    if "bench" not in name and "test" not in name:
        sys.exit(f"Refusing to empty database {name!r}: its name must contain 'bench' or 'test'.")
    return url, None


def build_app(url: str):
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_app(
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "COMPRESS_REGISTER": False,
        }
    )


def populate(seed: int = 6) -> None:
    from portal.seeding import seed_reference

    rng = random.Random(seed)  # noqa: S311 - made-up people, not secrets
    db.drop_all()
    db.create_all()
    seed_reference()
    kinds = db.session.scalars(select(OrganisationKind).order_by(OrganisationKind.id)).all()
    desa = db.session.scalars(select(Area).where(Area.level == "desa")).all()
    organisations = [
        Organisation(
            name=f"Organisasi Uji {i:02d}",
            kind_id=kinds[i % len(kinds)].id,
            area_id=rng.choice(desa).parent_id,
            is_listed=i != 19,  # one unlisted organisation, as in real life
        )
        for i in range(ORGANISATIONS)
    ]
    db.session.add_all(organisations)
    db.session.flush()
    users = []
    for i in range(MEMBERS):
        listed = rng.random() < 0.6
        users.append(
            {
                "full_name": f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}",
                "phone": f"+62812{i:08d}",
                "home_desa_id": rng.choice(desa).id,
                "listed": listed,
                "show_phone": listed and rng.random() < 0.5,
                "is_admin": False,
                "is_deactivated": False,
                "session_version": 1,
            }
        )
    db.session.execute(User.__table__.insert(), users)
    user_ids = db.session.scalars(select(User.id).order_by(User.id)).all()
    memberships = []
    for user_id in user_ids:
        first, second = rng.sample(organisations, 2)
        status = "active" if rng.random() < 0.9 else "pending"
        memberships.append(_membership(user_id, first.id, status, rng))
        if rng.random() < 0.15:  # some people serve in two organisations
            memberships.append(_membership(user_id, second.id, "active", rng))
    db.session.execute(Membership.__table__.insert(), memberships)
    db.session.commit()
    with db.engine.connect() as connection:  # fresh planner statistics, as in production
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _membership(user_id: int, organisation_id: int, status: str, rng) -> dict:
    from portal.models import utcnow

    return {
        "user_id": user_id,
        "organisation_id": organisation_id,
        "role": "member",
        "status": status,
        "grade": rng.choice([None, "Muda", "Madya", "Utama"]),
        "applied_at": utcnow(),
    }


def queries(rng) -> list[dict]:
    """A realistic mix: name searches (one or two words), filters, later pages."""
    desa = db.session.scalars(select(Area.id).where(Area.level == "desa")).all()
    kecamatan = db.session.scalars(select(Area.id).where(Area.level == "kecamatan")).all()
    organisations = db.session.scalars(select(Organisation.id).where(Organisation.is_listed)).all()
    kinds = db.session.scalars(select(Organisation.kind_id).distinct()).all()
    mix = []
    for _ in range(REQUESTS + WARM_UP):
        roll = rng.random()
        if roll < 0.35:
            mix.append({"q": rng.choice(FIRST + LAST)[: rng.randint(3, 6)]})
        elif roll < 0.5:
            mix.append({"q": f"{rng.choice(FIRST)} {rng.choice(LAST)}"})
        elif roll < 0.6:
            mix.append({"desa": rng.choice(desa)})
        elif roll < 0.7:
            mix.append({"kecamatan": rng.choice(kecamatan), "q": rng.choice(FIRST)})
        elif roll < 0.8:
            mix.append({"organisasi": rng.choice(organisations)})
        elif roll < 0.9:
            mix.append({"jenis": rng.choice(kinds), "page": rng.randint(1, 5)})
        else:
            mix.append({"page": rng.randint(1, 50)})
    return mix


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> None:
    url, folder = database_url()
    app = build_app(url)
    started = time.perf_counter()
    with app.app_context():
        populate()
        listed = db.session.scalar(select(db.func.count()).where(User.listed))
        mix = queries(random.Random(7))  # noqa: S311 - a repeatable mix of searches
    print(f"database: {make_url(url).get_backend_name()}")
    print(
        f"data: {MEMBERS:,} members ({listed:,} listed) in {ORGANISATIONS} organisations, "
        f"built in {time.perf_counter() - started:.1f} s"
    )

    client = app.test_client()
    request_ms = []
    for i, params in enumerate(mix):
        begin = time.perf_counter()
        response = client.get("/direktori/", query_string=params, base_url="https://localhost")
        elapsed = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, (params, response.status_code)
        if i >= WARM_UP:
            request_ms.append(elapsed)

    from portal.directory.forms import MemberSearchForm
    from portal.directory.services import listed_members

    service_ms = []
    with app.test_request_context():
        for i, params in enumerate(mix):
            form = MemberSearchForm(data={k: str(v) for k, v in params.items()})
            filters = form.filters()
            begin = time.perf_counter()
            listed_members(filters, int(params.get("page", 1)))
            elapsed = (time.perf_counter() - begin) * 1000
            if i >= WARM_UP:
                service_ms.append(elapsed)
            db.session.rollback()

    for label, values in (("whole request", request_ms), ("search service", service_ms)):
        print(
            f"{label:>15}: median {statistics.median(values):6.1f} ms, "
            f"p95 {percentile(values, 95):6.1f} ms, max {max(values):6.1f} ms "
            f"({len(values)} searches)"
        )
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if folder:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
