"""The Wilayah pages (issue 14): kabupaten, kecamatan and desa, for the admin and a
coordinator, with wrk against A0 as in bench_pages.py.

    .venv/bin/python benchmarks/bench_areas.py build --activities 20000 --members 2000
    .venv/bin/python benchmarks/bench_areas.py run [--rounds 3]      # needs wrk
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/simpul_bench \\
        .venv/bin/python benchmarks/bench_areas.py build|run

The data set is bench_pages.py's (benchmarks/_dataset.py); build takes the size (the
issue's target: --members 10000 --activities 1000000, its defaults). SQLite lives in
$BENCH_DIR (default /tmp/simpul-bench-areas, apart from bench_pages' own); a PostgreSQL
database is emptied by `build`, so its name must contain "bench". `run` fills the summary
table if it is empty, counts each page's queries, then measures every page with
`wrk -t1 -c16` and `-c1` in each round beside A0 and the naive anchor, and prints the p95
of each page against the issue's 100 ms.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ.setdefault("BENCH_DIR", "/tmp/simpul-bench-areas")  # noqa: S108 - scratch

from benchmarks import _dataset, _wrk, bench_pages
from benchmarks._http import log_in

PORTS = {"a0": 18311, "naive": 18312, "portal": 18313}
P95_LIMIT_MS = 100


def build(url: str, members: int, activities: int) -> None:
    _dataset.MEMBERS, _dataset.ACTIVITIES = members, activities
    _dataset.MEETINGS = min(_dataset.MEETINGS, max(20, members // 5))
    _dataset.MATERIALS = min(_dataset.MATERIALS, max(20, members // 5))
    bench_pages.build(url)


def facts(app) -> dict:
    """A kecamatan and one of its desa, by code; and the summary table filled."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Area

    with app.app_context():
        _dataset.sync_schema()
        kecamatan = db.session.scalar(
            select(Area).where(Area.level == "kecamatan").order_by(Area.code)
        )
        desa = db.session.scalar(
            select(Area.code).where(Area.parent_id == kecamatan.id).order_by(Area.code)
        )
        found = {"kecamatan": kecamatan.code, "desa": desa}
        db.engine.dispose()
    return found


def pages(f: dict) -> list[dict]:
    kecamatan = f"/wilayah/{f['kecamatan']}"
    desa = f"{kecamatan}/{f['desa']}"
    return [
        {"name": "kabupaten (admin)", "who": "admin", "path": "/wilayah/"},
        {"name": "kabupaten (coordinator)", "who": "coordinator", "path": "/wilayah/"},
        {"name": "kecamatan (admin)", "who": "admin", "path": kecamatan},
        {"name": "kecamatan (coordinator)", "who": "coordinator", "path": kecamatan},
        {"name": "desa (admin)", "who": "admin", "path": desa},
    ]


def run(url: str, rounds: int, duration: int) -> None:
    app = bench_pages.make_app(url, WTF_CSRF_ENABLED=False)
    f = facts(app)
    page_list = [{"kind": "page", **p} for p in pages(f)]
    queries = bench_pages.count_queries(app, page_list, f)
    env = {**os.environ, **bench_pages.portal_env(url)}
    with _wrk.servers(PORTS, env, bench_pages.BENCH_DIR):
        sessions = {
            "coordinator": log_in(PORTS["portal"], _dataset.coordinator_phone(0)).cookie_header(),
            "admin": log_in(PORTS["portal"], _dataset.ADMIN_PHONE).cookie_header(),
        }
        naive_cookie = _wrk.naive_login(PORTS["naive"])
        results = _wrk.rounds(
            page_list,
            sessions,
            naive_cookie,
            [],
            PORTS,
            rounds,
            duration,
            app,
            bench_pages.BENCH_DIR,
        )
    report(page_list, results, queries, app)


def report(page_list, results, queries, app) -> None:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Activity, Membership

    with app.app_context():
        dialect = db.engine.dialect.name
        activities = db.session.scalar(select(func.count()).select_from(Activity))
        members = db.session.scalar(select(func.count()).select_from(Membership))
        db.engine.dispose()
    a0 = results["A0"]
    print(
        f"\nDatabase: {dialect}; {members:,} memberships, {activities:,} activities; "
        f"rounds: {len(a0)}; A0 median {statistics.median(r['rps16'] for r in a0):.0f} req/s"
    )
    print(f"{'page':26} {'ratio':>6} {'c1 p50':>7} {'c1 p95':>7} {'c16 p95':>8} {'queries':>7}")
    missed = []
    for page in page_list:
        rows = results[page["name"]]
        ratio = statistics.median(r["rps16"] / a["rps16"] for r, a in zip(rows, a0, strict=True))
        p50 = statistics.median(r["c1_p50"] for r in rows)
        p95 = statistics.median(r["c1_p95"] for r in rows)
        p95_16 = statistics.median(r["c16_p95"] for r in rows)
        errors = sum(r.get("errors", 0) for r in rows)
        ok = p95 <= P95_LIMIT_MS and not errors
        if not ok:
            missed.append(page["name"])
        print(
            f"{page['name']:26} {ratio:6.3f} {p50:7.1f} {p95:7.1f} {p95_16:8.1f}"
            f" {queries.get(page['name'], ''):>7}  {'holds' if ok else 'MISSED'}"
            f"{f' ({errors} not 200)' if errors else ''}"
        )
    print(
        f"p95 <= {P95_LIMIT_MS} ms: all hold."
        if not missed
        else f"p95 target missed: {', '.join(missed)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("build", "run"))
    parser.add_argument("--members", type=int, default=_dataset.MEMBERS)
    parser.add_argument("--activities", type=int, default=_dataset.ACTIVITIES)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds of each c=16 run")
    args = parser.parse_args()
    url = bench_pages.database_url()
    if args.command == "build":
        build(url, args.members, args.activities)
    else:
        run(url, args.rounds, args.duration)


if __name__ == "__main__":
    main()
