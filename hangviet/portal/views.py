"""The public campaign portal (no login): the news column, the campaign and its key tasks,
feeds, an embeddable widget for other agencies' portals, and the sitemap."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from hangviet.activities.models import Activity, Status
from hangviet.directory.models import Fair, Listing, ListingStatus, Producer, Product, SalesPoint
from hangviet.directory.services import url_of
from hangviet.plans.models import Plan


@dataclass(frozen=True)
class NewsItem:
    """One item of the news column, as the coordinator approved it."""

    pk: int
    title: str
    summary: str
    url: str
    date: date
    unit_name: str
    published_at: datetime


def news_items(limit: int = 20) -> list[NewsItem]:
    """Return the approved copies of the confirmed activities the coordinator published."""
    rows = (
        Activity.objects.filter(is_public=True, status=Status.CONFIRMED, public_copy__isnull=False)
        .order_by("-date", "-id")
        .values("pk", "public_copy", "confirmed_at", "updated_at")[: limit * 2]
    )
    items = []
    for row in rows:
        copy = row["public_copy"] or {}
        try:
            day = date.fromisoformat(copy.get("date", ""))
        except (TypeError, ValueError):
            continue
        items.append(
            NewsItem(
                pk=row["pk"],
                title=str(copy.get("title", "")),
                summary=str(copy.get("summary", "")),
                url=str(copy.get("url", "")),
                date=day,
                unit_name=str(copy.get("unit", "")),
                published_at=row["confirmed_at"] or row["updated_at"],
            )
        )
    items.sort(key=lambda i: (i.date, i.pk), reverse=True)
    return items[:limit]


@cache_control(public=True, max_age=120)
def news(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/news.html", {"items": news_items(50)})


@cache_control(public=True, max_age=600)
def campaign(request: HttpRequest) -> HttpResponse:
    plan = (
        Plan.objects.filter(superseded_at__isnull=True)
        .prefetch_related("themes")
        .order_by("-issue_year", "-id")
        .first()
    )
    themes = [t for t in plan.themes.all() if t.parent_id is None] if plan else []
    return render(request, "portal/campaign.html", {"plan": plan, "themes": themes})


@xframe_options_exempt
@cache_control(public=True, max_age=300)
def widget(request: HttpRequest) -> HttpResponse:
    """A small page other agencies' portals embed with one <iframe> snippet."""
    fairs = Fair.objects.filter(status=ListingStatus.PUBLIC, end__gte=date.today())[:3]
    response = render(request, "portal/widget.html", {"items": news_items(5), "fairs": fairs})
    # Any agency portal may embed this page; nothing else changes from the default policy.
    response["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        "base-uri 'self'; form-action 'self'; frame-ancestors *"
    )
    return response


class NewsFeed(Feed):
    title = "Người Việt Nam ưu tiên dùng hàng Việt Nam — tin tức"
    description = "Tin, bài về Cuộc vận động do các cơ quan, đơn vị đăng tải."

    def link(self) -> str:
        return reverse("portal:news")

    def items(self) -> list[NewsItem]:
        return news_items(30)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return f"{item.unit_name} · {item.date:%d/%m/%Y}. {item.summary}"

    def item_link(self, item: NewsItem) -> str:
        return item.url or reverse("portal:news") + f"#tin-{item.pk}"

    def item_pubdate(self, item: NewsItem) -> datetime:
        return item.published_at


class FairsFeed(Feed):
    feed_type = Atom1Feed
    title = "Hội chợ, phiên chợ hàng Việt sắp diễn ra"
    subtitle = "Thời gian, địa điểm các hội chợ, phiên chợ hàng Việt."

    def link(self) -> str:
        return reverse("directory:home")

    def items(self) -> QuerySet[Fair]:
        return Fair.objects.filter(status=ListingStatus.PUBLIC, end__gte=date.today())[:30]

    def item_title(self, item: Fair) -> str:
        return f"{item.name} ({item.start:%d/%m}–{item.end:%d/%m/%Y})"

    def item_description(self, item: Fair) -> str:
        return f"{item.place}. {item.stalls} gian hàng, {item.enterprises} doanh nghiệp."

    def item_link(self, item: Fair) -> str:
        return url_of(item)

    def item_updateddate(self, item: Fair) -> datetime:
        return item.updated_at


class ListingSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[Listing]:
        out: list[Listing] = []
        for model in (Producer, Product, SalesPoint, Fair):
            out.extend(model._default_manager.filter(status=ListingStatus.PUBLIC).order_by("pk"))
        return out

    def location(self, item: Listing) -> str:
        return url_of(item)

    def lastmod(self, item: Listing) -> datetime:
        return item.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:news", "portal:campaign", "directory:home", "directory:map"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "listings": ListingSitemap}


def robots_txt(request: HttpRequest) -> HttpResponse:
    """What search engines may read: the public pages (directory, news, the campaign), not the
    staff's pages, the API or the account pages; and where the sitemap is."""
    staff = [
        "/dang-nhap/", "/tai-khoan/", "/admin/", "/api/", "/don-vi/", "/ke-hoach/",
        "/hoat-dong/", "/bao-cao/", "/giam-sat/", "/truyen-thanh/", "/thong-ke/",
        "/hang-viet/kiem-duyet/",
    ]  # fmt: skip
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in staff), "Allow: /"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
