"""Two hangviet installations exchange a signed report over HTTP (issue 32).

Installation A is this test's own database, served by the live server: the provincial
departments (Sở Văn hóa, Thể thao và Du lịch; Sở Công Thương) sign their reports there.
Installation B is another process with its own SQLite file and its own gunicorn on 127.0.0.1:
the provincial Front's. A sends; B receives, verifies against the authority it trusts and
answers; A reads the statuses; a replacement supersedes; a revocation withdraws; a tampered
package is refused with its reason; B adds up the two departments' figures."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from hangviet.core import edxml, signing, testkeys
from hangviet.core.pdf import soffice
from hangviet.exchange import services, transports
from hangviet.exchange.models import State
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.services import role_grant
from hangviet.plans.demo import OWN_PLAN
from hangviet.plans.importing import import_file
from hangviet.reporting import services as reporting
from hangviet.reporting.models import CopyState
from hangviet.reporting.tests.test_reporting import accept

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="B runs on its own SQLite file; A's database plays no part in the exchange",
    ),
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed: skipped"),
]
HANGVIET = [sys.executable, "-m", "hangviet.cli"]
SECRET = "khoa-chung-giua-hai-he-thong"
FRONT_CODE = "000.00.90.H55"
SETUP_B = """
from django.contrib.auth import get_user_model
from hangviet.exchange import services
from hangviet.orgs import demo
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.services import role_grant
demo.build_registry()
front = Unit.objects.get(kind=UnitKind.FRONT, agency_code="{front}")
clerk = get_user_model().objects.create_user("vanthu", first_name="Lê Thị Mai")
role_grant(by=None, user=clerk, role=Role.EDITOR, unit=front)
for code, name in {senders!r}:
    services.peer_save(by=None, agency_code=code, name=name, transport="http",
                       address="{a_url}", secret="{secret}")
"""
READ_B = """
import json
from hangviet.exchange import consolidation
from hangviet.exchange.models import Package
from hangviet.orgs.models import Unit, UnitKind
front = Unit.objects.get(kind=UnitKind.FRONT, agency_code="{front}")
print(json.dumps({{
    "packages": [
        {{"id": p.pk, "state": p.state, "business": p.business, "sender": p.sender_code,
          "pdf": p.document_sha256, "replaces": p.replaces_id, "problem": p.problem}}
        for p in Package.objects.filter(direction="in").order_by("id")
    ],
    "figures": consolidation.received(front, "2026H1").as_figures(),
}}, ensure_ascii=False))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Installation:
    """Installation B: its database file, its settings, its server."""

    def __init__(self, folder: Path, trust: Path):
        config = folder / "signing.json"
        config.write_text(json.dumps({"trust_roots": [str(trust)]}), encoding="utf-8")
        self.env = {
            **os.environ,
            "SQLITE_PATH": str(folder / "b.sqlite3"),
            "DJANGO_SETTINGS_MODULE": "hangviet.settings",
            "HANGVIET_VAR_DIR": str(folder),
            "MEDIA_ROOT": str(folder / "media"),
            "HANGVIET_SIGNING_CONFIG": str(config),
        }
        self.env.pop("DATABASE_URL", None)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server: subprocess.Popen | None = None

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [*HANGVIET, *args], env=self.env, capture_output=True, text=True, timeout=180
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def read(self) -> dict:
        return json.loads(self.run("shell", "-c", READ_B.format(front=FRONT_CODE)).splitlines()[-1])

    def start(self) -> None:
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hangviet.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "1",
                "--threads",
                "4",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2)
                return
            except OSError:
                assert time.monotonic() < deadline, "installation B did not start"
                time.sleep(0.3)

    def stop(self) -> None:
        if self.server is not None:
            os.killpg(self.server.pid, signal.SIGTERM)
            self.server.wait(timeout=20)


def department(plan, code: str, username: str, name: str, coordinator) -> None:
    """Number the department's report for 2026H1 from one accepted unit report."""
    head = get_user_model().objects.create_user(username, first_name=name)
    role_grant(by=None, user=head, role=Role.HEAD, unit=plan.issuing_unit)
    reporting.indicators_default(plan=plan, by=coordinator)
    requests = reporting.requests_generate(plan=plan, period_code="2026H1", by=coordinator)
    accept(requests[0], {"carol": coordinator}, articles=(code, "Theo số liệu của đơn vị"))
    reporting.consolidation_save(
        plan=plan,
        period_code="2026H1",
        by=coordinator,
        number=username[-2:],
        sent_on=date(2026, 7, 2),
    )
    return head


def test_two_installations_send_answer_replace_revoke_refuse_and_consolidate(
    tmp_path, live_server, world, people, settings, monkeypatch
):
    culture_plan = import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]
    industry = world["industry"]
    industry_plan = import_file(
        OWN_PLAN.read_bytes(), filename="sct.txt", by=None, issuer=industry
    )[1]
    coordinator = get_user_model().objects.create_user("dieuphoi2")
    role_grant(by=None, user=coordinator, role=Role.COORDINATOR, unit=industry)
    head_culture = department(culture_plan, 9, "hang15", "Nguyễn Thị Thu Hằng", people["carol"])
    head_industry = department(industry_plan, 4, "minh07", "Trần Văn Minh", coordinator)
    keys = testkeys.write_demo_keys(
        tmp_path / "a-signing",
        agencies={
            culture_plan.issuing_unit.agency_code: (culture_plan.issuing_unit.name, "SVHTTDL"),
            industry.agency_code: (industry.name, "SCT"),
        },
        signers={"hang15": "Nguyễn Thị Thu Hằng", "minh07": "Trần Văn Minh"},
        passphrase_env=testkeys.DEMO_PASSPHRASE_ENV,
    )
    monkeypatch.setenv(testkeys.DEMO_PASSPHRASE_ENV, testkeys.DEMO_PASSPHRASE)
    settings.SIGNING_CONFIG = str(keys)
    trust = Path(signing.load_config(keys).trust_roots[0])

    (tmp_path / "b").mkdir()
    b = Installation(tmp_path / "b", trust)
    b.run("migrate", "--noinput", "-v0")
    senders = [
        (culture_plan.issuing_unit.agency_code, culture_plan.issuing_unit.name),
        (industry.agency_code, industry.name),
    ]
    b.run(
        "shell",
        "-c",
        SETUP_B.format(front=FRONT_CODE, senders=senders, a_url=live_server.url, secret=SECRET),
    )
    b.start()
    try:
        front = Unit.objects.get(kind=UnitKind.FRONT, agency_code=FRONT_CODE)
        services.peer_save(
            by=None,
            agency_code=FRONT_CODE,
            name=front.name,
            transport="http",
            address=b.url,
            secret=SECRET,
        )
        # 1. The Sở signs and sends; B answers at once: arrived.
        first = reporting.consolidation_sign(
            plan=culture_plan, period_code="2026H1", by=head_culture
        )
        out = services.copy_send(copy=first, by=head_culture)
        assert services.deliver_due() == (1, 0)
        out.refresh_from_db()
        assert out.state == State.ARRIVED
        # 2. The Front acknowledges on B; the status comes back to A.
        seen = b.read()["packages"]
        assert [(p["state"], p["business"]) for p in seen] == [("arrived", "new")]
        b.run("exchange", "answer", str(seen[0]["id"]), "acknowledge", "--as", "vanthu")
        out.refresh_from_db()
        assert out.state == State.RECEIVED
        assert reporting.state_of(first) == CopyState.RECEIVED  # the sign page says it
        # 3. The second department's report, acknowledged too; B adds up both.
        other = reporting.consolidation_sign(
            plan=industry_plan, period_code="2026H1", by=head_industry
        )
        services.copy_send(copy=other, by=head_industry)
        services.deliver_due()
        seen = b.read()["packages"]
        b.run("exchange", "answer", str(seen[-1]["id"]), "acknowledge", "--as", "vanthu")
        figures = b.read()["figures"]
        assert figures["units"] == {"expected": 2, "accepted": 2}
        articles = {i["code"]: i for i in figures["indicators"]}["articles"]
        sent = {
            copy.pk: {i["code"]: i["value"] for i in copy.details["figures"]["indicators"]}
            for copy in (first, other)
        }
        assert articles["value"] == sent[first.pk]["articles"] + sent[other.pk]["articles"]
        assert sorted(articles["by_group"].values()) == sorted(
            [sent[first.pk]["articles"], sent[other.pk]["articles"]]
        )
        # 4. A second signed version replaces the first on B's list.
        second = reporting.consolidation_sign(
            plan=culture_plan, period_code="2026H1", by=head_culture
        )
        replacement = services.copy_send(copy=second, by=head_culture)
        assert replacement.business == "replace"
        services.deliver_due()
        packages = {p["pdf"]: p for p in b.read()["packages"]}
        assert packages[first.sha256]["state"] == "replaced"
        assert packages[second.sha256]["replaces"] == packages[first.sha256]["id"]
        # 5. The Sở revokes it, with its reason.
        services.copy_send(
            copy=second, by=head_culture, business="revoke", reason="Sai số liệu mục II.1"
        )
        services.deliver_due()
        packages = {(p["pdf"], p["business"]): p for p in b.read()["packages"]}
        assert packages[(second.sha256, "replace")]["state"] == "revoked"
        # 6. A tampered package is refused with its reason, and listed as refused.
        envelope = edxml.read(out.content())
        pdf = envelope.attachments[0].data
        at = pdf.index(b"/Contents <") + 60
        envelope.attachments[0].data = (
            pdf[:at] + (b"1" if pdf[at : at + 1] == b"0" else b"0") + pdf[at + 1 :]
        )
        envelope.document_id = ""
        peer = services.peer_for(FRONT_CODE)
        tampered = edxml.write(envelope)
        answer = transports.HttpTransport().send(
            peer, tampered, "sua.edxml", envelope.sender.organ_id
        )
        assert answer.state == "refused" and "chữ ký" in answer.reason.lower()
        refused = [p for p in b.read()["packages"] if p["state"] == "refused"]
        assert len(refused) == 1 and refused[0]["problem"] == answer.reason
        # The same bytes again are not a second package.
        again = transports.HttpTransport().send(
            peer, tampered, "sua.edxml", envelope.sender.organ_id
        )
        assert again.state == "duplicate"
        assert len([p for p in b.read()["packages"] if p["state"] == "refused"]) == 1
    finally:
        b.stop()
