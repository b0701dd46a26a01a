"""Run every bench, so that none rots: `--small` runs each at a scale of seconds (CI does this,
`core/tests/test_benches.py`); without it, each at the scale docs/benchmarks.md reports.

    .venv/bin/python bench/run_all.py --small          # all, small, each on a fresh SQLite file
    .venv/bin/python bench/run_all.py --small --only xlsx_bench reporting_bench

Each bench runs in its own process with its own database file and variable directory (with
DATABASE_URL set, on that PostgreSQL database instead). A bench that exits non-zero is a
failure, named with the end of its output; the run exits 1 if any failed. Prints how long each
took; the figures themselves are in each bench's own output.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench → its arguments at a small scale (the full scale is each bench's default)
SMALL: dict[str, list[str]] = {
    "activities_bench": ["--rows", "2000", "--runs", "3", "--import-rows", "200"],
    "analytics_bench": ["--activities", "4000"],
    "directory_bench": [],
    "directory_eval": [],
    "exchange_chain_bench": ["--provinces", "2", "--bodies", "2"],
    "load_bench": ["--seconds", "2", "--clients", "2"],
    "monitoring_bench": [],
    "page_weight": [],
    "pdf_budget_bench": [],
    "reporting_bench": ["--activities", "600", "--runs", "1"],
    "xlsx_bench": ["--rows", "2000"],
}
SMALL_SCALE = "0.01"  # for the benches whose size is a constant (HANGVIET_BENCH_SCALE)


def run(name: str, args: list[str], small: bool, timeout: float) -> tuple[bool, float, str]:
    with tempfile.TemporaryDirectory(prefix=f"hangviet-{name}-") as work:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hangviet.settings"}
        env.setdefault("HANGVIET_VAR_DIR", work)
        if not env.get("DATABASE_URL"):
            env["SQLITE_PATH"] = str(Path(work) / "bench.sqlite3")
        if small:
            env["HANGVIET_BENCH_SCALE"] = SMALL_SCALE
        started = time.perf_counter()
        try:
            done = subprocess.run(
                [sys.executable, str(ROOT / "bench" / f"{name}.py"), *args],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return False, time.perf_counter() - started, f"no answer after {timeout:.0f} s"
        took = time.perf_counter() - started
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        return done.returncode == 0, took, tail


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="each bench in seconds")
    parser.add_argument("--only", nargs="*", default=None, help="these benches only")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per bench")
    given = parser.parse_args()
    names = given.only or list(SMALL)
    unknown = [n for n in names if n not in SMALL]
    if unknown:
        sys.exit(f"unknown bench: {', '.join(unknown)} (known: {', '.join(SMALL)})")
    failed = []
    for name in names:
        ok, took, tail = run(name, SMALL[name] if given.small else [], given.small, given.timeout)
        print(f"{'ok ' if ok else 'FAIL'} {name:<22} {took:7.1f} s", flush=True)
        if not ok:
            failed.append(name)
            print("    " + tail.replace("\n", "\n    "), flush=True)
    if failed:
        sys.exit(f"{len(failed)} bench(es) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
