"""How long the library search takes over 2,000 materials (issue 5).

    .venv/bin/python benchmarks/bench_materials.py          # a temporary SQLite file
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        .venv/bin/python benchmarks/bench_materials.py      # PostgreSQL

Fills the database with 2,000 published materials (title, summary and a Markdown
body of 2-6 KB each, in several audiences), then times the search the library page
runs (one page of 20 with its total, one LIKE per word) for a member of one
organisation, and the whole page through the test client. Prints medians and 95th
percentiles in milliseconds. On PostgreSQL it DROPS and recreates the app's tables.
"""

import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text

from portal import create_app
from portal.extensions import db
from portal.models import Material, Membership, Organisation, OrganisationKind, User
from portal.models.base import utcnow
from portal.models.materials import KINDS, material_audience, searchable

MATERIALS = 2000
ORGANISATIONS = 10
RUNS = 30
PASSWORD = "bench-password-panjang-sekali"  # noqa: S105 - a throwaway account
WORDS = [
    "bencana",
    "banjir",
    "longsor",
    "evakuasi",
    "pengungsi",
    "posko",
    "dapur",
    "umum",
    "logistik",
    "relawan",
    "tagana",
    "psm",
    "tksk",
    "lansia",
    "anak",
    "disabilitas",
    "rehabilitasi",
    "sosial",
    "bantuan",
    "pangan",
    "keluarga",
    "harapan",
    "pendataan",
    "verifikasi",
    "desa",
    "kecamatan",
    "kabupaten",
    "koordinasi",
    "rapat",
    "laporan",
    "bulanan",
    "kegiatan",
    "pendampingan",
    "konseling",
    "trauma",
    "psikososial",
    "kekerasan",
    "perempuan",
    "perlindungan",
    "hukum",
    "kesejahteraan",
    "pemberdayaan",
    "masyarakat",
    "gotong",
    "royong",
    "kesiapsiagaan",
    "simulasi",
    "peringatan",
    "dini",
    "tenda",
    "air",
    "bersih",
    "sanitasi",
    "kesehatan",
    "gizi",
    "balita",
    "sekolah",
    "pelatihan",
    "modul",
    "pedoman",
    "standar",
    "operasional",
    "prosedur",
    "regulasi",
    "peraturan",
    "menteri",
    "sosial",
    "dinas",
    "petugas",
    "lapangan",
    "formulir",
    "dokumentasi",
    "foto",
    "jadwal",
    "piket",
    "sukarelawan",
    "kapasitas",
    "jaringan",
    "mitra",
]
COLUMNS = f"{'best':>8} {'median':>8} {'p95':>8}"
VOCABULARY: tuple[list[str], list[float]] = ([], [])
QUERIES = {
    "one common word": "banjir",
    "two words": "evakuasi lansia",
    "a phrase part": "dapur um",
    "a rare word": "zzyzx",  # never in the data: every row is read
    "one letter (everything matches)": "a",
}


SYLLABLES = "ba be bi bu ka ke ki ku la le li lu ma me mi mu na ne ni nu pa pe pi pu ra re ri ru "
SYLLABLES += "sa se si su ta te ti tu an ang ar at ng ny"


def vocabulary(rng: random.Random, size: int = 4000) -> tuple[list[str], list[float]]:
    """The domain words among made-up ones, with Zipf-like frequencies, so that a search
    word appears in some documents and not in all of them, as in real text."""
    syllables = SYLLABLES.split()
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size)}
    words = sorted(words - set(WORDS))
    rng.shuffle(words)
    for i, word in enumerate(WORDS):
        words.insert(rng.randint(20, 2000) if i % 2 else rng.randint(0, 200), word)
    return words, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))


def sentence(rng: random.Random, n: int) -> str:
    words, cumulative = VOCABULARY
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n)).capitalize() + "."


def body(rng: random.Random) -> str:
    parts = []
    while sum(len(p) for p in parts) < rng.randint(2000, 6000):
        parts.append("## " + sentence(rng, 4))
        parts.append(" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(4)))
        parts.append("\n".join("- " + sentence(rng, 6) for _ in range(3)))
    return "\n\n".join(parts)


def fill(rng: random.Random) -> tuple[int, str]:
    """Organisations, one member of the first, and the materials; returns (member id, phone)."""
    global VOCABULARY
    VOCABULARY = vocabulary(rng)
    kind = db.session.scalar(select(OrganisationKind).limit(1))
    organisations = [Organisation(name=f"Organisasi {n}", kind_id=kind.id) for n in range(10)]
    db.session.add_all(organisations)
    db.session.flush()
    from portal import passwords

    member = User(
        full_name="Anggota Benchmark",
        phone="+6281399990000",
        password_hash=passwords.hash_password(PASSWORD),
    )
    db.session.add(member)
    db.session.flush()
    db.session.add(
        Membership(user_id=member.id, organisation_id=organisations[0].id, status="active")
    )
    now = utcnow()
    rows = []
    for n in range(MATERIALS):
        audience = rng.choice(("organisations", "organisations", "members", "public"))
        title = sentence(rng, rng.randint(4, 9))[:200]
        summary = sentence(rng, rng.randint(15, 30))[:500]
        text_body = body(rng)
        rows.append(
            {
                "slug": f"materi-{n}",
                "title": title,
                "kind": rng.choice(KINDS),
                "summary": summary,
                "body": text_body,
                # A bulk insert skips the ORM event that fills this on every save.
                "search_text": searchable(title, summary, text_body),
                "audience": audience,
                "status": "published",
                "organisation_id": rng.choice(organisations).id,
                "created_at": now,
                "updated_at": now,
                "published_at": now - timedelta(hours=6 * n),  # one every six hours
            }
        )
    db.session.execute(insert(Material), rows)
    ids = db.session.scalars(select(Material.id).where(Material.audience == "organisations"))
    links = [{"material_id": i, "organisation_id": rng.choice(organisations).id} for i in ids]
    db.session.execute(insert(material_audience), links)
    db.session.commit()
    return member.id, member.phone


def timed(fn, runs: int = RUNS) -> tuple[float, float, float]:
    fn()  # warm the caches and the query compiler
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return samples[0], statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-materials-")
    config = {
        "TESTING": True,
        "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-0123",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "UPLOAD_FOLDER": os.path.join(folder, "uploads"),
    }
    if not os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder}/bench.sqlite3"
    app = create_app(config)
    with app.app_context():
        dialect = db.engine.dialect.name
        if dialect == "postgresql":
            db.drop_all()  # a fresh schema, whatever an older run left there
        db.create_all()
        from portal.seeding import seed_reference

        seed_reference()
        start = time.perf_counter()
        member_id, phone = fill(random.Random(5))  # noqa: S311 - test data, not secrets
        took = time.perf_counter() - start
        print(f"database: {dialect}; filled {MATERIALS} materials in {took:.1f} s")
        volume = db.session.scalar(
            select(text("sum(length(title) + length(summary) + length(body))")).select_from(
                Material
            )
        )
        print(f"text searched: {volume / 1e6:.1f} million characters\n")

    from portal.materials import queries

    print(f"{'search (service: first page of 20 and total)':<48}{COLUMNS}  hits")
    for label, query in QUERIES.items():
        with app.app_context():
            member = db.session.get(User, member_id)
            hits = queries.library_page(member, query=query).total
            best, median, p95 = timed(lambda q=query, m=member: queries.library_page(m, query=q))
        print(
            f"  {label + ' ' + repr(query):<46} {best:6.1f}ms {median:6.1f}ms {p95:6.1f}ms  {hits}"
        )

    client = app.test_client()
    client.post(
        "/masuk",
        data={"login": "0" + phone[3:], "password": PASSWORD},
        base_url="https://localhost",
    )
    print(f"\n{'whole page GET /materi/?q=... (logged-in member)':<48}{COLUMNS}")
    for label, query in QUERIES.items():

        def page(q=query):
            response = client.get("/materi/", query_string={"q": q}, base_url="https://localhost")
            assert response.status_code == 200, response.status_code
            assert b"materi</p>" in response.data or b"materi untuk" in response.data

        best, median, p95 = timed(page)
        print(f"  {label + ' ' + repr(query):<46} {best:6.1f}ms {median:6.1f}ms {p95:6.1f}ms")


if __name__ == "__main__":
    main()
