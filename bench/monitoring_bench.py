"""Benchmark of issue 7: classification and de-duplication of already-fetched articles.

    .venv/bin/python bench/monitoring_bench.py                 # SQLite (var/bench-mon.sqlite3)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hangviet_bench_mon .venv/bin/python \\
        bench/monitoring_bench.py                               # PostgreSQL

Builds 2,000 articles of 300–600 words from the team's labelled texts (shuffled sentences, so
every article is different and one in ten is a near copy of an earlier one), then times, on
one process (one core):
- the judgement alone (lexicon; lexicon + learned classifier);
- `polling.ingest` end to end: URL normalisation, SimHash, the near-duplicate lookup in the
  database, the judgement with the classifier, the themes of the plan, and the row written.
Target: ≥ 50 articles per second per core.
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hangviet.settings")
if not os.environ.get("DATABASE_URL"):
    path = ROOT / "var" / "bench-mon.sqlite3"
    path.unlink(missing_ok=True)
    os.environ.setdefault("SQLITE_PATH", str(path))

# bench/run_all.py --small sets HANGVIET_BENCH_SCALE to run in seconds
N = max(50, int(2000 * float(os.environ.get("HANGVIET_BENCH_SCALE", "1"))))


def articles(rows: list[dict], rng: random.Random) -> list[tuple[str, str, bool]]:
    sentences = [s.strip() + "." for r in rows for s in r["text"].split(".") if len(s) > 20]
    out: list[tuple[str, str, bool]] = []
    for i in range(N):
        if i % 10 == 9 and out:
            title, text, _copy = out[rng.randrange(len(out))]
            out.append((title + " (đăng lại)", text + " (Theo Báo Thái Nguyên)", True))
            continue
        row = rng.choice(rows)
        body = [row["text"]] + rng.sample(sentences, rng.randint(12, 24))
        out.append((f"{row['title']} — số {i}", " ".join(body), False))
    return out


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from hangviet.monitoring import evaluation, judgement, learning, polling
    from hangviet.monitoring.models import Article, ClassifierModel, Source
    from hangviet.orgs.models import Unit, UnitKind

    Article.objects.all().delete()
    Source.objects.all().delete()
    rows = evaluation.load()
    rng = random.Random(7)
    batch = articles(rows, rng)
    words = sum(len(t.split()) for _ti, t, _c in batch) / len(batch)
    unit = Unit.objects.create(kind=UnitKind.PRESS, name="Báo thử", path="/")
    source = Source.objects.create(unit=unit, name="Báo thử", url="https://bao.example/rss")
    trained = learning.train([(r["title"], r["text"]) for r in rows], [r["label"] for r in rows])
    ClassifierModel.objects.all().delete()
    ClassifierModel.objects.create(
        examples=trained.examples, positives=trained.positives, blob=trained.blob()
    )

    def rate(label: str, fn) -> float:
        started = time.perf_counter()
        for i, (title, text, _copy) in enumerate(batch):
            fn(i, title, text)
        per_second = len(batch) / (time.perf_counter() - started)
        print(f"{label:<52} {per_second:8.0f} articles/s")
        return per_second

    print(f"database: {connection.vendor}; {len(batch)} articles, {words:.0f} words on average")
    rate("judgement, lexicon only", lambda i, t, x: judgement.judge(t, x, use_model=False))
    rate("judgement, lexicon + learned classifier", lambda i, t, x: judgement.judge(t, x))
    rate(
        "ingest end to end (dedup + judgement + write)",
        lambda i, t, x: polling.ingest(
            source=source, url=f"https://bao.example/bai/{i}?utm_source=rss", title=t, text=x
        ),
    )
    copies = sum(c for _t, _x, c in batch)
    found = Article.objects.filter(duplicate_of__isnull=False).count()
    print(f"near copies planted: {copies}; found as duplicates: {found}")


if __name__ == "__main__":
    main()
