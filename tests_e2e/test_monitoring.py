import pytest
from playwright.sync_api import expect

from tests_e2e.conftest import DESKTOP, PHONE, shot
from tests_e2e.test_foundation import login

pytestmark = pytest.mark.e2e


def test_a_commune_confirms_an_article_found_by_monitoring(e2e_world, live_server, browser):
    from hangviet.monitoring.demo import build_monitoring
    from hangviet.monitoring.models import Article

    build_monitoring(e2e_world)
    article = Article.objects.filter(status="suggested", source__unit=e2e_world["commune"]).first()
    page = browser.new_page(viewport=PHONE)
    login(page, live_server.url, "bientapxa")
    page.goto(f"{live_server.url}/giam-sat/")
    shot(page, "monitoring-suggestions-phone")
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", name="Vì sao bài viết được đề xuất")).to_be_visible()
    shot(page, "monitoring-article-phone")
    page.get_by_role("button", name="Xác nhận: ghi nhận thành hoạt động").click()
    page.get_by_text("Đã xác nhận: bài viết đã được ghi nhận thành hoạt động.").wait_for()
    expect(page.get_by_role("heading", name=article.title)).to_be_visible()
    expect(page.get_by_text("giám sát báo chí")).to_be_visible()


def test_the_coordinator_tries_a_text_against_the_lexicon(e2e_world, live_server, browser):
    page = browser.new_page(viewport=DESKTOP)
    login(page, live_server.url, "dieuphoi")
    page.goto(f"{live_server.url}/giam-sat/tu-khoa/")
    page.get_by_label("Nội dung bài viết").fill(
        "Phiên chợ hàng Việt về xã vùng cao, hưởng ứng Cuộc vận động Người Việt Nam ưu tiên "
        "dùng hàng Việt Nam."
    )
    page.get_by_role("button", name="Đánh giá").click()
    expect(page.get_by_text("Có liên quan đến Cuộc vận động")).to_be_visible()
    shot(page, "monitoring-lexicon-desktop")
