"""Every bench still runs (issue 34: a bench that crashes measures nothing): `bench/run_all.py
--small` runs each one at a scale of seconds on a fresh SQLite file."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the benches run once per CI run, on their own SQLite files",
)
def test_every_bench_runs_at_a_small_scale():
    env = {k: v for k, v in os.environ.items() if k not in ("SQLITE_PATH", "HANGVIET_VAR_DIR")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run_all.py"), "--small", "--timeout", "300"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    ran = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("ok ")}
    # Every script of bench/ is run: a new bench joins run_all.py or this test fails.
    assert ran == {p.stem for p in (ROOT / "bench").glob("*.py") if p.stem != "run_all"}
