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
    assert "/hang-viet/san-pham/" in sitemap and "/tin-tuc/" in sitemap
    widget = c.get("/tin-tuc/nhung/")
    assert widget.status_code == 200 and "X-Frame-Options" not in widget.headers
    assert c.get("/tin-tuc/").headers["X-Frame-Options"] == "DENY"
    assert c.get("/cuoc-van-dong/").status_code == 200


def test_an_edit_after_publication_waits_for_the_coordinator(world, people, client_for):
    activity = activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=Channel.objects.get(code="agency_portal"),
        kind="portal_post",
        title="Xã Tân Cương hưởng ứng tuần hàng Việt",
        date=date(2026, 3, 2),
        url="https://tancuong.thainguyen.gov.vn/tin/hang-viet",
        status=Status.CONFIRMED,
    )
    activity_publish(activity=activity, by=people["carol"], public=True)
    editor = client_for(people["alice"])
    patched = editor.patch(
        f"/api/v1/activities/{activity.pk}/",
        {"title": "Nhận quà tri ân", "url": "https://lua-dao.example/nhan-qua"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    public = Client()
    for path in ("/tin-tuc/", "/tin-tuc/rss.xml", "/tin-tuc/nhung/"):
        page = public.get(path).content.decode()
        assert "Xã Tân Cương hưởng ứng tuần hàng Việt" in page, path
        assert "lua-dao.example" not in page and "Nhận quà tri ân" not in page, path
    # The coordinator sees that the item changed and decides.
    coordinator = client_for(people["carol"])
    detail = coordinator.get(f"/hoat-dong/{activity.pk}/").content.decode()
    assert "bản đã duyệt" in detail
    coordinator.post(f"/hoat-dong/{activity.pk}/cong-khai/", {"public": "0"})
    assert "Tân Cương hưởng ứng" not in public.get("/tin-tuc/").content.decode()
