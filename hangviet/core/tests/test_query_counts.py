"""Query-count pins on the main lists, dashboards and API lists, so that an N+1 cannot creep in.

Each page is asked for once with a few rows, to learn its number of queries, and again after
many more rows of every kind it shows (other channels, themes, units, authors, attachments):
the second answer must take exactly as many queries as the first (`django_assert_num_queries`).
A page whose count grows with its rows fails here, with the queries listed by pytest-django.
"""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hangviet.activities.models import Status
from hangviet.activities.services import activity_create
from hangviet.directory.demo import build_directory
from hangviet.monitoring.models import Source
from hangviet.monitoring.polling import ingest
from hangviet.plans.models import Channel
from hangviet.reporting import services as reporting

pytestmark = pytest.mark.django_db

CHANNELS = ["commune_radio", "agency_portal", "press_online", "banner_poster", "conference"]
KINDS = ["loudspeaker", "portal_post", "article", "banner_poster", "conference"]


def _log(people, world, plan, n: int, start: int = 0) -> None:
    units = [(people["alice"], world["commune"]), (people["bob"], world["sibling"])]
    themes = list(plan.themes.filter(parent__isnull=True)[:3])
    for i in range(start, start + n):
        by, unit = units[i % 2]
        activity_create(
            by=by,
            unit=unit,
            plan=plan,
            channel=Channel.objects.get(code=CHANNELS[i % len(CHANNELS)]),
            kind=KINDS[i % len(KINDS)],
            title=f"Hoạt động số {i}",
            date=date(2026, 1 + i % 5, 1 + i % 27),
            quantity=1 + i % 4,
            status=Status.CONFIRMED if i % 3 else Status.DRAFT,
            themes=[themes[i % len(themes)]] if themes else [],
        )


def _articles(world, n: int, start: int = 0) -> None:
    source = Source.objects.filter(unit=world["commune"]).first() or Source.objects.create(
        unit=world["commune"], name="Cổng xã", url="http://127.0.0.1:9/rss.xml"
    )
    for i in range(start, start + n):
        ingest(
            source=source,
            url=f"http://127.0.0.1:9/bai-{i}",
            title=f"Xã hưởng ứng Cuộc vận động người Việt ưu tiên dùng hàng Việt, bài {i}",
            text=f"Bài số {i}: chè Tân Cương, sản phẩm OCOP, hàng Việt Nam chất lượng cao. " * 5,
            published=date(2026, 3, 1 + i % 27),
        )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


PAGES = [
    ("alice", "/hoat-dong/"),
    ("carol", "/hoat-dong/"),
    ("carol", "/ke-hoach/"),
    ("hank", "/bao-cao/"),
    ("carol", "/thong-ke/"),
    ("carol", "/giam-sat/"),
    ("carol", "/don-vi/"),
    (None, "/hang-viet/?q=che"),
    ("alice", "/api/v1/activities/"),
    ("carol", "/api/v1/activities/?limit=50"),
    ("carol", "/api/v1/units/?limit=50"),
    ("carol", "/api/v1/roles/"),
    (None, "/api/v1/directory/search?q=che"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_a_page_takes_as_many_queries_for_many_rows_as_for_a_few(
    who, url, world, people, plan2026, django_assert_num_queries
):
    reporting.indicators_default(plan=plan2026, by=None)
    reporting.requests_generate(plan=plan2026, period_code="2026H1", by=None)
    build_directory()
    _log(people, world, plan2026, 4)
    _articles(world, 2)
    client = Client()
    if who:
        client.force_login(people[who])
    _count(client, url)  # warm the caches a first answer fills (sessions, content types)
    few = _count(client, url)
    _log(people, world, plan2026, 30, start=4)
    _articles(world, 12, start=2)
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200
