""" "Việc cần làm": what each role sees on its first page and in its daily email, scoped to its
own units, each item one tap from its action."""

import re
from datetime import date, time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hangviet.accounts.services import digest_set, unsubscribe_token, wants_digest
from hangviet.activities.models import Activity, Status
from hangviet.activities.services import activity_create
from hangviet.desk.tasks import send_daily_digests
from hangviet.desk.todo import counts_for, desk_for
from hangviet.monitoring.models import Source
from hangviet.monitoring.polling import ingest
from hangviet.plans.models import Channel
from hangviet.radio.models import Broadcast, Bulletin
from hangviet.reporting import services as reporting
from hangviet.reporting.models import ReportRequest

TODAY = date(2026, 7, 1)  # twelve days after the deadline of the first half of 2026


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def cycle(plan2026):
    reporting.indicators_default(plan=plan2026, by=None)
    return reporting.requests_generate(plan=plan2026, period_code="2026H1", by=None)


def _request_of(unit) -> ReportRequest:
    return ReportRequest.objects.get(unit=unit, period_code="2026H1")


def _draft(unit, title="Tuyên truyền trên loa xã"):
    return activity_create(
        by=None,
        unit=unit,
        kind="loudspeaker",
        channel=Channel.objects.get(code="commune_radio"),
        title=title,
        date=date(2026, 6, 2),
        quantity=2,
    )


def _send(request, head):
    report = reporting.report_start(request=request, by=head)
    report = reporting.report_save(
        report=report,
        by=head,
        lock_version=report.lock_version,
        narrative={
            "direction": "Đã triển khai Kế hoạch.",
            "results": "Đã phát 5 lượt bản tin về hàng Việt.",
        },
    )
    return reporting.report_submit(report=report, by=head)


def _texts(desk) -> list[str]:
    return [item.text for group in desk.groups for item in group.items]


def test_the_commune_head_sees_the_overdue_report_with_its_days_and_one_tap(
    world, people, cycle, client_for
):
    request = _request_of(world["commune"])
    desk = desk_for(people["hank"])
    reports = next(g for g in desk.groups if g.key == "reports")
    item = reports.items[0]
    assert item.text == "Báo cáo 6 tháng đầu năm 2026 của UBND xã Tân Cương đã quá hạn"
    assert item.detail == "Quá hạn 12 ngày so với hạn 19/06/2026."
    assert item.url == reverse("reporting:report", args=[request.pk])
    assert item.tone == "late"

    client = client_for(people["hank"])
    page = client.get("/").content.decode()
    assert "Việc cần làm" in page and "Quá hạn 12 ngày" in page
    # not started yet: the one tap starts it and opens its form
    assert item.start_url == reverse("reporting:report_action", args=[request.pk])
    assert f'action="{item.start_url}"' in page
    answer = client.post(item.start_url, {"action": "start"})
    assert answer.status_code == 302 and answer["Location"] == item.url
    request.refresh_from_db()
    assert request.current_report is not None
    started = next(g for g in desk_for(people["hank"]).groups if g.key == "reports").items[0]
    assert started.start_url == "" and started.action == "Hoàn thiện và gửi"
    # the sibling commune's report is not his
    assert "Phú Đình" not in " ".join(_texts(desk))


def test_a_returned_report_shows_the_reviewers_comment(world, people, cycle):
    request = _request_of(world["commune"])
    report = _send(request, people["hank"])
    reporting.report_return(report=report, by=people["carol"], comment="Bổ sung số lượt phát.")
    desk = desk_for(people["hank"])
    item = next(g for g in desk.groups if g.key == "reports").items[0]
    assert "bị trả lại" in item.text
    assert item.detail == "Cán bộ điều phối ghi: “Bổ sung số lượt phát.”"


def test_a_draft_is_confirmed_from_the_first_page(world, people, client_for):
    draft = _draft(world["commune"])
    _draft(world["sibling"], "Băng rôn của xã bên cạnh")
    client = client_for(people["alice"])
    page = client.get("/").content.decode()
    assert "“Tuyên truyền trên loa xã” đang là bản nháp" in page
    assert "Băng rôn của xã bên cạnh" not in page  # another unit's draft is not hers

    response = client.post(reverse("activities:bulk_confirm"), {"ids": str(draft.pk), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    draft.refresh_from_db()
    assert draft.status == Status.CONFIRMED
    assert "đang là bản nháp" not in client.get("/").content.decode()


def test_a_user_cannot_confirm_another_units_draft_from_the_first_page(world, people, client_for):
    theirs = _draft(world["sibling"])
    client_for(people["alice"]).post(
        reverse("activities:bulk_confirm"), {"ids": str(theirs.pk), "next": "/"}
    )
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT


def test_press_articles_and_broadcasts_of_my_unit_are_listed(world, people):
    source = Source.objects.create(
        unit=world["commune"], name="Cổng xã", url="http://127.0.0.1:9/rss.xml"
    )
    ingest(
        source=source,
        url="http://127.0.0.1:9/bai-1",
        title="Xã hưởng ứng Cuộc vận động người Việt ưu tiên dùng hàng Việt",
        text="Chè Tân Cương, sản phẩm OCOP, hàng Việt Nam chất lượng cao. " * 5,
        published=date(2026, 6, 20),
    )
    bulletin = Bulletin.objects.create(
        unit=world["commune"],
        title="Bản tin hàng Việt",
        text="Người Việt Nam ưu tiên dùng hàng Việt Nam.",
        valid_from=date(2026, 6, 1),
        valid_until=date(2026, 7, 31),
    )
    Broadcast.objects.create(
        bulletin=bulletin, commune=world["commune"], date=TODAY, time=time(6, 30), repetitions=2
    )
    desk = desk_for(people["alice"])
    keys = [g.key for g in desk.groups]
    assert "monitoring" in keys and "radio" in keys
    assert "Phát “Bản tin hàng Việt” lúc 06:30" in _texts(desk)
    # bob, in the sibling commune, sees neither
    other = desk_for(people["bob"])
    assert not {"monitoring", "radio"} & {g.key for g in other.groups}


def test_the_navigation_counts_are_the_pages_counts(world, people, cycle):
    for i in range(7):
        _draft(world["commune"], f"Hoạt động nháp {i}")
    for name in ("alice", "hank", "carol", "bob"):
        desk = desk_for(people[name])
        assert counts_for(people[name]) == desk.counts, name
    desk = desk_for(people["alice"])
    drafts = next(g for g in desk.groups if g.key == "activities")
    assert len(drafts.items) == 5 and drafts.total == 7 and drafts.more == "và 2 bản nháp khác"
    assert desk.counts["todo"] == desk.total == 1 + 7  # the overdue report and seven drafts


def test_the_coordinator_sees_reports_to_review_and_the_cycles_progress(world, people, cycle):
    request = _request_of(world["commune"])
    _send(request, people["hank"])
    desk = desk_for(people["carol"])
    review = next(g for g in desk.groups if g.key == "review")
    assert review.items[0].text == "UBND xã Tân Cương đã gửi báo cáo 6 tháng đầu năm 2026"
    assert review.items[0].url == reverse("reporting:report", args=[request.pk])
    cycles = next(g for g in desk.groups if g.key == "cycles")
    expected = len(cycle)
    assert cycles.items[0].text.startswith(f"6 tháng đầu năm 2026: 1/{expected} đơn vị")
    assert "chưa gửi báo cáo dù đã quá hạn" in cycles.items[0].detail
    # a commune head does not coordinate
    assert "review" not in {g.key for g in desk_for(people["hank"]).groups}


def test_the_steering_committee_sees_where_the_campaign_stands(world, people, client_for):
    activity = _draft(world["commune"])
    activity.status = Status.CONFIRMED
    from hangviet.activities.services import activities_confirm

    activities_confirm(activities=Activity.objects.filter(pk=activity.pk), by=None)
    desk = desk_for(people["vera"])
    assert [g.key for g in desk.groups] == ["overview"]
    item = desk.groups[0].items[0]
    assert item.url == reverse("analytics:overview")
    assert "hoạt động đã xác nhận" in item.text
    page = client_for(people["vera"]).get("/").content.decode()
    assert "Ghi nhận hoạt động" not in page  # a reader has nothing to log


def test_a_person_without_a_role_sees_nothing_to_do(people, client_for):
    assert desk_for(people["charlie"]).groups == []
    page = client_for(people["charlie"]).get("/").content.decode()
    assert "Hôm nay không có việc nào đang chờ bạn." in page


def test_visitors_see_the_public_sections_and_a_way_to_the_directory(client):
    page = client.get("/").content.decode()
    nav = page[page.index('<nav class="mainnav') : page.index("</nav>", page.index("mainnav"))]
    for public in ("Danh bạ hàng Việt", "Tin tức", "Cuộc vận động"):
        assert public in nav
    for staff in ("Báo cáo", "Kế hoạch", "Giám sát báo chí", "Hoạt động"):
        assert staff not in nav
    assert f'action="{reverse("directory:home")}"' in page
    assert "Đăng nhập" in page


def test_robots_and_favicon(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots["Content-Type"].startswith("text/plain")
    body = robots.content.decode()
    assert "Disallow: /bao-cao/" in body and "Sitemap:" in body
    assert client.get("/favicon.ico").status_code == 301


def test_the_daily_digest_is_sent_once_a_day_and_can_be_stopped(world, people, cycle, client):
    people["hank"].email = "hank@example.vn"
    people["hank"].save()
    people["bob"].email = "bob@example.vn"
    people["bob"].save()
    assert send_daily_digests.call() >= 1
    to_hank = [m for m in mail.outbox if m.to == ["hank@example.vn"]]
    assert len(to_hank) == 1
    message = to_hank[0]
    assert message.subject.startswith("hangviet: ") and "việc đang chờ bạn" in message.subject
    assert "Báo cáo 6 tháng đầu năm 2026 của UBND xã Tân Cương đã quá hạn" in message.body
    assert "Phú Đình" not in message.body.split("Lập và gửi báo cáo")[0]
    # the same day, nothing more
    before = len(mail.outbox)
    send_daily_digests.call()
    assert len(mail.outbox) == before

    # the link in the email (its token carries the second it was signed: read it, don't rebuild it)
    prefix = reverse("accounts:unsubscribe", args=["T"]).rsplit("T", 1)[0]
    found = re.search(re.escape(prefix) + r"([^/\s]+)/", message.body)
    assert found, message.body
    url = reverse("accounts:unsubscribe", args=[found.group(1)])
    assert unsubscribe_token(people["hank"]).split(":")[0] == found.group(1).split(":")[0]
    assert client.get(url).status_code == 200 and wants_digest(people["hank"])  # GET asks
    assert client.post(url).status_code == 200
    assert not wants_digest(people["hank"])
    bad = client.get(reverse("accounts:unsubscribe", args=["not-a-token"]))
    assert bad.status_code == 404 and "không còn hiệu lực" in bad.content.decode()


def test_only_oneself_turns_the_digest_on_or_off(people, client_for):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        digest_set(by=people["bob"], user=people["alice"], enabled=False)
    client = client_for(people["alice"])
    client.post(reverse("accounts:notifications"), {})
    assert not wants_digest(people["alice"])
    client.post(reverse("accounts:notifications"), {"daily_digest": "on"})
    assert wants_digest(people["alice"])
