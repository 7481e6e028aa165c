"""Every main page at 10,000 members and 1,000,000 activities, against A0 and a naive page.

    .venv/bin/python benchmarks/bench_pages.py build                 # SQLite, minutes
    .venv/bin/python benchmarks/bench_pages.py run [--rounds 5]      # needs wrk
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/simpul_bench \\
        .venv/bin/python benchmarks/bench_pages.py build|run

SQLite lives in $BENCH_DIR (default /tmp/simpul-bench); a PostgreSQL database is emptied
by `build`, so its name must contain "bench". `run` starts three gunicorns with the same
settings (sync, 2 workers): A0 (Flask "hello"), the naive anchor (Flask-SQLAlchemy +
Flask-Login, 50 rows) and the portal, then for each round measures every page with
`wrk -t1 -c16` (throughput, p95) and `wrk -t1 -c1` (p50, p95), A0 in the same round.
The activity POST goes through the real form: 16 members logged in, each request with a
new submission id and a CSRF token from that member's form page; the rows are counted
before and after. Prints ratio to A0 (median [range] over rounds), latencies, queries per
page, RSS per worker, and whether each target of issue 11 holds.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.engine import make_url

from benchmarks import _dataset, _wrk
from benchmarks._http import csrf_token, log_in, read_form

BENCH_DIR = Path(os.environ.get("BENCH_DIR", "/tmp/simpul-bench"))  # noqa: S108 - scratch
PORTS = {"a0": 18301, "naive": 18302, "portal": 18303}
TARGETS = {"page": 0.10, "fragment": 0.25, "post": 0.12}
P95_LIMIT_MS = 50
RSS_LIMIT_MB = 115


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}"
    if "bench" not in (make_url(url).database or ""):
        sys.exit("Refusing: the PostgreSQL database's name must contain 'bench'.")
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def portal_env(url: str) -> dict:
    return {
        "DATABASE_URL": url,
        "SIMPUL_SECRET_KEY": "benchmark-secret-key-0123456789abcdef0123456789",
        "SIMPUL_RATELIMIT_ENABLED": "false",
        "SIMPUL_TRUSTED_PROXIES": "1",
        "SIMPUL_PASSWORD_HASH_METHOD": _dataset.HASH_METHOD,
        "SIMPUL_UPLOAD_FOLDER": str(BENCH_DIR / "uploads"),
        "SIMPUL_INSTANCE_PATH": str(BENCH_DIR / "instance"),
    }


def make_app(url: str, **config):
    from portal import create_app

    for key, value in portal_env(url).items():
        os.environ.setdefault(key, value)
    return create_app(config)


def build(url: str) -> None:
    from portal.extensions import db

    app = make_app(url)
    print(f"Building the data set in {make_url(url).render_as_string(hide_password=True)}")
    with app.app_context():
        _dataset.build()
        db.engine.dispose()


def facts(app) -> dict:
    """Who logs in and which objects the pages show."""
    from sqlalchemy import select

    from portal import months
    from portal.extensions import db
    from portal.models import Membership, User

    with app.app_context():
        _dataset.sync_schema()
        member = db.session.scalar(select(User).where(User.phone == _dataset.member_phone(0)))
        membership = db.session.scalar(select(Membership).where(Membership.user_id == member.id))
        org = membership.organisation_id
        db.engine.dispose()
    return {"org": org, "membership": membership.id, "month": months.to_param(months.current())}


def pages(f: dict) -> list[dict]:
    month = f"/laporan/{f['membership']}/{f['month']}"
    hx = {"HX-Request": "true"}
    return [
        {"name": "member home", "who": "member", "path": "/"},
        {"name": "member month", "who": "member", "path": month},
        {"name": "coordinator home", "who": "coordinator", "path": "/"},
        {"name": "report list", "who": "coordinator", "path": "/laporan/"},
        {"name": "overview (coordinator)", "who": "coordinator", "path": "/laporan/ringkasan"},
        {"name": "overview (admin)", "who": "admin", "path": "/laporan/ringkasan"},
        {"name": "member list", "who": "coordinator", "path": f"/organisasi/{f['org']}/anggota"},
        {"name": "public directory", "who": None, "path": "/direktori/"},
        {"name": "library", "who": "member", "path": "/materi/"},
        {"name": "meeting page", "who": "member", "path": "/rapat/1"},
        {
            "name": "fragment: report list filter",
            "who": "coordinator",
            "path": f"/laporan/?organisasi={f['org']}&status=submitted",
            "headers": hx,
            "kind": "fragment",
        },
        {
            "name": "fragment: activity types",
            "who": "member",
            "path": f"/kegiatan/baru?organisation={f['org']}",
            "headers": hx,
            "kind": "fragment",
        },
        {"name": "activity POST", "who": "writers", "path": "/kegiatan/baru", "kind": "post"},
    ]


def writers(port: int, count: int = 16, tokens: int = 8) -> list[dict]:
    """16 members logged in, each with the form's fields and a few CSRF tokens."""
    from portal.i18n import today_wib

    people = []
    for i in range(count):
        session = log_in(port, _dataset.member_phone(i * 37))
        pool, form = [], None
        for _ in range(tokens):
            status, html = session.request("GET", "/kegiatan/baru")
            assert status == 200, status
            pool.append(csrf_token(html))
            form = read_form(html)
        fields = {
            "organisation": form.values.get("organisation") or form.options["organisation"][0],
            "done_on": today_wib().isoformat(),
            "activity_type": form.options["activity_type"][0],
            "desa": form.values.get("desa") or form.options["desa"][0],
            "hours": "1",
            "minutes": "30",
            "people_served": "4",
            "title": "Pendataan warga terdampak",
            "description": "Diukur oleh bench_pages.py",
            "ppks": form.options.get("ppks", [""])[0],
        }
        people.append({"cookie": session.cookie_header(), "fields": fields, "tokens": pool})
    return people


def count_queries(app, page_list: list[dict], f: dict) -> dict[str, int]:
    """Statements per page (BEGIN not counted, as tests/helpers.py), through the test client."""
    from sqlalchemy import event

    from portal.extensions import db

    clients = {}
    for who, phone in (
        ("member", _dataset.member_phone(0)),
        ("coordinator", _dataset.coordinator_phone(0)),
        ("admin", _dataset.ADMIN_PHONE),
    ):
        client = app.test_client()
        response = client.post(
            "/masuk",
            data={"login": phone, "password": _dataset.PASSWORD},
            base_url="https://localhost",
        )
        assert response.status_code == 303, response.status_code
        clients[who] = client
    clients[None] = app.test_client()
    with app.app_context():
        engine = db.engine
    seen: list[str] = []

    def listener(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement)

    counts = {}
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for page in page_list:
            if page["kind"] == "post":
                continue
            client = clients[page["who"]]
            for _warm_then_count in range(2):
                seen.clear()
                response = client.get(
                    page["path"], headers=page.get("headers", {}), base_url="https://localhost"
                )
            assert response.status_code == 200, (page["path"], response.status_code)
            counts[page["name"]] = len(seen)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
        with app.app_context():
            db.engine.dispose()
    return counts


def run(url: str, rounds: int, duration: int, only: str | None) -> None:
    app = make_app(url, WTF_CSRF_ENABLED=False)
    f = facts(app)
    page_list = [{"kind": "page", **p} for p in pages(f)]
    if only:
        page_list = [p for p in page_list if any(w in p["name"] for w in only.split(","))]
    queries = count_queries(app, page_list, f)
    env = {**os.environ, **portal_env(url)}
    with _wrk.servers(PORTS, env, BENCH_DIR) as logs:
        sessions = {
            "member": log_in(PORTS["portal"], _dataset.member_phone(0)).cookie_header(),
            "coordinator": log_in(PORTS["portal"], _dataset.coordinator_phone(0)).cookie_header(),
            "admin": log_in(PORTS["portal"], _dataset.ADMIN_PHONE).cookie_header(),
            None: "",
        }
        naive_cookie = _wrk.naive_login(PORTS["naive"])
        people = writers(PORTS["portal"]) if any(p["kind"] == "post" for p in page_list) else []
        results = _wrk.rounds(
            page_list, sessions, naive_cookie, people, PORTS, rounds, duration, app, BENCH_DIR
        )
        rss = _wrk.worker_rss(PORTS)
        locked = _wrk.count_in(logs["portal"], "database is locked")
    report(page_list, results, queries, rss, locked, app)


def report(page_list, results, queries, rss, locked, app) -> None:
    from portal.extensions import db

    with app.app_context():
        dialect = db.engine.dialect.name
    a0 = results["A0"]
    a0_rps = statistics.median(r["rps16"] for r in a0)
    print(f"\nDatabase: {dialect}; rounds: {len(a0)}; A0 median {a0_rps:.0f} req/s at c=16")
    print(
        f"{'page':34} {'ratio median [range]':24} {'c1 p50':>7} {'c1 p95':>7} "
        f"{'c16 p95':>8} {'queries':>7}  target"
    )
    failures = []
    for page in [{"name": "naive anchor", "kind": "anchor"}, *page_list]:
        rows = results[page["name"]]
        ratios = [r["rps16"] / a["rps16"] for r, a in zip(rows, a0, strict=True)]
        p50 = statistics.median(r["c1_p50"] for r in rows)
        p95 = statistics.median(r["c1_p95"] for r in rows)
        p95_16 = statistics.median(r["c16_p95"] for r in rows)
        ratio = statistics.median(ratios)
        verdict = ""
        if page["kind"] in TARGETS:
            ok = ratio >= TARGETS[page["kind"]] and p95 <= P95_LIMIT_MS
            if page["kind"] != "post" and sum(r.get("errors", 0) for r in rows):
                verdict = f"{sum(r['errors'] for r in rows)} answers not 200; "
                ok = False
            if page["kind"] == "post":
                bad = sum(r.get("errors", 0) for r in rows)
                lost = sum(r.get("lost", 0) for r in rows)
                ok = ok and bad == 0 and lost == 0 and locked == 0
                verdict = f"errors {bad}, lost {lost}, locked {locked}; "
            verdict += f"{'holds' if ok else 'MISSED'} (>= {TARGETS[page['kind']]:.2f}, p95 <= 50)"
            if not ok:
                failures.append(page["name"])
        print(
            f"{page['name']:34} {ratio:5.3f} [{min(ratios):.3f}-{max(ratios):.3f}]"
            f"{'':7} {p50:6.1f}  {p95:6.1f}  {p95_16:7.1f} {queries.get(page['name'], ''):>7}"
            f"  {verdict}"
        )
    for name, sizes in rss.items():
        print(f"RSS per worker, {name}: " + ", ".join(f"{s:.0f} MB" for s in sizes))
    portal_rss = max(rss.get("portal") or [0])
    if portal_rss > RSS_LIMIT_MB:
        failures.append("memory")
    print(
        f"Memory target (<= {RSS_LIMIT_MB} MB per worker): "
        f"{'holds' if portal_rss <= RSS_LIMIT_MB else 'MISSED'}"
    )
    print("All targets hold." if not failures else f"Targets missed: {', '.join(failures)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("build", "run"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=5, help="seconds of each c=16 run")
    parser.add_argument("--only", help="comma-separated parts of page names")
    args = parser.parse_args()
    url = database_url()
    if args.command == "build":
        build(url)
    else:
        run(url, args.rounds, args.duration, args.only)


if __name__ == "__main__":
    main()
