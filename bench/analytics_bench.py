"""Benchmark of issue 8: dashboard queries at national scale, against the naive GROUP BY.

    .venv/bin/python bench/analytics_bench.py [--activities 5000000]          # SQLite
    createdb -h 127.0.0.1 -U postgres hangviet_bench_nat
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench_nat \\
        .venv/bin/python bench/analytics_bench.py                             # PostgreSQL

Generates (once; reused later) a synthetic nation: 34 provinces, 3,321 communes, 1,000
departments and press agencies, and N confirmed activities over four years (2023–2026), with
their pre-aggregated cells computed as they are generated. Then times, 20 runs each after a
warm-up, the dashboard queries (`analytics.selectors.activity_stats`, what the page and the API
call) for a national reader and for a province coordinator, next to the naive GROUP BY over the
activity table giving the same figures; and the latency of one confirmed activity through the
service until the statistics show it.
"""

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench-national.sqlite3"))

PROVINCES, COMMUNES, DEPARTMENTS = 34, 3321, 1000
KINDS = [
    "article",
    "loudspeaker",
    "portal_post",
    "banner_poster",
    "conference",
    "fair",
    "tv_report",
]
FIRST, DAYS = date(2023, 1, 1), 4 * 365


def build_world(n_activities: int) -> None:
    from django.db import connection, transaction

    from hangviet.activities.models import KIND_DEFAULTS
    from hangviet.analytics.aggregation import bucket
    from hangviet.analytics.models import ActivityCell, SubtreeCell, SubtreeTotal
    from hangviet.orgs.models import Unit, UnitKind
    from hangviet.plans.models import Channel

    rng = random.Random(8)
    with transaction.atomic():
        nation = Unit.objects.create(kind=UnitKind.STEERING, name="Ban Chỉ đạo Trung ương (bench)")
        Unit.objects.filter(pk=nation.pk).update(path=f"/{nation.pk}/")
        provinces = Unit.objects.bulk_create(
            [
                Unit(kind=UnitKind.PROVINCE_PC, name=f"Tỉnh {i}", parent=nation, depth=1)
                for i in range(PROVINCES)
            ]
        )
        for p in provinces:
            p.path = f"/{nation.pk}/{p.pk}/"
        Unit.objects.bulk_update(provinces, ["path"])
        leaves = Unit.objects.bulk_create(
            [
                Unit(
                    kind=UnitKind.COMMUNE_PC,
                    name=f"Xã {i}",
                    parent=provinces[i % PROVINCES],
                    depth=2,
                    is_remote=i % 7 == 0,
                )
                for i in range(COMMUNES)
            ]
            + [
                Unit(
                    kind=UnitKind.DEPARTMENT if i % 3 else UnitKind.PRESS,
                    name=f"Sở {i}",
                    parent=provinces[i % PROVINCES],
                    depth=2,
                )
                for i in range(DEPARTMENTS)
            ],
            batch_size=2000,
        )
        for u in leaves:
            u.path = f"{u.parent.path}{u.pk}/"
        Unit.objects.bulk_update(leaves, ["path"], batch_size=2000)
    channels = list(Channel.objects.values_list("pk", flat=True))
    by_code = dict(Channel.objects.values_list("code", "pk"))
    usual = {kind: by_code[KIND_DEFAULTS[kind][1]] for kind in KINDS}
    paths = {u.pk: u.path for u in leaves}
    unit_ids = list(paths)
    weights = [5 if i < COMMUNES else 2 for i in range(len(unit_ids))]
    cells: Counter = Counter()
    quantities: Counter = Counter()
    now = "2026-11-26 00:00:00"
    columns = (
        "created_at, updated_at, kind, title, search_title, summary, date, quantity, measure, "
        "url, url_key, source, status, external_id, import_key, is_public, channel_id, unit_id"
    )
    sql = (
        f"INSERT INTO activities_activity ({columns}) VALUES "
        "(%s, %s, %s, %s, %s, '', %s, %s, 'items', '', '', 'api', 'confirmed', '', '', %s, %s, %s)"
    )
    started, done = time.perf_counter(), 0
    while done < n_activities:
        batch = []
        for _ in range(min(100_000, n_activities - done)):
            unit = rng.choices(unit_ids, weights)[0]
            day = FIRST + timedelta(days=rng.randrange(DAYS))
            kind = rng.choice(KINDS)
            # As in real logs, a kind goes with its usual channel, now and then another one.
            channel = usual[kind] if rng.random() < 0.9 else rng.choice(channels)
            qty = rng.randint(1, 5)
            batch.append((now, now, kind, "Hoạt động", "hoat dong", day, qty, False, channel, unit))
            key = (unit, bucket(day), channel, kind)
            cells[key] += 1
            quantities[key] += qty
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY: the same rows, several times faster than INSERT on PostgreSQL.
                with cursor.cursor.copy(f"COPY activities_activity ({columns}) FROM STDIN") as copy:
                    for r in batch:
                        copy.write_row(
                            (
                                *r[:5],
                                "",
                                r[5],
                                r[6],
                                "items",
                                "",
                                "",
                                "api",
                                "confirmed",
                                "",
                                "",
                                *r[7:],
                            )
                        )
            else:
                cursor.executemany(sql, batch)
        done += len(batch)
        print(f"  {done:,} activities ({time.perf_counter() - started:.0f} s)", flush=True)
    ActivityCell.objects.bulk_create(
        [
            ActivityCell(
                unit_id=u,
                unit_path=paths[u],
                month=m,
                channel_id=c,
                kind=k,
                count=n,
                quantity=quantities[(u, m, c, k)],
            )
            for (u, m, c, k), n in cells.items()
        ],
        batch_size=5000,
    )
    rolled: Counter = Counter()
    rolled_q: Counter = Counter()
    for (u, m, c, k), n in cells.items():
        for ancestor in (int(p) for p in paths[u].strip("/").split("/")):
            rolled[(ancestor, m, c, k)] += n
            rolled_q[(ancestor, m, c, k)] += quantities[(u, m, c, k)]
    SubtreeCell.objects.bulk_create(
        [
            SubtreeCell(
                unit_id=u, month=m, channel_id=c, kind=k, count=n, quantity=rolled_q[(u, m, c, k)]
            )
            for (u, m, c, k), n in rolled.items()
        ],
        batch_size=5000,
    )
    totals: Counter = Counter()
    totals_q: Counter = Counter()
    for (u, m, _c, _k), n in rolled.items():
        totals[(u, m)] += n
        totals_q[(u, m)] += rolled_q[(u, m, _c, _k)]
    SubtreeTotal.objects.bulk_create(
        [
            SubtreeTotal(unit_id=u, month=m, count=n, quantity=totals_q[(u, m)])
            for (u, m), n in totals.items()
        ],
        batch_size=5000,
    )
    from hangviet.analytics.aggregation import group_of_kind
    from hangviet.analytics.models import GroupTotal

    group = {u.pk: group_of_kind(u.kind) for u in leaves}
    by_group: Counter = Counter()
    by_group_q: Counter = Counter()
    for (u, m, _c, _k), n in cells.items():
        for ancestor in (int(p) for p in paths[u].strip("/").split("/")):
            by_group[(ancestor, m, group[u])] += n
            by_group_q[(ancestor, m, group[u])] += quantities[(u, m, _c, _k)]
    GroupTotal.objects.bulk_create(
        [
            GroupTotal(unit_id=u, month=m, group=g, count=n, quantity=by_group_q[(u, m, g)])
            for (u, m, g), n in by_group.items()
        ],
        batch_size=5000,
    )
    print(
        f"  {len(cells):,} leaf cells, {len(rolled):,} subtree cells, {len(totals):,} totals, "
        f"{len(by_group):,} group totals",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def consolidation_plan(province):
    """A plan of the province whose every subunit reports twice a year, with the standard
    indicators and the requests of 2026H1 (made once)."""
    from hangviet.plans.models import Cadence, Plan, ReportingObligation
    from hangviet.reporting.services import indicators_default, requests_generate

    plan = Plan.objects.filter(issuing_unit=province, symbol="KH-BENCH").first()
    if plan is None:
        plan = Plan.objects.create(
            issuing_unit=province,
            symbol="KH-BENCH",
            place="Tỉnh",
            issue_year=2026,
            summary="Tuyên truyền Cuộc vận động năm 2026",
        )
        obligation = ReportingObligation.objects.create(
            plan=plan, recipient=province, cadences=[Cadence.SEMIANNUAL]
        )
        obligation.reporters.set(province.children.all())
        indicators_default(plan=plan, by=None)
        made = requests_generate(
            plan=plan, period_code="2026H1", by=None, deadline=date(2026, 6, 20)
        )
        # Every unit reports and is accepted: the figures of record are the reports' own.
        from hangviet.reporting.services import (
            report_accept,
            report_save,
            report_start,
            report_submit,
        )

        for request in made:
            report = report_start(request=request, by=None)
            report_save(
                report=report,
                by=None,
                lock_version=report.lock_version,
                narrative={
                    "direction": "Đã ban hành kế hoạch và quán triệt tới các đơn vị trực thuộc.",
                    "results": "Đã tuyên truyền trên các kênh được giao.",
                },
            )
            report_submit(report=report, by=None)
            report_accept(report=report, by=None)
    return plan


def timed(fn, runs: int = 20) -> tuple[float, float, object]:
    result = fn()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=5_000_000)
    parser.add_argument(
        "--consolidation-only", action="store_true", help="time the consolidation alone"
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Sum

    call_command("migrate", verbosity=0)
    from hangviet.activities.models import Activity
    from hangviet.analytics.selectors import activity_stats
    from hangviet.core.periods import period_for_code
    from hangviet.orgs.models import Role, RoleAssignment, Unit, UnitKind

    if not Unit.objects.filter(name="Ban Chỉ đạo Trung ương (bench)").exists():
        print(f"generating {args.activities:,} activities …", flush=True)
        build_world(args.activities)
    nation = Unit.objects.get(name="Ban Chỉ đạo Trung ương (bench)")
    province = Unit.objects.filter(kind=UnitKind.PROVINCE_PC, parent=nation).order_by("pk")[5]
    users = get_user_model()
    national = users.objects.filter(
        username="bench-nation"
    ).first() or users.objects.create_superuser("bench-nation", password="x" * 16)
    coordinator = users.objects.filter(username="bench-province").first()
    if coordinator is None:
        coordinator = users.objects.create_user("bench-province", password="x" * 16)
        RoleAssignment.objects.create(user=coordinator, unit=province, role=Role.VIEWER)
    total = Activity.objects.count()
    print(f"database: {connection.vendor}; activities: {total:,}")
    print(f"{'query':<44} {'p50 ms':>8} {'p95 ms':>8} {'naive p95':>10} {'×':>6}")
    fields = {
        "channel": "channel_id",
        "kind": "kind",
        "unit": "unit_id",
        "month": "date",
        "group": "unit__kind",
    }
    readers = (("national", national, nation), ("province", coordinator, province))
    for who, user, unit in () if args.consolidation_only else readers:
        for code in ("2026H1", "2025"):
            period = period_for_code(code)
            for group in ("channel", "kind", "unit", "month", "group"):
                p50, p95, (rows, tot) = timed(
                    lambda user=user, unit=unit, period=period, group=group: activity_stats(
                        user, period=period, unit=unit, group_by=group
                    )
                )
                naive_qs = (
                    Activity.objects.filter(
                        status="confirmed",
                        date__gte=period.start,
                        date__lte=period.end,
                        unit__path__startswith=unit.path,
                    )
                    .values(fields[group])
                    .annotate(n=Count("id"), q=Sum("quantity"))
                )
                n50, n95, naive_rows = timed(lambda q=naive_qs: list(q.all()), runs=3)
                assert sum(r["n"] for r in naive_rows) == tot.count, (group, code, who)
                print(
                    f"{who + ' ' + code + ' by ' + group:<44} {p50:>8.1f} {p95:>8.1f} "
                    f"{n95:>10.1f} {n95 / max(p95, 0.01):>6.0f}",
                    flush=True,
                )
    # Consolidation of one province-period, with its DOCX and XLSX.
    from hangviet.reporting import consolidation, documents

    plan = consolidation_plan(province)

    def consolidate() -> tuple[int, int, int]:
        c = consolidation.consolidate(plan, "2026H1")
        docx = documents.consolidation_docx(c)
        return c.activity_count, len(docx), len(documents.consolidation_xlsx(c))

    p50, p95, (n, docx_bytes, xlsx_bytes) = timed(consolidate, runs=5)
    print(
        f"{'consolidation province 2026H1 (DOCX+XLSX)':<44} {p50:>8.1f} {p95:>8.1f}   "
        f"{n:,} activities, DOCX {docx_bytes // 1024} KiB, XLSX {xlsx_bytes // 1024} KiB",
        flush=True,
    )
    # A confirmed activity through the service, until the statistics show it.
    from hangviet.activities.services import activity_create
    from hangviet.plans.models import Channel

    commune = Unit.objects.filter(kind=UnitKind.COMMUNE_PC, parent=province).first()
    period = period_for_code("2026H1")
    before = activity_stats(national, period=period, unit=province, group_by="kind")[1].count
    t = time.perf_counter()
    activity_create(
        by=None,
        unit=commune,
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title="Bản tin mới",
        date=date(2026, 3, 2),
        status="confirmed",
    )
    after = activity_stats(national, period=period, unit=province, group_by="kind")[1].count
    print(
        f"new confirmed activity visible after {(time.perf_counter() - t) * 1000:.0f} ms "
        f"({before:,} → {after:,})"
    )


if __name__ == "__main__":
    main()
