"""Benchmark of issue 16: drafting the consolidated report of one province-period.

    .venv/bin/python bench/reporting_bench.py                                  # SQLite
    createdb -h 127.0.0.1 -U postgres hangviet_bench_report
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench_report \\
        .venv/bin/python bench/reporting_bench.py                              # PostgreSQL

Builds once (reused later) a province with 100 reporting units (90 communes, 7 departments,
3 press agencies) and 20,000 confirmed activities in 2026H1, every unit reporting with a
narrative in the demo's words, 90% of the reports accepted. Then, in a fresh process each
time, times the first consolidation (cold: new process, new connection, the database's own
caches as the previous run left them) and five more (warm), and the DOCX, XLSX and PDF; prints
the page count of the PDF.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench-report.sqlite3"))
NAME = "Tỉnh đo hiệu năng (bench)"


def build(n_activities: int) -> None:
    from django.db import transaction

    from hangviet.activities.models import KIND_DEFAULTS, Status
    from hangviet.activities.services import activities_bulk_create
    from hangviet.orgs.models import UnitKind
    from hangviet.orgs.services import unit_create
    from hangviet.plans.models import Cadence, Channel, Plan, ReportingObligation, Theme
    from hangviet.reporting import services
    from hangviet.reporting.demo import _narrative

    rng = random.Random(16)
    with transaction.atomic():
        province = unit_create(by=None, kind=UnitKind.PROVINCE_PC, name=NAME, parent=None)
        department = unit_create(
            by=None,
            kind=UnitKind.DEPARTMENT,
            name="Sở Văn hóa (bench)",
            parent=province,
            abbreviation="SVH",
        )
        unit_create(by=None, kind=UnitKind.FRONT, name="Ủy ban MTTQ (bench)", parent=province)
        reporters = [
            unit_create(
                by=None,
                kind=UnitKind.COMMUNE_PC,
                name=f"Ủy ban nhân dân xã Thử {i}",
                short_name=f"UBND xã Thử {i}",
                area_name=f"Xã Thử {i}",
                parent=province,
                is_mountainous=i % 3 == 0,
                is_remote=i % 5 == 0,
            )
            for i in range(90)
        ]
        reporters += [
            unit_create(by=None, kind=UnitKind.DEPARTMENT, name=f"Sở {i} (bench)", parent=province)
            for i in range(7)
        ]
        reporters += [
            unit_create(by=None, kind=UnitKind.PRESS, name=f"Báo {i} (bench)", parent=province)
            for i in range(3)
        ]
        plan = Plan.objects.create(
            issuing_unit=department,
            number="18",
            symbol="KH-SVH",
            place="Thử",
            issue_day=23,
            issue_month=1,
            issue_year=2026,
            summary="Thông tin, tuyên truyền thực hiện Cuộc vận động năm 2026",
        )
        Theme.objects.create(plan=plan, text="Tuyên truyền 06 nhiệm vụ trọng tâm", order=0)
        obligation = ReportingObligation.objects.create(
            plan=plan, recipient=department, cadences=[Cadence.SEMIANNUAL]
        )
        obligation.reporters.set(reporters)
        channels = {c.code: c for c in Channel.objects.all()}
        kinds = {
            UnitKind.COMMUNE_PC: ["loudspeaker", "loudspeaker", "loudspeaker", "banner_poster"],
            UnitKind.DEPARTMENT: ["portal_post", "portal_post", "conference", "fair"],
            UnitKind.PRESS: ["article", "article", "tv_report", "radio_programme"],
        }
        rows = []
        start = date(2025, 12, 15)
        for n in range(n_activities):
            unit = reporters[n % len(reporters)]
            kind = rng.choice(kinds[unit.kind])
            measure, channel = KIND_DEFAULTS[kind]
            rows.append(
                {
                    "unit": unit,
                    "plan": plan,
                    "channel": channels[channel],
                    "kind": kind,
                    "title": f"Hoạt động {kind} số {n}",
                    "summary": "",
                    "date": start + timedelta(days=rng.randrange(181)),
                    "end_date": None,
                    "quantity": rng.randint(1, 30),
                    "measure": measure,
                    "url": "",
                    "status": Status.CONFIRMED,
                    "external_id": "",
                    "import_key": f"bench-{n}",
                }
            )
        for i in range(0, len(rows), 5000):
            activities_bulk_create(rows[i : i + 5000], by=None, source="import", note="bench")
        services.indicators_default(plan=plan, by=None)
        requests = services.requests_generate(plan=plan, period_code="2026H1", by=None)
        for i, request in enumerate(requests):
            report = services.report_start(request=request, by=None)
            services.report_save(
                report=report,
                by=None,
                lock_version=report.lock_version,
                narrative=_narrative(report, rng),
            )
            services.report_submit(report=report, by=None)
            if i % 10:
                services.report_accept(report=report, by=None)


def measure() -> dict:  # type: ignore[type-arg]
    """One fresh process: the first consolidation (cold) and five more (warm)."""
    import django

    django.setup()
    from hangviet.core.pdf import soffice
    from hangviet.plans.models import Plan
    from hangviet.reporting import consolidation, documents

    plan = Plan.objects.get(issuing_unit__name="Sở Văn hóa (bench)")
    t = time.perf_counter()
    c = consolidation.consolidate(plan, "2026H1")
    cold = time.perf_counter() - t
    warm = []
    for _ in range(5):
        t = time.perf_counter()
        c = consolidation.consolidate(plan, "2026H1")
        warm.append(time.perf_counter() - t)
    t = time.perf_counter()
    data = documents.consolidation_docx(c)
    docx_s = time.perf_counter() - t
    t = time.perf_counter()
    documents.consolidation_xlsx(c)
    xlsx_s = time.perf_counter() - t
    pages, pdf_s = None, None
    if soffice():
        t = time.perf_counter()
        pdf = documents.consolidation_pdf(c)
        pdf_s = time.perf_counter() - t
        out = ROOT / "var" / "bench-report.pdf"
        out.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True)
        for line in info.stdout.splitlines():
            if line.startswith("Pages:"):
                pages = int(line.split()[1])
    return {
        "units": len(c.records),
        "accepted": len(c.accepted),
        "activities": c.activity_count,
        "cold_s": round(cold, 3),
        "warm_median_s": round(statistics.median(warm), 3),
        "docx_s": round(docx_s, 3),
        "docx_kb": len(data) // 1024,
        "xlsx_s": round(xlsx_s, 3),
        "pdf_s": round(pdf_s, 2) if pdf_s else None,
        "pdf_pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes to time")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    import django

    django.setup()
    from django.core.management import call_command

    from hangviet.orgs.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(name=NAME).exists():
        print(f"building the province with {args.activities:,} activities …", flush=True)
        t = time.perf_counter()
        build(args.activities)
        print(f"  built in {time.perf_counter() - t:.0f} s", flush=True)
    from django.db import connection

    print(f"database: {connection.vendor}")
    for run in range(args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--measure"],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        )
        print(f"run {run + 1}: {out.stdout.strip().splitlines()[-1]}", flush=True)


if __name__ == "__main__":
    main()
