"""gunicorn servers and wrk runs for bench_pages.py."""

import contextlib
import http.client
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
APPS = {
    "a0": "benchmarks._anchors:hello()",
    "naive": "benchmarks._anchors:naive()",
    "portal": "portal:create_app()",
}
# The same settings for all three: sync workers, two of them (the machine has 2 cores).
GUNICORN = ["-w", "2", "-k", "sync", "--keep-alive", "5", "--log-level", "warning"]

STATS = """
local threads = {}
setup = function(thread) table.insert(threads, thread) end
init = function(args) ok = 0; unexpected = 0 end
response = function(status, headers, body)
  if status == EXPECTED then ok = ok + 1 else unexpected = unexpected + 1 end
end
done = function(summary, latency, requests)
  local good, bad = 0, 0
  for _, t in ipairs(threads) do good = good + t:get("ok"); bad = bad + t:get("unexpected") end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), good,
    bad + e.connect + e.read + e.write + e.timeout))
end
"""


def _lua_string(value: str) -> str:
    return "[==[" + value + "]==]"


def post_script(people: list[dict], prefix: str) -> str:
    rows = []
    for person in people:
        tokens = ", ".join(_lua_string(quote(t, safe="")) for t in person["tokens"])
        rows.append(
            f"{{cookie={_lua_string(person['cookie'])}, "
            f"body={_lua_string(urlencode(person['fields']))}, tokens={{{tokens}}}}}"
        )
    return (
        "local people = {" + ",\n".join(rows) + "}\n"
        f"local prefix = {_lua_string(prefix)}\nlocal n = 0\n"
        """
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  local token = p.tokens[(math.floor(n / #people) % #p.tokens) + 1]
  local body = p.body .. "&csrf_token=" .. token .. "&submission_id=" .. prefix
    .. string.format("%010d", n)
  return wrk.format("POST", "/kegiatan/baru", {["Cookie"] = p.cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
""" + STATS.replace("EXPECTED", "303")
    )


@contextlib.contextmanager
def servers(ports: dict, env: dict, folder: Path):
    folder.mkdir(parents=True, exist_ok=True)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    processes, logs = {}, {}
    try:
        for name, port in ports.items():
            logs[name] = folder / f"{name}.log"
            out = open(logs[name], "w")  # noqa: SIM115 - closed with the process
            processes[name] = subprocess.Popen(  # noqa: S603 - our own command
                [gunicorn, *GUNICORN, "-b", f"127.0.0.1:{port}", APPS[name]],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        for name, port in ports.items():
            _wait(port, processes[name], logs[name])
        yield logs
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            process.wait(timeout=30)


def _wait(port: int, process, log: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            sys.exit(f"gunicorn on {port} stopped:\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"gunicorn on {port} did not start")


def drain(port: int) -> None:
    """Wait until both workers are free: wrk leaves queued requests behind when it stops."""
    for _ in range(600):
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        conn.request("GET", "/nothing-here", headers={"Host": "localhost"})
        conn.getresponse().read()
        conn.close()
        if time.perf_counter() - started < 0.05:
            return


def naive_login(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/login?user=22")
    response = conn.getresponse()
    response.read()
    return response.getheader("Set-Cookie").split(";", 1)[0]


def wrk(port: int, path: str, connections: int, seconds: int, script: str, headers: dict):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
    command += ["-s", lua.name]
    for key, value in {"Host": "localhost", "X-Forwarded-Proto": "https", **headers}.items():
        command += ["-H", f"{key}: {value}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    try:
        out = subprocess.run(  # noqa: S603 - our own command
            command, capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(lua.name)
    found = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if not found:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    requests, micros, p50, p95, good, bad = map(int, found.groups())
    return {"rps": requests / (micros / 1e6), "p50": p50 / 1000, "p95": p95 / 1000}, good, bad


def _timed(port: int, path: str, headers: dict) -> dict:
    drain(port)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        conn.request("GET", path, headers={"Host": "localhost", **headers})
        conn.getresponse().read()
        times.append((time.perf_counter() - started) * 1000)
    # Both workers busy at that speed: what wrk would have counted, had one finished.
    rps = 2 / (statistics.median(times) / 1000)
    return {"rps": rps, "p50": statistics.median(times), "p95": max(times)}


def _rows_with(app, prefix: str) -> int:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Activity

    with app.app_context():
        count = db.session.scalar(
            select(func.count()).where(Activity.submission_id.like(f"{prefix}%"))
        )
        db.session.remove()
        return count


def measure(target: dict, sessions, people, ports, duration: int, app) -> dict:
    port = ports[target["server"]]
    headers = dict(target.get("headers") or {})
    cookie = target.get("cookie")
    if cookie:
        headers["Cookie"] = cookie
    result = {}
    for connections, seconds in ((16, duration), (1, max(2, duration * 3 // 5))):
        if target["kind"] == "post":
            prefix = f"wrk-{secrets.token_hex(4)}-"
            before = _rows_with(app, prefix)
            numbers, good, bad = wrk(
                port, target["path"], connections, seconds, post_script(people, prefix), {}
            )
            new_rows = _rows_with(app, prefix) - before
            result["errors"] = result.get("errors", 0) + bad
            result["lost"] = result.get("lost", 0) + max(0, good - new_rows)
        else:
            numbers, good, bad = wrk(
                port,
                target["path"],
                connections,
                seconds,
                STATS.replace("EXPECTED", "200"),
                headers,
            )
            if not good:  # slower than the whole run: time three requests one by one
                numbers = _timed(port, target["path"], headers)
            result["errors"] = result.get("errors", 0) + bad
        drain(port)
        key = "16" if connections == 16 else "1"
        result[f"rps{key}"] = numbers["rps"]
        result[f"c{key}_p50"], result[f"c{key}_p95"] = numbers["p50"], numbers["p95"]
    return result


def rounds(page_list, sessions, naive_cookie, people, ports, count, duration, app, folder):
    targets = [
        {"name": "A0", "server": "a0", "path": "/", "kind": "anchor"},
        {
            "name": "naive anchor",
            "server": "naive",
            "path": "/",
            "kind": "anchor",
            "cookie": naive_cookie,
        },
    ] + [
        {**page, "server": "portal", "cookie": sessions.get(page["who"], "")} for page in page_list
    ]
    results = {t["name"]: [] for t in targets}
    for number in range(count):
        order = targets[number % len(targets) :] + targets[: number % len(targets)]
        started = time.perf_counter()
        for target in order:
            results[target["name"]].append(measure(target, sessions, people, ports, duration, app))
        print(f"  round {number + 1}/{count} ({time.perf_counter() - started:.0f} s)", flush=True)
    return results


def worker_rss(ports: dict) -> dict[str, list[float]]:
    """RSS of each gunicorn worker, by server (the workers of the master on that port)."""
    masters = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            stat = Path(f"/proc/{pid}/stat").read_text().split()
        except OSError:
            continue
        for name, port in ports.items():
            if f"127.0.0.1:{port}".encode() in cmdline:
                masters.setdefault(name, []).append((int(pid), int(stat[3])))
    sizes = {}
    for name, procs in masters.items():
        pids = {pid for pid, _ in procs}
        workers = [pid for pid, parent in procs if parent in pids]
        sizes[name] = [_rss(pid) for pid in workers]
    return sizes


def _rss(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def count_in(log: Path, text: str) -> int:
    return log.read_text(errors="replace").count(text)
