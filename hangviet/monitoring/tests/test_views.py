import pytest
from django.test import Client

from hangviet.monitoring.models import Article, LexiconTerm, Source
from hangviet.monitoring.polling import ingest

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(world):
    source = Source.objects.create(
        unit=world["commune"], name="Cổng xã Tân Cương", url="http://127.0.0.1:9/a"
    )
    article, _new = ingest(
        source=source,
        url="http://127.0.0.1:9/bai-1",
        title="Phiên chợ hàng Việt về xã Tân Cương",
        text="Sở Công Thương đưa hàng Việt về nông thôn, 40 gian hàng <script>alert(1)</script>.",
    )
    return article


def client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_unit_sees_its_suggestion_with_the_explanation_and_confirms(suggestion, people):
    alice = client(people["alice"])
    home = alice.get("/giam-sat/").content.decode()
    assert "Phiên chợ hàng Việt về xã Tân Cương" in home
    page = alice.get(f"/giam-sat/bai/{suggestion.pk}/").content.decode()
    assert "đưa hàng việt về nông thôn" in page and "Xác nhận" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    response = alice.post(f"/giam-sat/bai/{suggestion.pk}/", {"action": "confirm"})
    assert response.status_code == 302 and "/hoat-dong/" in response["Location"]
    # The sibling unit sees nothing of it.
    bob = client(people["bob"])
    assert "Phiên chợ hàng Việt" not in bob.get("/giam-sat/?loai=xac-nhan").content.decode()


def test_the_coordinator_adds_a_source_and_edits_the_lexicon(world, people):
    carol = client(people["carol"])
    response = carol.post(
        "/giam-sat/nguon/",
        {
            "name": "Báo Thái Nguyên",
            "url": "https://baothainguyen.vn/rss/kinh-te.rss",
            "kind": "feed",
            "unit": world["commune"].pk,
            "interval_minutes": 2,
            "enabled": "on",
        },
    )
    assert response.status_code == 200 and "5 phút" in response.content.decode()
    assert not Source.objects.exists()
    response = carol.post(
        "/giam-sat/nguon/",
        {
            "name": "Báo Thái Nguyên",
            "url": "https://baothainguyen.vn/rss/kinh-te.rss",
            "kind": "feed",
            "unit": world["commune"].pk,
            "interval_minutes": 60,
            "enabled": "on",
        },
    )
    assert response.status_code == 302 and Source.objects.count() == 1
    assert "Báo Thái Nguyên" in carol.get("/giam-sat/nguon/").content.decode()
    carol.post(
        "/giam-sat/tu-khoa/", {"topic": "campaign", "phrase": "Tự hào hàng Việt", "weight": "4"}
    )
    assert LexiconTerm.objects.get(phrase="tự hào hàng việt").weight == 4
    trial = carol.post("/giam-sat/tu-khoa/", {"trial": "Tự hào hàng Việt, dùng hàng Việt"})
    assert "tự hào hàng việt ×1" in trial.content.decode()
    term = LexiconTerm.objects.get(phrase="tự hào hàng việt")
    carol.post("/giam-sat/tu-khoa/", {"delete": term.pk})
    assert not LexiconTerm.objects.filter(pk=term.pk).exists()


def test_article_list_has_no_other_units_articles(suggestion, people):
    assert Article.objects.count() == 1
    charlie = client(people["charlie"])
    assert "Phiên chợ" not in charlie.get("/giam-sat/").content.decode()
    assert charlie.get(f"/giam-sat/bai/{suggestion.pk}/").status_code == 404
