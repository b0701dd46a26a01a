"""Benchmark of issue 6: directory search with 100,000 products and 20,000 sales points.

    .venv/bin/python bench/directory_bench.py                    # SQLite (var/bench-dir.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench_dir .venv/bin/python \\
        bench/directory_bench.py                                  # PostgreSQL

Fills the index once (reused later), then times `search.search` (server side, what the page
and the API call) for typical queries: p50 and p95 over 50 runs each.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "bench-dir.sqlite3"))

WORDS = [
    "chè",
    "búp",
    "móc câu",
    "Tân Cương",
    "La Bằng",
    "mật ong",
    "miến dong",
    "gạo",
    "nếp",
    "bánh chưng",
    "măng",
    "nấm",
    "rượu",
    "thịt",
    "trâu",
    "gác bếp",
    "đường",
    "phèn",
    "mơ",
    "mận",
    "cam",
    "bưởi",
    "dưa",
    "tương",
    "mắm",
    "chả",
    "giò",
    "hồng",
    "vịt",
    "cá",
    "suối",
    "rừng",
    "thảo dược",
    "cà gai leo",
    "trà",
    "hoa",
    "sen",
]


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from hangviet.directory import search
    from hangviet.directory.models import SearchEntry, SearchToken
    from hangviet.directory.services import token_rows

    rng = random.Random(6)
    # bench/run_all.py --small sets HANGVIET_BENCH_SCALE to run in seconds
    scale = float(os.environ.get("HANGVIET_BENCH_SCALE", "1"))
    target_products, target_points = int(100_000 * scale), int(20_000 * scale)
    have = SearchEntry.objects.count()
    if have < target_products + target_points:
        t0 = time.perf_counter()
        SearchToken.objects.all().delete()
        SearchEntry.objects.all().delete()
        entries = []
        for i in range(target_products + target_points):
            kind = "product" if i < target_products else "salespoint"
            name = " ".join(rng.sample(WORDS, 3)).capitalize() + f" {i}"
            entries.append(
                SearchEntry(
                    kind=kind,
                    object_id=i,
                    name=name[:200],
                    url=f"/hang-viet/{kind}/{i}/",
                    folded_name=" ".join(search.words(name)),
                    stars=rng.choice([None, 3, 4, 5]),
                    boost=rng.random(),
                )
            )
        SearchEntry.objects.bulk_create(entries, batch_size=5000)
        tokens = []
        for entry in SearchEntry.objects.only("pk", "name").iterator(chunk_size=5000):
            tokens += token_rows(entry, {SearchToken.Field.NAME: entry.name})
            if len(tokens) > 50_000:
                SearchToken.objects.bulk_create(tokens, batch_size=10_000)
                tokens = []
        SearchToken.objects.bulk_create(tokens, batch_size=10_000)
        with connection.cursor() as c:
            # what autovacuum does on a live database: statistics, and the visibility map
            # that lets PostgreSQL answer from the (token, entry) index alone
            c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(
            f"filled {target_products + target_points:,} entries in "
            f"{time.perf_counter() - t0:.0f} s"
        )
    queries = [
        "che tan cuong",
        "mat ong rung",
        "mien dong",
        "gao nep",
        "che bup la bang",
        "che tan cuogn",  # a typo
        "tancuong",  # joined
        "banh chu",  # partial
        "duong phen",
        "thao duoc ca gai leo",
        "ca phe",  # absent
        "nuoc mam",  # absent
    ]
    print(f"database: {connection.vendor}; entries: {SearchEntry.objects.count():,}")
    print(f"{'query':<28} {'p50 ms':>8} {'p95 ms':>8} {'hits':>6}")
    all_samples = []
    for q in queries:
        search.search(q)
        samples = []
        for _ in range(50):
            t = time.perf_counter()
            hits = search.search(q)
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        all_samples += samples
        print(f"{q:<28} {statistics.median(samples):8.1f} {samples[47]:8.1f} {len(hits):>6}")
    all_samples.sort()
    print(
        f"{'all queries':<28} {statistics.median(all_samples):8.1f} "
        f"{all_samples[int(len(all_samples) * 0.95)]:8.1f}"
    )
    if connection.vendor == "postgresql":
        baseline(queries)


def baseline(queries: list[str]) -> None:
    """The same queries as pg_trgm word similarity over unaccented names (GIN trigram index),
    the usual PostgreSQL answer, on the same 120,000 listings."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        c.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        c.execute("SELECT to_regclass('bench_baseline_doc')")
        if c.fetchone()[0] is None:
            c.execute(
                "CREATE TABLE bench_baseline_doc AS SELECT id, name, "
                "lower(unaccent(name)) AS doc FROM directory_searchentry"
            )
            c.execute("CREATE INDEX ON bench_baseline_doc USING gin (doc gin_trgm_ops)")
            c.execute("ANALYZE bench_baseline_doc")
        print("baseline: pg_trgm + unaccent (word similarity, GIN index)")
        all_samples = []
        for q in queries:
            samples = []
            for _ in range(20):
                t = time.perf_counter()
                c.execute(
                    "SELECT name FROM bench_baseline_doc WHERE lower(unaccent(%s)) <%% doc "
                    "ORDER BY word_similarity(lower(unaccent(%s)), doc) DESC LIMIT 20",
                    [q, q],
                )
                hits = c.fetchall()
                samples.append((time.perf_counter() - t) * 1000)
            samples.sort()
            all_samples += samples
            print(f"{q:<28} {statistics.median(samples):8.1f} {samples[18]:8.1f} {len(hits):>6}")
        all_samples.sort()
        print(
            f"{'all queries':<28} {statistics.median(all_samples):8.1f} "
            f"{all_samples[int(len(all_samples) * 0.95)]:8.1f}"
        )


if __name__ == "__main__":
    main()
