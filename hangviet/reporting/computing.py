"""Figures from evidence: what an indicator counts among confirmed activities."""

from datetime import date

from django.db.models import Count, QuerySet, Sum

from hangviet.activities.models import Activity, Status
from hangviet.orgs.models import Unit
from hangviet.orgs.permissions import within
from hangviet.reporting.models import Aggregation, Indicator

# The indicators of the demo template: what real consolidated reports of this campaign count.
DEFAULT_INDICATORS = [
    # code, name, unit label, aggregation, kinds, measures, channels
    (
        "articles",
        "Tin, bài trên báo in, báo điện tử",
        "tin, bài",
        "count",
        ["article"],
        [],
        ["press_print", "press_online"],
    ),
    (
        "broadcast_programmes",
        "Chương trình, phóng sự phát thanh, truyền hình",
        "chương trình",
        "count",
        ["tv_report", "radio_programme"],
        [],
        [],
    ),
    (
        "airtime",
        "Thời lượng phát thanh, truyền hình",
        "phút",
        "sum",
        ["tv_report", "radio_programme"],
        ["minutes"],
        [],
    ),
    (
        "portal_posts",
        "Tin, bài trên cổng/trang thông tin điện tử, bản tin",
        "tin, bài",
        "count",
        ["portal_post", "bulletin_issue", "article"],
        [],
        ["agency_portal", "provincial_portal", "sector_bulletin"],
    ),
    (
        "loudspeaker",
        "Lượt phát trên hệ thống truyền thanh cơ sở",
        "lượt",
        "sum",
        ["loudspeaker"],
        ["broadcasts"],
        [],
    ),
    ("banners", "Băng rôn, pano, áp phích", "chiếc", "sum", ["banner_poster"], ["banners"], []),
    ("conferences", "Hội nghị, tập huấn đã tổ chức", "hội nghị", "count", ["conference"], [], []),
    (
        "participants",
        "Lượt người tham dự hội nghị, cuộc thi",
        "người",
        "sum",
        ["conference", "contest"],
        ["participants"],
        [],
    ),
    ("fairs", "Hội chợ, phiên chợ hàng Việt", "phiên", "count", ["fair"], [], []),
    ("stalls", "Gian hàng tại hội chợ, phiên chợ", "gian hàng", "sum", ["fair"], ["stalls"], []),
    ("social_posts", "Bài đăng trên mạng xã hội", "bài", "count", ["social_post"], [], []),
]


def subtree_ids(unit: Unit) -> list[int]:
    """Return the ids of `unit` and every unit under it, whatever their dates."""
    return list(within(Unit.objects.all(), unit, "").values_list("pk", flat=True))


def evidence(
    indicator: Indicator, unit_ids: list[int], start: date, end: date
) -> QuerySet[Activity]:
    """Return the confirmed activities an indicator counts for these units and dates."""
    qs = Activity.objects.filter(status=Status.CONFIRMED, unit_id__in=unit_ids).in_range(start, end)
    if indicator.kinds:
        qs = qs.filter(kind__in=indicator.kinds)
    if indicator.channels:
        qs = qs.filter(channel__code__in=indicator.channels)
    if indicator.measures:
        qs = qs.filter(measure__in=indicator.measures)
    if indicator.unit_kinds:
        qs = qs.filter(unit__kind__in=indicator.unit_kinds)
    if indicator.theme_id:
        qs = qs.filter(themes__pk=indicator.theme_id)
    return qs


def compute(indicator: Indicator, unit_ids: list[int], start: date, end: date) -> int:
    """Return the indicator's figure."""
    qs = evidence(indicator, unit_ids, start, end)
    if indicator.aggregation == Aggregation.SUM:
        return int(qs.aggregate(total=Sum("quantity"))["total"] or 0)
    return int(qs.aggregate(total=Count("pk", distinct=True))["total"] or 0)
