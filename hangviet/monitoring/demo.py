"""Demo press monitoring: sources of the provincial press and a commune portal, and articles
written by the team (the labelled texts), judged as the real ones would be. The demo sources
are disabled — this machine has no network to poll them."""

import json
from datetime import date, timedelta

from hangviet.core.demo import DemoWorld
from hangviet.monitoring import polling, services
from hangviet.monitoring.evaluation import DEFAULT
from hangviet.monitoring.models import Article, ArticleStatus, Source
from hangviet.orgs.models import Unit
from hangviet.plans.models import Channel

SOURCES = [
    (
        "press",
        "Báo và PT-TH Thái Nguyên — Kinh tế (demo)",
        "https://baothainguyen.vn/rss/kinh-te.rss",
        "press_online",
    ),
    (
        "press",
        "Báo và PT-TH Thái Nguyên — Xã hội (demo)",
        "https://baothainguyen.vn/rss/xa-hoi.rss",
        "press_online",
    ),
    (
        "commune",
        "Cổng thông tin xã Tân Cương (demo)",
        "https://tancuong.thainguyen.gov.vn/sitemap.xml",
        "agency_portal",
    ),
]


def build_monitoring(units: dict[str, Unit]) -> int:
    """Create the demo sources and articles (idempotent); return the number of articles."""
    sources = []
    for key, name, url, channel in SOURCES:
        source, _created = Source.objects.get_or_create(
            url=url,
            defaults={
                "unit": units[key],
                "name": name,
                "kind": "sitemap" if url.endswith("sitemap.xml") else "feed",
                "channel": Channel.objects.filter(code=channel).first(),
                "enabled": False,
            },
        )
        sources.append(source)
    rows = [json.loads(line) for line in DEFAULT.read_text(encoding="utf-8").splitlines() if line]
    start = date(2026, 1, 5)
    for i, row in enumerate(rows):
        source = sources[i % len(sources)]
        base = source.url.rsplit("/", 1)[0]
        article, created = polling.ingest(
            source=source,
            url=f"{base}/demo/{row['id']}.html",
            title=row["title"],
            text=row["text"],
            published=start + timedelta(days=(i * 37) % 170),
            author="Phóng viên (demo)",
        )
        if created and article.status == ArticleStatus.SUGGESTED and i % 4 == 0:
            services.article_confirm(article=article, by=None)
    for source in sources:
        found = Article.objects.filter(source=source)
        Source.objects.filter(pk=source.pk).update(articles_found=found.count())
    return Article.objects.filter(url__contains="/demo/").count()


def contribute(world: DemoWorld) -> list[str]:
    made = build_monitoring(world["units"])
    return [f"{made} demo press articles found by press monitoring"] if made else []
