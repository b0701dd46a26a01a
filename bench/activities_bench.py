"""Benchmark of issue 4: the activity list with 1,000,000 activities, and a 10,000-row import.

Run (from the repository root, after `make run` or `make test` created .venv):

    .venv/bin/python bench/activities_bench.py                 # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench \\
        .venv/bin/python bench/activities_bench.py              # PostgreSQL

It builds the demo registry, fills the activity table to N rows (default 1,000,000; reused on
later runs), then times the list page as a commune editor and as the coordinator, and the
Excel import of 10,000 rows. Timings are server side (Django test client, no network).
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench.sqlite3"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    from hangviet.activities import excel
    from hangviet.activities.models import Activity, Kind, Measure, Status
    from hangviet.orgs import demo
    from hangviet.orgs.models import Role, Unit, UnitKind
    from hangviet.orgs.selectors import subtree
    from hangviet.orgs.services import role_grant
    from hangviet.plans.demo import build_plans
    from hangviet.plans.models import Channel

    units = demo.build_registry()
    plans = build_plans()
    User = get_user_model()

    def user(name: str, role: str, unit: Unit):
        u = User.objects.filter(username=name).first() or User.objects.create_user(name)
        role_grant(by=None, user=u, role=role, unit=unit)
        return u

    commune_user = user("bench_commune", Role.EDITOR, units["commune"])
    coordinator = user("bench_coord", Role.COORDINATOR, units["coordinator_division"])

    have = Activity.all_objects.count()
    if have < args.rows:
        rng = random.Random(1)
        province = units["province"]
        pool = list(
            subtree(province).filter(
                kind__in=[UnitKind.COMMUNE_PC, UnitKind.DEPARTMENT, UnitKind.PRESS]
            )
        )
        channels = list(Channel.objects.all())
        kinds = Kind.values
        start = date(2022, 1, 1)
        t0 = time.perf_counter()
        batch = []
        for i in range(have, args.rows):
            unit = rng.choice(pool)
            day = start + timedelta(days=rng.randrange(1600))
            if unit.valid_to and day > unit.valid_to:
                day = unit.valid_to - timedelta(days=rng.randrange(30))
            if unit.valid_from and day < unit.valid_from:
                day = unit.valid_from + timedelta(days=rng.randrange(300))
            batch.append(
                Activity(
                    unit_id=unit.pk,
                    channel=rng.choice(channels),
                    kind=rng.choice(kinds),
                    title=f"Hoạt động tuyên truyền số {i}",
                    search_title=f"hoat dong {i}",
                    date=day,
                    quantity=rng.randint(1, 9),
                    measure=Measure.ITEMS,
                    status=Status.CONFIRMED,
                    source="import",
                    import_key=f"bench-{i}",
                )
            )
            if len(batch) == 20_000:
                Activity.objects.bulk_create(batch, batch_size=5000)
                batch = []
                print(f"  … {i + 1:,} rows", flush=True)
        Activity.objects.bulk_create(batch, batch_size=5000)
        print(f"filled to {args.rows:,} activities in {time.perf_counter() - t0:.0f} s")
        if connection.vendor == "sqlite":
            with connection.cursor() as c:
                c.execute("ANALYZE")
        else:
            with connection.cursor() as c:
                c.execute("ANALYZE activities_activity")

    def timed(client: Client, url: str) -> tuple[float, float]:
        client.get(url)  # warm caches
        samples = []
        for _ in range(args.runs):
            t = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]

    results = []
    for label, who in (("commune editor", commune_user), ("coordinator", coordinator)):
        client = Client()
        client.force_login(who)
        for what, url in (
            ("list, first page", "/hoat-dong/"),
            ("list, period 2026H1 + channel", "/hoat-dong/?period=2026H1&channel=commune_radio"),
            ("list, page 20", "/hoat-dong/?page=20"),
        ):
            p50, p95 = timed(client, url)
            results.append((f"{what} — {label}", p50, p95))

    # 10,000-row Excel import (as the coordinator, over the province's communes).
    communes = list(
        Unit.objects.filter(
            kind=UnitKind.COMMUNE_PC, valid_to__isnull=True, parent=units["province"]
        )
    )
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    ws.append(excel.HEADERS)
    stamp = int(time.time())
    for i in range(args.import_rows):
        unit = communes[i % len(communes)]
        ws.append(
            [
                f"{unit.display_name} [{unit.pk}]",
                date(2026, 1, 5) + timedelta(days=i % 150),
                None,
                "Đài truyền thanh cấp xã, loa truyền thanh [commune_radio]",
                "Phát loa truyền thanh [loudspeaker]",
                f"Bản tin {stamp}-{i}",
                "",
                2,
                "",
                "",
                "",
                "",
                "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    t = time.perf_counter()
    result = excel.read(out.getvalue(), user=coordinator, plan=plans["2026"])
    checked = time.perf_counter() - t
    result = excel.save(result, by=coordinator, filename="bench.xlsx")
    total = time.perf_counter() - t
    assert result.created == args.import_rows, (result.created, result.errors[:3])

    print()
    print(f"database: {connection.vendor}; activities: {Activity.all_objects.count():,}")
    print(f"{'query':<58} {'p50 ms':>8} {'p95 ms':>8}")
    for name, p50, p95 in results:
        print(f"{name:<58} {p50:8.1f} {p95:8.1f}")
    print(
        f"Excel import of {args.import_rows:,} rows: checked in {checked:.1f} s, "
        f"saved in {total:.1f} s total"
    )


if __name__ == "__main__":
    main()
