"""Directory search quality (issue 19): the committed queries of bench/directory_queries.json
over the demo directory, on the database DATABASE_URL names (SQLite without it).

    .venv/bin/python bench/directory_eval.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_eval \\
        .venv/bin/python bench/directory_eval.py

A throw-away test database is made, migrated and filled with the registry and the demo
directory; each query is answered by `directory.search.search` and scored against its graded
answers: precision at 5 (of what is shown first: relevant results among the first
min(5, returned)), nDCG at 10 (gains 2^grade - 1), the share of empty answers for absent goods
(target 100%) and for present goods (target 0%). On PostgreSQL the same queries also go to a
baseline — pg_trgm's word similarity over unaccented, lower-cased listing text (name,
description, address, commune), the usual answer to "search without diacritics" — scored the
same way. `--show` prints every query with its first results.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("SQLITE_PATH", str(ROOT / "var" / "eval-dir.sqlite3"))
QUERIES = ROOT / "bench" / "directory_queries.json"


def load() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]


def build_baseline() -> None:
    from django.db import connection

    from hangviet.directory.models import SearchEntry
    from hangviet.directory.services import KINDS

    with connection.cursor() as c:
        c.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        c.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        c.execute("DROP TABLE IF EXISTS baseline_doc")
        c.execute("CREATE TABLE baseline_doc (name text, doc text)")
        for entry in SearchEntry.objects.all():
            item = KINDS[entry.kind]._default_manager.get(pk=entry.object_id)
            parts = [item.name, item.description, getattr(item, "address", "")]
            if item.commune is not None:
                parts.append(item.commune.area_name)
            c.execute(
                "INSERT INTO baseline_doc VALUES (%s, lower(unaccent(%s)))",
                [item.name, " ".join(p for p in parts if p)],
            )
        c.execute("CREATE INDEX ON baseline_doc USING gin (doc gin_trgm_ops)")


def baseline(q: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(
            "SELECT name FROM baseline_doc WHERE lower(unaccent(%s)) <%% doc "
            "ORDER BY word_similarity(lower(unaccent(%s)), doc) DESC, name LIMIT 10",
            [q, q],
        )
        return [row[0] for row in c.fetchall()]


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from hangviet.directory import search
        from hangviet.directory.demo import build_directory
        from hangviet.orgs import demo

        demo.build_registry()
        build_directory()
        queries = load()
        from hangviet.directory.evaluation import evaluate

        timings = []

        def ours(q: str) -> list[str]:
            t = time.perf_counter()
            names = [h.entry.name for h in search.search(q, limit=10)]
            timings.append((time.perf_counter() - t) * 1000)
            return names

        measured = evaluate(ours, queries)
        answers = measured["answers"]
        rows = [("hangviet", measured)]
        base_answers = {}
        if connection.vendor == "postgresql":
            build_baseline()
            base = evaluate(baseline, queries)
            base_answers = base["answers"]
            rows.append(("pg_trgm + unaccent", base))
        kinds: dict[str, int] = {}
        for q in queries:
            kinds[q["kind"]] = kinds.get(q["kind"], 0) + 1
        print(f"database: {connection.vendor}; {len(queries)} queries {kinds}")
        print(
            f"{'engine':<22} {'P@5':>6} {'nDCG@10':>8} {'absent→empty':>13} {'present→empty':>14}"
        )
        for name, s in rows:
            print(
                f"{name:<22} {s['p@5']:6.3f} {s['ndcg@10']:8.3f} {s['absent empty']:13.0%} "
                f"{s['present empty']:14.0%}"
            )
        if measured["misses"]:
            print("missed:", ", ".join(measured["misses"]))
        timings.sort()
        print(f"latency on the demo directory: p95 {timings[int(len(timings) * 0.95)]:.1f} ms")
        if "--show" in sys.argv:
            for q in queries:
                mark = "" if q["relevant"] else " (absent)"
                print(f"- {q['q']}{mark}: {answers[q['q']][:4]}")
                if base_answers:
                    print(f"    baseline: {base_answers[q['q']][:4]}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
