"""A worker killed mid-task and restarted: no task is lost, none is done twice.

Runs the real `hangviet db_worker` in subprocesses on a file SQLite database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HANGVIET = [sys.executable, "-m", "hangviet.cli"]


def run(env: dict, *args: str, timeout: int = 120) -> str:
    done = subprocess.run(
        [*HANGVIET, *args], env=env, capture_output=True, text=True, timeout=timeout, check=True
    )
    return done.stdout


def count(env: dict, expression: str) -> int:
    out = run(env, "shell", "-c", f"print({expression})")
    return int(out.strip().splitlines()[-1])


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the scenario runs on its own SQLite file; PostgreSQL is covered by the same code",
)
def test_a_killed_worker_loses_no_task(tmp_path: Path):
    env = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "worker.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "hangviet.settings",
        "HANGVIET_VAR_DIR": str(tmp_path),
        # The lease is the last resort, for a task whose worker died before it beat: no beat
        # counts as fresh here (the heartbeat's own path is test_task_heartbeat.py).
        "HANGVIET_TASK_DEAD_AFTER_SECONDS": "0",
    }
    env.pop("DATABASE_URL", None)
    run(env, "migrate", "--noinput", "-v0")
    run(
        env,
        "shell",
        "-c",
        "from hangviet.core.tests.slow_task import record_slowly\n"
        "for i in range(4): record_slowly.enqueue(f'job-{i}', 1.5)",
    )
    # Without the autoreloader (on when DEBUG is): killed, the worker itself dies, not a parent
    # that leaves it running on.
    worker = subprocess.Popen(
        [*HANGVIET, "db_worker", "--no-reload", "--interval", "0.2", "--worker-id", "first"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    from_django = "__import__('django_tasks_db.models', fromlist=['x']).DBTaskResult.objects"
    deadline = time.monotonic() + 60
    while count(env, f"{from_django}.filter(status='RUNNING').count()") == 0:
        assert time.monotonic() < deadline, "the worker never started a task"
        time.sleep(0.2)
    os.killpg(worker.pid, signal.SIGKILL)  # no chance to clean up
    worker.wait(timeout=10)
    assert count(env, f"{from_django}.filter(status='RUNNING').count()") == 1
    # The scheduler's job puts the abandoned task back (a zero lease here, 15 minutes live).
    requeued = run(
        env,
        "shell",
        "-c",
        "from datetime import timedelta\nfrom hangviet.core.tasks import requeue_stale\n"
        "print(requeue_stale(timedelta(0)))",
    )
    assert requeued.strip().splitlines()[-1] == "1"
    run(env, "db_worker", "--batch", "--worker-id", "second", timeout=120)
    statuses = run(
        env, "shell", "-c", f"print(list({from_django}.values_list('status', 'worker_ids')))"
    )
    assert count(env, f"{from_django}.filter(status='SUCCESSFUL').count()") == 4, statuses
    names = "__import__('hangviet.core.models', fromlist=['x']).ScheduledRun.objects"
    assert count(env, f"{names}.filter(name__startswith='job-').count()") == 4
