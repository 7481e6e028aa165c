"""The 1,000,000-activity data set of bench_pages.py, built with bulk INSERTs.

Deterministic (arithmetic, no random numbers): 20 organisations of 500 members and one
coordinator each, an admin, 1,000,000 activities over the last 24 months, monthly reports
in mixed states for every past month, 2,000 meetings with 20 invitations each and 2,000
materials with 10 readers each. Everyone's password is PASSWORD.
"""

import secrets
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, inspect, select, text

from portal import months, passwords
from portal.extensions import db
from portal.models import (
    Activity,
    ActivityType,
    Area,
    Invitation,
    Material,
    MaterialProgress,
    Meeting,
    Membership,
    MonthlyReport,
    Organisation,
    OrganisationKind,
    PpksCategory,
    User,
)
from portal.models.activities import activity_ppks
from portal.models.materials import material_audience
from portal.models.meetings import meeting_organisation

ORGANISATIONS = 20
MEMBERS = 10_000
ACTIVITIES = 1_000_000
MONTHS = 24
MEETINGS = 2_000
INVITED = 20
MATERIALS = 2_000
READERS = 10
PASSWORD = "benchmark password that is long"  # noqa: S105 - a scratch data set
HASH_METHOD = "pbkdf2:sha256:1000"
CHUNK = 20_000
ADMIN_PHONE = "+6281100000000"


def member_phone(i: int) -> str:
    return f"+62812{i:08d}"


def coordinator_phone(org: int) -> str:
    return f"+62813{org:08d}"


def _bulk(table, rows) -> None:
    rows = list(rows)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start : start + CHUNK])


def _stream(table, generate, total: int) -> None:
    batch = []
    for row in generate(total):
        batch.append(row)
        if len(batch) == CHUNK:
            db.session.execute(insert(table), batch)
            batch = []
    if batch:
        db.session.execute(insert(table), batch)


def reset() -> None:
    """Drop and recreate every table: the data set is rebuilt from nothing."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        db.session.commit()
    else:
        db.drop_all()
    db.create_all()


def build() -> None:
    from portal.seeding import seed_reference

    started = time.perf_counter()

    def step(label: str) -> None:
        db.session.flush()
        print(f"  {label} ({time.perf_counter() - started:.0f} s)", flush=True)

    reset()
    seed_reference()
    now = datetime.now(UTC)
    kinds = list(db.session.scalars(select(OrganisationKind).order_by(OrganisationKind.id)))
    kecamatan = list(db.session.scalars(select(Area.id).where(Area.level == "kecamatan")))
    desa = list(db.session.scalars(select(Area.id).where(Area.level == "desa").order_by(Area.id)))
    ppks = list(db.session.scalars(select(PpksCategory.id).order_by(PpksCategory.id)))
    types = {
        kind.id: list(
            db.session.scalars(
                select(ActivityType.id)
                .where((ActivityType.kind_id == kind.id) | ActivityType.kind_id.is_(None))
                .order_by(ActivityType.id)
            )
        )
        for kind in kinds
    }
    org_kind = [kinds[o % len(kinds)].id for o in range(ORGANISATIONS)]
    _bulk(
        Organisation,
        (
            {
                "id": o + 1,
                "name": f"{kinds[o % len(kinds)].name} {o + 1:02d}"[:160],
                "kind_id": org_kind[o],
                "area_id": kecamatan[o % len(kecamatan)],
                "description": "Organisasi untuk uji kecepatan.",
                "created_at": now,
            }
            for o in range(ORGANISATIONS)
        ),
    )
    digest = passwords.hash_password(PASSWORD)
    people = [(ADMIN_PHONE, "Admin Dinas", True)]
    people += [(coordinator_phone(o), f"Koordinator {o + 1:02d}", False) for o in range(20)]
    people += [(member_phone(i), f"Relawan {i:05d}", False) for i in range(MEMBERS)]
    _bulk(
        User,
        (
            {
                "id": n + 1,
                "full_name": name,
                "phone": phone,
                "password_hash": digest,
                "is_admin": admin,
                "home_desa_id": desa[n % len(desa)],
                "listed": n % 3 == 0,
                "show_phone": n % 6 == 0,
                "created_at": now,
            }
            for n, (phone, name, admin) in enumerate(people)
        ),
    )
    # Users: 1 admin, 2..21 coordinators of organisations 1..20, 22.. members.
    member_user = [22 + i for i in range(MEMBERS)]
    member_org = [1 + i % ORGANISATIONS for i in range(MEMBERS)]
    joined = (now - timedelta(days=800)).date()
    _bulk(
        Membership,
        [
            {
                "user_id": 2 + o,
                "organisation_id": 1 + o,
                "role": "coordinator",
                "status": "active",
                "applied_at": now,
                "joined_on": joined,
                "member_number": f"K-{o:03d}",
            }
            for o in range(ORGANISATIONS)
        ]
        + [
            {
                "user_id": member_user[i],
                "organisation_id": member_org[i],
                "role": "member",
                "status": "active",
                "applied_at": now,
                "joined_on": joined,
                "member_number": f"A-{i:05d}",
            }
            for i in range(MEMBERS)
        ],
    )
    step("organisations, people, memberships")

    first = months.shift(months.current(), -(MONTHS - 1))
    span = (months.last_day(months.current()) - first).days + 1

    def activities(total):
        for j in range(total):
            i = j % MEMBERS
            kind_types = types[org_kind[member_org[i] - 1]]
            yield {
                "id": j + 1,
                "user_id": member_user[i],
                "organisation_id": member_org[i],
                "activity_type_id": kind_types[j % len(kind_types)],
                "desa_id": desa[(i + j // MEMBERS) % len(desa)],
                "done_on": first + timedelta(days=(j * 7919) % span),
                "duration_minutes": 30 + (j % 8) * 15,
                "people_served": j % 25,
                "title": f"Kegiatan nomor {j}",
                "description": "Penyuluhan dan pendataan kebutuhan warga di balai desa.",
                "submission_id": f"bench-{j:08d}",
                "created_at": now,
                "updated_at": now,
            }

    _stream(Activity, activities, ACTIVITIES)
    step("activities")

    def links(total):
        for j in range(total):
            for k in range(j % 3):
                yield {"activity_id": j + 1, "ppks_category_id": ppks[(j + k) % len(ppks)]}

    _stream(activity_ppks, links, ACTIVITIES)
    step("activity PPKS categories")

    states = ("verified",) * 6 + ("submitted", "submitted", "returned", None)

    def reports(total):
        for i in range(total):
            for m in range(MONTHS - 1):
                status = states[(i + m) % len(states)]
                if status is None:
                    continue
                yield {
                    "user_id": member_user[i],
                    "organisation_id": member_org[i],
                    "month": months.shift(first, m),
                    "status": status,
                    "submitted_at": now,
                    "reviewer_id": 2 + member_org[i] - 1 if status != "submitted" else None,
                    "reviewed_at": now if status != "submitted" else None,
                    "note": "Lengkapi foto kegiatan." if status == "returned" else None,
                    "created_at": now,
                }

    _stream(MonthlyReport, reports, MEMBERS)
    step("monthly reports")

    _meetings(now, first, member_user, kecamatan)
    step("meetings and invitations")
    _materials(now, member_user)
    step("materials and progress")
    if db.engine.dialect.name == "postgresql":
        for name in ("user", "organisation", "activity", "membership", "meeting", "material"):
            sql = f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
            sql += f'(SELECT max(id) FROM "{name}"))'  # noqa: S608 - our own table names
            db.session.execute(text(sql))
    db.session.commit()
    analyse()
    step("committed and analysed")


def _meetings(now, first, member_user, kecamatan) -> None:
    start = datetime.combine(first, datetime.min.time(), UTC) + timedelta(hours=1)
    hours = int((now + timedelta(days=60) - start).total_seconds() // 3600)
    rows, orgs, invitations = [], [], []
    for n in range(MEETINGS):
        org = 1 + n % ORGANISATIONS
        starts = start + timedelta(hours=(n * 7907) % hours)
        rows.append(
            {
                "id": n + 1,
                "title": f"Rapat koordinasi {n + 1}",
                "kind": ("rakor", "pembinaan", "bimtek", "piket")[n % 4],
                "level": "kecamatan",
                "area_id": kecamatan[n % len(kecamatan)],
                "organisation_id": org,
                "created_by_id": 1 + org,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "venue": f"Balai Desa {n % 39}",
                "venue_key": f"balai desa {n % 39}",
                "agenda": "Evaluasi bulanan dan rencana kegiatan.",
                "checkin_salt": secrets.token_hex(8),
                "created_at": now,
                "updated_at": now,
            }
        )
        orgs.append({"meeting_id": n + 1, "organisation_id": org})
        past = starts < now
        for k in range(INVITED):
            i = (org - 1) + ORGANISATIONS * ((n // ORGANISATIONS + k * 7) % (MEMBERS // 20))
            invitations.append(
                {
                    "meeting_id": n + 1,
                    "user_id": member_user[i],
                    "organisation_id": org,
                    "rsvp": ("yes", "no", "maybe", "pending")[k % 4],
                    "attendance": ("hadir", "izin", "sakit", "tidak_hadir")[k % 4]
                    if past
                    else None,
                    "created_at": now,
                }
            )
    _bulk(Meeting, rows)
    _bulk(meeting_organisation, orgs)
    _bulk(Invitation, invitations)


def _materials(now, member_user) -> None:
    rows, audience, progress = [], [], []
    for n in range(MATERIALS):
        public, everyone = n % 5 == 0, n % 5 == 1
        rows.append(
            {
                "id": n + 1,
                "slug": f"materi-{n + 1}",
                "title": f"Materi pembinaan {n + 1}",
                "kind": ("pedoman", "modul", "sop", "regulasi", "video", "lainnya")[n % 6],
                "summary": "Ringkasan materi untuk relawan.",
                "body": "Isi materi. " * 40,
                "search_text": f"materi pembinaan {n + 1}",
                "audience": "public" if public else "members" if everyone else "organisations",
                "status": "published",
                "organisation_id": None,
                "created_by_id": 1,
                "created_at": now - timedelta(hours=n),
                "updated_at": now - timedelta(hours=n),
                "published_at": now - timedelta(hours=n),
            }
        )
        if not public and not everyone:
            audience.append({"material_id": n + 1, "organisation_id": 1 + n % ORGANISATIONS})
        for k in range(READERS):
            progress.append(
                {
                    "user_id": member_user[(n * READERS + k) % MEMBERS],
                    "material_id": n + 1,
                    "opened_at": now,
                    "completed_at": now if k % 2 else None,
                }
            )
    _bulk(Material, rows)
    _bulk(material_audience, audience)
    _bulk(MaterialProgress, progress)


def analyse() -> None:
    """Planner statistics, as a database that has run for a while has them."""
    # In a transaction that commits: SQLite's statistics are rows of sqlite_stat1, and
    # an AUTOCOMMIT connection here (pysqlite, with the BEGIN of portal/database.py)
    # rolled them back, so the data set had none.
    with db.engine.begin() as conn:
        conn.execute(text("ANALYZE"))


def sync_schema() -> None:
    """New tables and indexes the code has since the data set was built (idempotent);
    summary tables filled if empty, as the migration that adds them does."""
    db.create_all()
    created = False
    with db.engine.begin() as conn:
        names = {
            t: {i["name"] for i in inspect(conn).get_indexes(t.name)}
            for t in db.metadata.sorted_tables
        }
        for table in db.metadata.sorted_tables:
            for index in table.indexes:
                if index.name not in names[table]:
                    index.create(conn)
                    created = True
    if created:
        analyse()
    try:
        from portal.models import ActivitySummary
        from portal.summaries import upkeep
    except ImportError:  # a checkout from before the summary tables
        return
    if db.session.scalar(select(ActivitySummary.month).limit(1)) is None:
        started = time.perf_counter()
        upkeep.rebuild()
        db.session.commit()
        analyse()
        print(f"  summary tables filled ({time.perf_counter() - started:.0f} s)", flush=True)
