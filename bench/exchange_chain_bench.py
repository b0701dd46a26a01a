"""Issue 32: the centre consolidating the provinces' packages — receive, verify, acknowledge,
consolidate.

    .venv/bin/python bench/exchange_chain_bench.py                 # 34 provinces × 20 bodies
    .venv/bin/python bench/exchange_chain_bench.py --provinces 4 --bodies 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench_exchange \\
        .venv/bin/python bench/exchange_chain_bench.py              # PostgreSQL (empty database)

Builds, outside the timing, one signed report per reporting body (a one-page PDF signed with a
PAdES signature by its province's throw-away key, its figures JSON, the edXML package) and a
fresh database with the centre's unit, its clerk and the senders as partners. Then times, in
this order: receiving every package (parse, signature verified against the trusted root,
figures checked, stored, status message queued), the clerk acknowledging each one, and the
centre's consolidation of all of them. Prints JSON.
"""

import argparse
import hashlib
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
WORK = Path(tempfile.mkdtemp(prefix="hangviet-exchange-bench-"))
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(WORK / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign import signers as pdf_signer  # noqa: E402
from pyhanko.sign.fields import SigSeedSubFilter  # noqa: E402
from pyhanko.sign.signers import PdfSignatureMetadata  # noqa: E402
from pypdf import PdfWriter  # noqa: E402

from hangviet.core import edxml, signing, testkeys  # noqa: E402
from hangviet.exchange import consolidation, services  # noqa: E402
from hangviet.exchange.models import Peer  # noqa: E402
from hangviet.orgs.models import Role, Unit, UnitKind  # noqa: E402
from hangviet.orgs.services import role_grant  # noqa: E402
from hangviet.reporting.computing import DEFAULT_INDICATORS  # noqa: E402
from hangviet.reporting.exchange import FIGURES_SCHEMA  # noqa: E402

CENTRE = "000.00.01.G12"
PADES = SigSeedSubFilter.PADES
PERIOD = "2026H1"


def blank_pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign_invisibly(pdf: bytes, key: object) -> bytes:
    """A PAdES signature without an appearance (what verification costs is the same; the
    visible stamp's font subsetting would only slow the set-up)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = PdfSignatureMetadata(field_name="Seal", md_algorithm="sha256", subfilter=PADES)
    return bytes(pdf_signer.sign_pdf(writer, meta, signer=key).getbuffer())


def packages(provinces: int, bodies: int) -> tuple[list[bytes], list[tuple[str, str]], Path]:
    agencies = {
        f"000.00.90.H{p:02d}": (f"Ủy ban MTTQ tỉnh số {p}", "MTTQ") for p in range(provinces)
    }
    config = testkeys.write_demo_keys(WORK / "keys", agencies=agencies, signers={})
    loaded = signing.load_config(config)
    made, senders = [], []
    for p, code in enumerate(agencies):
        with signing.open_key(loaded.agencies[code]) as key:
            for b in range(bodies):
                sender = f"{b + 100:03d}.00.90.H{p:02d}"
                name = f"Cơ quan {b} của tỉnh {p}"
                senders.append((sender, name))
                pdf = signing.sign(
                    blank_pdf(name),
                    key=key,
                    field_name="Seal",
                    box=(300, 100, 500, 160),
                    page=0,
                    text=name,
                )
                figures = {
                    "schema": FIGURES_SCHEMA,
                    "document": {
                        "number": f"{b}/BC",
                        "dated": "2026-07-02",
                        "sha256": hashlib.sha256(pdf).hexdigest(),
                    },
                    "period": {"code": PERIOD},
                    "rule": "record",
                    "indicators": [
                        {"code": code_, "name": name_, "unit": unit_, "value": (p * 7 + b) % 50}
                        for code_, name_, unit_, *_r in DEFAULT_INDICATORS
                    ],
                }
                made.append(
                    edxml.write(
                        edxml.Envelope(
                            sender=edxml.Party(organ_id=sender, name=name),
                            receivers=[edxml.Party(organ_id=CENTRE, name="Ban Chỉ đạo Trung ương")],
                            code_number=str(b),
                            code_notation="BC",
                            place="Hà Nội",
                            promulgated_on=date(2026, 7, 2),
                            type_name="Báo cáo",
                            subject="Báo cáo",
                            attachments=[
                                edxml.Attachment(
                                    name="bc.pdf", content_type="application/pdf", data=pdf
                                ),
                                edxml.Attachment(
                                    name="so-lieu.json",
                                    content_type="application/json",
                                    data=json.dumps(figures, ensure_ascii=False).encode(),
                                ),
                            ],
                        )
                    )
                )
    return made, senders, config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--bodies", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    data, senders, config = packages(args.provinces, args.bodies)
    built = time.perf_counter() - started
    settings.SIGNING_CONFIG = str(config)
    call_command("migrate", verbosity=0)
    centre = Unit.objects.create(
        name="Ban Chỉ đạo Trung ương Cuộc vận động", kind=UnitKind.STEERING, agency_code=CENTRE
    )
    clerk = get_user_model().objects.create_user("vanthu-tw")
    role_grant(by=None, user=clerk, role=Role.EDITOR, unit=centre)
    Peer.objects.bulk_create(
        Peer(agency_code=code, name=name, transport="folder", address=str(WORK / "out"))
        for code, name in senders
    )
    times, states = [], {}
    t0 = time.perf_counter()
    received = []
    for package in data:
        t = time.perf_counter()
        result = services.receive(package)
        times.append(time.perf_counter() - t)
        states[result.state] = states.get(result.state, 0) + 1
        received.append(result.package)
    receive_total = time.perf_counter() - t0
    t0 = time.perf_counter()
    for package in received:
        services.package_acknowledge(package=package, by=clerk)
    acknowledge_total = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = consolidation.received(centre, PERIOD)
    consolidate_s = time.perf_counter() - t0
    again = time.perf_counter()
    duplicate = services.receive(data[0]).state
    duplicate_ms = (time.perf_counter() - again) * 1000
    times.sort()
    print(
        json.dumps(
            {
                "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "packages": len(data),
                "package_kb": round(statistics.mean(len(d) for d in data) / 1024, 1),
                "build_signed_packages_s": round(built, 1),
                "states": states,
                "receive_total_s": round(receive_total, 1),
                "receive_per_package_ms": {
                    "median": round(statistics.median(times) * 1000, 1),
                    "p95": round(times[int(len(times) * 0.95) - 1] * 1000, 1),
                    "max": round(times[-1] * 1000, 1),
                },
                "acknowledge_total_s": round(acknowledge_total, 1),
                "consolidate_s": round(consolidate_s, 2),
                "counted": len(result.counted),
                "lines": len(result.lines),
                "duplicate": [duplicate, round(duplicate_ms, 1)],
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
