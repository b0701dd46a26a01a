"""Acknowledged writes survive a kill -9 of the server (issue 34).

A real gunicorn (2 workers × 4 threads) serves a file SQLite database; eight clients send API
writes as fast as they can; the whole server is killed with SIGKILL in the middle. Every write
the server acknowledged (200/201) must be in the database afterwards, whole: its row and its
audit entry. Writes that got no answer may or may not be there — that is what the outbox's
idempotency key is for."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

HANGVIET = [sys.executable, "-m", "hangviet.cli"]
SETUP = """
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.services import api_token_create, role_grant
from django.contrib.auth import get_user_model
unit = Unit.objects.create(name="UBND xã Thử Nghiệm", kind=UnitKind.COMMUNE_PC, code="99999")
user = get_user_model().objects.create_user("bientap")
role_grant(by=None, user=user, role="editor", unit=unit)
_token, raw = api_token_create(by=None, user=user, name="kill test")
print(unit.pk)
print(raw)
"""


def run(env: dict, *args: str, timeout: int = 120) -> str:
    done = subprocess.run(
        [*HANGVIET, *args], env=env, capture_output=True, text=True, timeout=timeout, check=True
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the scenario runs on its own SQLite file; PostgreSQL commits the same way",
)
def test_every_acknowledged_write_survives_a_kill(tmp_path: Path):
    env = {
        **os.environ,
        "SQLITE_PATH": str(tmp_path / "kill.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "hangviet.settings",
        "HANGVIET_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    run(env, "migrate", "--noinput", "-v0")
    lines = run(env, "shell", "-c", SETUP).strip().splitlines()
    unit_id, token = int(lines[-2]), lines[-1]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hangviet.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "4",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    url = f"http://127.0.0.1:{port}/api/v1/activities/"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            break
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

    acknowledged: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        i = 0
        while not stop.is_set():
            key = f"c{n}-{i}"
            i += 1
            body = json.dumps(
                {
                    "unit": unit_id,
                    "channel": "commune_radio",
                    "kind": "loudspeaker",
                    "title": f"Bản tin {key}",
                    "date": "2026-03-02",
                    "quantity": 2,
                    "measure": "broadcasts",
                    "external_id": key,
                }
            ).encode()
            request = urllib.request.Request(
                url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            )
            try:
                with urllib.request.urlopen(request, timeout=5) as answer:
                    if answer.status in (200, 201):
                        with lock:
                            acknowledged.append(key)
            except (OSError, urllib.error.HTTPError):
                if stop.is_set():
                    return
                time.sleep(0.05)

    clients = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in clients:
        t.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 150:
        assert time.monotonic() < deadline, f"only {len(acknowledged)} writes were answered"
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # mid-burst, no chance to finish anything
    server.wait(timeout=10)
    time.sleep(0.5)
    stop.set()
    for t in clients:
        t.join(timeout=10)
    keys = sorted(set(acknowledged))
    check = (
        "import json\n"
        "from hangviet.activities.models import Activity\n"
        "from hangviet.core.models import AuditEvent\n"
        f"keys = {keys!r}\n"
        "found = dict(Activity.all_objects.filter(external_id__in=keys)"
        ".values_list('external_id', 'pk'))\n"
        "audited = set(AuditEvent.objects.filter(content_type__model='activity', action='create',"
        " object_id__in=[str(pk) for pk in found.values()]).values_list('object_id', flat=True))\n"
        "print(json.dumps({'found': len(found), 'audited': len(audited),"
        " 'missing': sorted(set(keys) - set(found))[:10]}))"
    )
    result = json.loads(run(env, "shell", "-c", check).strip().splitlines()[-1])
    assert result["missing"] == [], result
    assert result["found"] == len(keys) >= 150
    assert result["audited"] == len(keys), result  # each row with its audit entry: whole
