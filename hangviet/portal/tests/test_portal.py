from datetime import date

import pytest
from django.test import Client

from hangviet.activities.models import Status
from hangviet.activities.services import activity_create, activity_publish
from hangviet.directory.demo import build_directory
from hangviet.plans.models import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(world, people):
    return activity_create(
        by=people["carol"],
        unit=world["industry"],
        channel=Channel.objects.get(code="press_online"),
        kind="article",
        title="Hàng Việt về miền núi",
        date=date(2026, 3, 2),
        url="https://baothainguyen.vn/hang-viet-ve-mien-nui",
        status=Status.CONFIRMED,
    )


def test_only_published_activities_reach_the_public(article, people):
    c = Client()
    assert "Hàng Việt về miền núi" not in c.get("/tin-tuc/").content.decode()
    with pytest.raises(Exception):  # noqa: B017 - an editor may not publish
        activity_publish(activity=article, by=people["alice"], public=True)
    activity_publish(activity=article, by=people["carol"], public=True)
    assert "Hàng Việt về miền núi" in c.get("/tin-tuc/").content.decode()
    rss = c.get("/tin-tuc/rss.xml").content.decode()
    assert "<rss" in rss and "Hàng Việt về miền núi" in rss


def test_fairs_feed_sitemap_widget_and_campaign(world, article):
    build_directory()
    c = Client()
    atom = c.get("/hoi-cho.xml").content.decode()
    assert "<feed" in atom and "Phiên chợ hàng Việt về xã Thần Sa" in atom
    assert "Phiên chợ hàng Việt về xã Định Hóa" not in atom  # already over
    sitemap = c.get("/sitemap.xml").content.decode()
    assert "/hang-viet/product/" in sitemap and "/tin-tuc/" in sitemap
    widget = c.get("/tin-tuc/nhung/")
    assert widget.status_code == 200 and "X-Frame-Options" not in widget.headers
    assert c.get("/tin-tuc/").headers["X-Frame-Options"] == "DENY"
    assert c.get("/cuoc-van-dong/").status_code == 200
