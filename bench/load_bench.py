"""Load test of issue 9: the public directory search and the activity API, on 127.0.0.1.

    .venv/bin/python bench/load_bench.py [--seconds 20] [--clients 16]

Builds a demo database (var/bench-load.sqlite3, or DATABASE_URL), starts gunicorn
(2 workers × 4 threads) on a free port of 127.0.0.1 and drives it with client threads for a
fixed time per scenario:
- search: GET /hang-viet/?q=… (public pages, various queries, some without diacritics);
- api-read: GET /api/v1/activities/ with a bearer token;
- api-write: POST /api/v1/activities/ — many writers at once, the case where SQLite could
  answer "database is locked" (drafts, as a program sends them);
- quick-entry: the same endpoint as quick entry's outbox sends it: a commune officer's
  session with its CSRF token, confirmed entries (counted into the statistics at once);
- report: GET the consolidated report page of the demo plan's half-year, as the coordinator
  (a signed-in session that passed two-step sign-in);
- mixed: search, api-read and api-write together.
Prints requests per second, p50/p95 latency and errors (any status other than the expected,
and any body mentioning "database is locked").

    .venv/bin/python bench/load_bench.py --both      # SQLite, then PostgreSQL, side by side

`--both` runs the whole set on a fresh SQLite file and on a fresh PostgreSQL database
(`hangviet_bench_load` on 127.0.0.1, user postgres), one after the other on the same machine,
and prints one table with both.
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import urllib3

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    """A port nobody listens on (two runs of the bench on one machine do not collide)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = _free_port()
BASE = f"http://127.0.0.1:{PORT}"
QUERIES = ["che tan cuong", "mat ong", "mien dong", "gạo nếp", "che", "duong phen", "hop tac xa"]


def prepare(env: dict[str, str]) -> str:
    hv = [sys.executable, "-m", "hangviet.cli"]
    subprocess.run([*hv, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*hv, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run(
        [*hv, "api_token", "bientapxa", "--name", "load test"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out.strip().splitlines()[-1]


SESSIONS = """
import json, secrets
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from hangviet.accounts.services import VERIFIED_SESSION_KEY
from hangviet.reporting.models import ReportRequest

def session(username):
    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[VERIFIED_SESSION_KEY] = True
    store.create()
    return store.session_key

last = ReportRequest.objects.filter(period_code__regex=r"^[0-9]{4}H[12]$").order_by("-end").first()
print(json.dumps({
    "officer": session("bientapxa"),
    "coordinator": session("dieuphoi"),
    "csrf": secrets.token_hex(16),
    "report": f"/bao-cao/ke-hoach/{last.plan_id}/{last.period_code}/",
}))
"""


def sessions(env: dict[str, str]) -> dict[str, str]:
    """Signed-in sessions (a commune officer, the coordinator past two-step sign-in), a CSRF
    secret and the address of the report page, made in the database the server uses."""
    out = subprocess.run(
        [sys.executable, "-c", SESSIONS], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def scenario(
    name: str, seconds: float, clients: int, token: str, commune: int, signed: dict | None = None
) -> dict:
    http = urllib3.PoolManager(maxsize=clients * 2, retries=False, timeout=30)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    counter = [0]

    def one(kind: str, rng: random.Random) -> None:
        started = time.perf_counter()
        if kind == "search":
            q = rng.choice(QUERIES)
            r = http.request("GET", f"{BASE}/hang-viet/", fields={"q": q})
            ok = r.status == 200
        elif kind == "api-read":
            r = http.request(
                "GET",
                f"{BASE}/api/v1/activities/?limit=20",
                headers={"Authorization": f"Bearer {token}"},
            )
            ok = r.status == 200
        elif kind == "report":
            r = http.request(
                "GET",
                f"{BASE}{signed['report']}",
                headers={"Cookie": f"sessionid={signed['coordinator']}"},
                redirect=False,
            )
            ok = r.status == 200
        else:
            with lock:
                counter[0] += 1
                n = counter[0]
            quick = kind == "quick-entry"
            body = json.dumps(
                {
                    "unit": commune,
                    "channel": "commune_radio",
                    "kind": "loudspeaker",
                    "title": f"Bản tin tải thử {n}",
                    "date": "2026-03-02",
                    "quantity": 1,
                    "external_id": f"load-{name}-{n}-{os.getpid()}",
                    **({"status": "confirmed"} if quick else {}),
                }
            )
            if quick:  # as the outbox sends it: the session, its CSRF token
                who = {
                    "Cookie": f"sessionid={signed['officer']}; csrftoken={signed['csrf']}",
                    "X-CSRFToken": signed["csrf"],
                }
            else:
                who = {"Authorization": f"Bearer {token}"}
            r = http.request(
                "POST",
                f"{BASE}/api/v1/activities/",
                body=body.encode(),
                headers={**who, "Content-Type": "application/json"},
            )
            ok = r.status in (200, 201)
        elapsed = (time.perf_counter() - started) * 1000
        text = r.data[:2000].decode("utf-8", "replace").lower()
        with lock:
            latencies.append(elapsed)
            if not ok or "database is locked" in text:
                errors.append(f"{kind} {r.status} {text[:120]}")

    kinds = {"mixed": ["search", "search", "api-read", "api-write"]}.get(name, [name])

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            one(rng.choice(kinds), rng)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
    return {
        "scenario": name,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) if latencies else 0,
        "p95": latencies[int(len(latencies) * 0.95) - 1] if latencies else 0,
        "errors": len(errors),
        "sample": errors[:3],
    }


PG_URL = "postgres://postgres@127.0.0.1:5432/hangviet_bench_load"


def both(args: argparse.Namespace) -> None:
    """The set on SQLite, then on PostgreSQL, as one table."""
    import psycopg

    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as pg:
        pg.execute("DROP DATABASE IF EXISTS hangviet_bench_load")
        pg.execute("CREATE DATABASE hangviet_bench_load")
    results = {}
    for name, extra in (("SQLite", {}), ("PostgreSQL", {"DATABASE_URL": PG_URL})):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | extra
        out = ROOT / "var" / f"load-{name}.json"
        subprocess.run(
            [sys.executable, __file__, "--seconds", str(args.seconds), "--clients",
             str(args.clients), "--json-out", str(out)],
            env=env,
            check=True,
        )  # fmt: skip
        results[name] = {r["scenario"]: r for r in json.loads(out.read_text())}
    print(f"\nside by side: {args.clients} clients, {args.seconds:.0f} s per scenario")
    print(f"{'scenario':<11} {'SQLite req/s':>13} {'p95 ms':>8} {'PG req/s':>9} {'p95 ms':>8} "
          f"{'PG/SQLite':>9}")  # fmt: skip
    for scenario_name, lite in results["SQLite"].items():
        pg = results["PostgreSQL"][scenario_name]
        ratio = pg["rps"] / lite["rps"] if lite["rps"] else 0
        print(
            f"{scenario_name:<11} {lite['rps']:>13.1f} {lite['p95']:>8.0f} {pg['rps']:>9.1f} "
            f"{pg['p95']:>8.0f} {ratio:>8.2f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--both", action="store_true", help="SQLite and PostgreSQL, one table")
    parser.add_argument("--json-out", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.both:
        both(args)
        return
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hangviet.settings", "DEBUG": "true"}
    if not env.get("DATABASE_URL"):
        # its own file, emptied first: in HANGVIET_VAR_DIR when given (bench/run_all.py)
        db = Path(env.get("HANGVIET_VAR_DIR") or ROOT / "var") / "bench-load.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        env["SQLITE_PATH"] = str(db)
    token = prepare(env)
    env_server = {
        **env,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    signed = sessions(env_server)  # signed with the server's secret key
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hangviet.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env_server,
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib3.request("GET", f"{BASE}/healthz", timeout=1)
                break
            except urllib3.exceptions.HTTPError:
                time.sleep(0.2)
        import django

        os.environ.update({k: v for k, v in env.items() if k in ("SQLITE_PATH", "DATABASE_URL")})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
        sys.path.insert(0, str(ROOT))
        django.setup()
        from hangviet.orgs.models import Unit

        commune = Unit.objects.get(code="05503", valid_to__isnull=True).pk
        from django.db import connection

        print(f"database: {connection.vendor}; {args.clients} clients; {args.seconds:.0f} s each")
        head = ("scenario", "requests", "req/s", "p50 ms", "p95 ms", "errors")
        print(f"{head[0]:<11} " + " ".join(f"{h:>8}" for h in head[1:]))
        measured = []
        for name in ("search", "api-read", "api-write", "quick-entry", "report", "mixed"):
            r = scenario(name, args.seconds, args.clients, token, commune, signed)
            measured.append(r)
            print(
                f"{r['scenario']:<11} {r['requests']:>8} {r['rps']:>8.1f} {r['p50']:>8.1f} "
                f"{r['p95']:>8.1f} {r['errors']:>7}"
            )
            for sample in r["sample"]:
                print("   ", sample)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(measured))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
