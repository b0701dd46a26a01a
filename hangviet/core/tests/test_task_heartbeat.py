"""A task whose worker dies is re-run within seconds of its heartbeat stopping, on the database
queue and on the Redis queue — not after the 15-minute lease.

Runs real workers (`hangviet db_worker`, `hangviet rqworker`) in subprocesses on a file SQLite
database, kills them with SIGKILL mid-task, and lets the scheduler's pass put the task back."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

HANGVIET = [sys.executable, "-m", "hangviet.cli"]
BEATS = "__import__('hangviet.core.models', fromlist=['x']).TaskBeat.objects"
RUNS = "__import__('hangviet.core.models', fromlist=['x']).ScheduledRun.objects"

own_sqlite = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the scenario runs on its own SQLite file; PostgreSQL is covered by the same code",
)


def run(env: dict, *args: str, timeout: int = 120) -> str:
    done = subprocess.run(
        [*HANGVIET, *args], env=env, capture_output=True, text=True, timeout=timeout, check=True
    )
    return done.stdout


def value(env: dict, expression: str) -> str:
    return run(env, "shell", "-c", f"print({expression})").strip().splitlines()[-1]


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "beat.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "hangviet.settings",
        "HANGVIET_VAR_DIR": str(tmp_path),
        "HANGVIET_TASK_BEAT_SECONDS": "1",
        "HANGVIET_TASK_DEAD_AFTER_SECONDS": "3",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    run(env, "migrate", "--noinput", "-v0")
    return env


WATCH = """
import time
from hangviet.core.models import TaskBeat
deadline = time.monotonic() + 60
while not TaskBeat.objects.exists():
    assert time.monotonic() < deadline, "the worker never started the task"
    time.sleep(0.1)
first = TaskBeat.objects.get().beat_at
time.sleep(2.5)
print("beating" if TaskBeat.objects.get().beat_at > first else "silent")
"""


def _wait_for_beats(env: dict) -> None:
    """Until the worker has started the task and beaten at least twice."""
    assert run(env, "shell", "-c", WATCH).strip().splitlines()[-1] == "beating"


def _kill_all(token: str) -> None:
    """SIGKILL every process whose command line holds `token`: the worker and the work-horse
    it forked (RQ's horse starts a session of its own, out of the worker's process group)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if token in command:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


def _kill_midtask(env: dict, token: str, *command: str) -> None:
    """Start a worker named `token` (its command ends with the option taking the name), wait
    until its task beats, kill it, and check the scheduler's pass puts the task back once."""
    worker = subprocess.Popen(
        [*HANGVIET, *command, token],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    _wait_for_beats(env)
    _kill_all(token)  # no chance to clean up
    worker.wait(timeout=10)
    rerun = "print(__import__('hangviet.core.heartbeat', fromlist=['x']).rerun_dead())"
    # Its last beat is still recent: nothing is put back yet.
    assert run(env, "shell", "-c", rerun).strip().splitlines()[-1] == "0"
    time.sleep(3.5)
    assert run(env, "shell", "-c", rerun).strip().splitlines()[-1] == "1"
    assert value(env, f"{BEATS}.get().reruns") == "1"
    assert value(env, f"{BEATS}.get().requeued_at is not None") == "True"
    # Put back once: a second pass does not queue it twice.
    assert run(env, "shell", "-c", rerun).strip().splitlines()[-1] == "0"


@own_sqlite
def test_a_task_whose_database_queue_worker_dies_is_rerun(tmp_path: Path):
    env = _env(tmp_path)
    run(
        env,
        "shell",
        "-c",
        "from hangviet.core.tests.slow_task import record_slowly\n"
        "record_slowly.enqueue('beaten', 15)",
    )
    _kill_midtask(env, "beaten-db-worker", "db_worker", "--interval", "0.2", "--worker-id")
    tasks = "__import__('django_tasks_db.models', fromlist=['x']).DBTaskResult.objects"
    assert value(env, f"{tasks}.get().status") == "READY"
    run(env, "db_worker", "--batch", "--worker-id", "second", timeout=120)
    assert value(env, f"{tasks}.get().status") == "SUCCESSFUL"
    assert value(env, f"{RUNS}.filter(name='beaten').count()") == "1"
    assert value(env, f"{BEATS}.count()") == "0"  # finished: its beat is gone


def _redis(url: str):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    client = Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisDown:
        pytest.skip(f"no Redis at {url}")
    return client


@own_sqlite
def test_a_task_whose_redis_queue_worker_dies_is_rerun(tmp_path: Path):
    # a database of its own (one of 10–15, by process: two checkouts testing at once on one
    # machine do not empty each other's), emptied first
    url = f"redis://127.0.0.1:6379/{10 + os.getpid() % 6}"
    _redis(url).flushdb()
    env = _env(tmp_path, TASKS_BACKEND="django_tasks_rq.RQBackend", REDIS_URL=url)
    run(
        env,
        "shell",
        "-c",
        "from hangviet.core.tests.slow_task import record_slowly\n"
        "print(record_slowly.enqueue('beaten', 15).id)",
    )
    rq = ("rqworker", "--job-class", "django_tasks_rq.Job", "default", "--name")
    _kill_midtask(env, "beaten-rq-worker", *rq)
    queued = "__import__('django_rq').get_queue('default').count"
    assert value(env, queued) == "1"
    run(env, "rqworker", "--job-class", "django_tasks_rq.Job", "--burst", "default", timeout=120)
    assert value(env, f"{RUNS}.filter(name='beaten').count()") == "1"
    assert value(env, f"{BEATS}.count()") == "0"
    _redis(url).flushdb()


@pytest.mark.django_db
def test_a_task_that_keeps_killing_its_worker_is_failed_and_a_beating_one_left_alone():
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from hangviet.core.heartbeat import MAX_RERUNS, rerun_dead
    from hangviet.core.models import TaskBeat
    from hangviet.core.tasks import requeue_stale
    from hangviet.core.tests.slow_task import record_slowly

    long_ago = timezone.now() - timedelta(hours=1)
    killer = record_slowly.enqueue("killer", 1)
    alive = record_slowly.enqueue("alive", 1)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago)
    beat = dict(backend="default", task_path="x", args=[], started_at=long_ago)
    TaskBeat.objects.create(
        task_id=killer.id, worker="w1", beat_at=long_ago, reruns=MAX_RERUNS, **beat
    )
    TaskBeat.objects.create(task_id=alive.id, worker="w2", beat_at=timezone.now(), **beat)
    assert rerun_dead() == 0
    assert DBTaskResult.objects.get(id=killer.id).status == "FAILED"  # given up, said why
    assert "died" in DBTaskResult.objects.get(id=killer.id).traceback
    assert not TaskBeat.objects.filter(task_id=killer.id).exists()
    # Running for an hour but beating: a long task, which neither path puts back.
    assert requeue_stale() == 0
    assert DBTaskResult.objects.get(id=alive.id).status == "RUNNING"
