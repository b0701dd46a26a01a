"""The demo reporting cycles: 2022H1 for the seed plan and 2026H1 for the team's 2026 plan.

Most units reported, and their narratives differ the way real ones do: each unit writes from its
own figures, picks its own points, and several communes make the same request in slightly
different words, which the consolidation merges. In each cycle one unit never reports, one
report is returned, one comes late, a few wait for review, and one accepted report corrects a
figure with its reason. Submission times are set to plausible dates after the fact (demo
only); everything else goes through the services."""

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from hangviet.activities.models import Activity, Status
from hangviet.activities.services import activity_return, activity_update
from hangviet.core import testkeys
from hangviet.core.demo import DemoWorld
from hangviet.orgs.models import Role, Unit, UnitKind
from hangviet.orgs.policy import heads_of
from hangviet.orgs.services import role_grant
from hangviet.plans.models import Plan
from hangviet.reporting import quality, services
from hangviet.reporting.models import ConsolidatedReport, FlagNote, ReportRequest, UnitReport

LOCALITY = {
    "direction": [
        "UBND xã đã ban hành kế hoạch triển khai Cuộc vận động trên địa bàn, giao công chức "
        "Văn hóa - Xã hội phối hợp với Ủy ban MTTQ xã tổ chức thực hiện.",
        "Đã quán triệt nội dung Kế hoạch tới cán bộ, công chức và trưởng các thôn, xóm tại "
        "hội nghị giao ban tháng 02/2026.",
        "Phân công công chức Văn hóa - Xã hội theo dõi, cập nhật kết quả tuyên truyền kèm minh "
        "chứng để tổng hợp, báo cáo.",
        "Lồng ghép nội dung Cuộc vận động vào các buổi sinh hoạt của chi bộ, thôn, xóm và các "
        "đoàn thể.",
    ],
    "strengths": [
        "Nội dung tuyên truyền phong phú, gắn với sản phẩm chủ lực của địa phương.",
        "Cán bộ, công chức và Nhân dân ngày càng quan tâm, ưu tiên sử dụng hàng Việt Nam.",
        "Hệ thống loa truyền thanh ở các thôn, xóm hoạt động ổn định, phát đúng lịch.",
        "Các sản phẩm OCOP của địa phương được giới thiệu thường xuyên trên loa truyền thanh.",
        "Ủy ban MTTQ và các đoàn thể phối hợp chặt chẽ trong công tác tuyên truyền.",
    ],
    "limitations": [
        "Một số thôn, xóm vùng sâu chưa có loa truyền thanh hoạt động ổn định.",
        "Kinh phí dành cho công tác tuyên truyền còn hạn chế.",
        "Công chức phụ trách văn hóa - thông tin kiêm nhiệm nhiều việc nên việc cập nhật minh "
        "chứng còn chậm.",
        "Một số cụm loa đã xuống cấp, âm thanh không rõ, nhất là vào mùa mưa.",
        "Hình thức tuyên truyền chủ yếu qua loa truyền thanh, chưa đa dạng.",
    ],
    "next_tasks": [
        "Duy trì phát tin, bài tuyên truyền về Cuộc vận động ít nhất 02 lần mỗi tháng.",
        "Phối hợp với Sở Công Thương tổ chức phiên chợ hàng Việt tại xã.",
        "Cập nhật đầy đủ, kịp thời minh chứng hoạt động tuyên truyền.",
        "Treo bổ sung băng rôn tuyên truyền tại chợ và nhà văn hóa các thôn.",
    ],
    "proposals": [
        "Đề nghị hỗ trợ thay thế cụm loa hỏng và tài liệu tuyên truyền mẫu.",
        "Đề nghị hỗ trợ thay thế các cụm loa hỏng và cung cấp tài liệu tuyên truyền mẫu.",
        "Đề nghị Sở Công Thương tổ chức phiên chợ hàng Việt về xã.",
        "Đề nghị cung cấp thêm băng rôn, áp phích tuyên truyền mẫu.",
        "Đề nghị {issuer} tập huấn nghiệp vụ cập nhật minh chứng, báo cáo cho công chức văn "
        "hóa - xã hội.",
    ],
}
DEPARTMENT = {
    "direction": [
        "Sở đã ban hành văn bản hướng dẫn các phòng, đơn vị trực thuộc triển khai Kế hoạch; "
        "giao Văn phòng Sở phụ trách đăng tải tin, bài trên Cổng thông tin điện tử của Sở.",
        "Lồng ghép nội dung Cuộc vận động trong các hội nghị chuyên đề của ngành.",
    ],
    "strengths": [
        "Tin, bài được đăng tải kịp thời, gắn với nhiệm vụ chuyên môn của ngành.",
        "Cán bộ, công chức, viên chức của ngành gương mẫu ưu tiên sử dụng hàng Việt Nam.",
    ],
    "limitations": [
        "Số lượng tin, bài còn ít, chưa có chuyên mục riêng về Cuộc vận động.",
        "Việc cập nhật minh chứng đôi khi chưa kịp thời.",
    ],
    "next_tasks": [
        "Xây dựng chuyên mục “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên Cổng thông tin "
        "điện tử của Sở.",
    ],
    "proposals": [
        "Đề nghị {issuer} cung cấp tài liệu định hướng tuyên truyền hằng quý.",
    ],
}
PRESS = {
    "direction": [
        "Ban Biên tập phân công phóng viên, biên tập viên theo dõi, phản ánh kết quả thực hiện "
        "Cuộc vận động; duy trì chuyên mục “Người Việt Nam ưu tiên dùng hàng Việt Nam” trên "
        "các ấn phẩm và sóng phát thanh, truyền hình.",
    ],
    "strengths": [
        "Tin, bài, phóng sự phản ánh sinh động các mô hình, điển hình tiêu biểu trong sản xuất, "
        "kinh doanh hàng Việt.",
    ],
    "limitations": [
        "Thời lượng dành cho chuyên mục còn hạn chế do phải ưu tiên các nhiệm vụ chính trị khác.",
    ],
    "next_tasks": [
        "Tăng cường các phóng sự về sản phẩm OCOP và điểm bán hàng Việt ở vùng cao.",
    ],
    "proposals": [
        "Đề nghị các sở, ngành cung cấp thông tin về hội chợ, phiên chợ hàng Việt sớm hơn để "
        "kịp xây dựng kế hoạch tuyên truyền.",
    ],
}
DISTRICT = {
    "direction": [
        "UBND huyện đã ban hành kế hoạch triển khai trên địa bàn, chỉ đạo Phòng Văn hóa và "
        "Thông tin, Trung tâm Văn hóa, Thể thao và Truyền thông hướng dẫn UBND các xã, thị "
        "trấn thực hiện.",
        "Chỉ đạo UBND các xã, thị trấn duy trì phát tin tuyên truyền trên hệ thống truyền "
        "thanh cơ sở ít nhất 02 lần mỗi tháng.",
    ],
    "strengths": [
        "Hệ thống truyền thanh cơ sở được duy trì, nội dung tuyên truyền gắn với sản phẩm OCOP "
        "của từng xã.",
        "Nhiều xã chủ động phối hợp tổ chức phiên chợ hàng Việt, được Nhân dân đón nhận.",
    ],
    "limitations": [
        "Một số xã vùng cao còn thiếu cụm loa, sóng phát thanh chưa phủ hết các thôn, bản.",
        "Việc cập nhật minh chứng của cấp xã còn chậm.",
    ],
    "next_tasks": [
        "Chỉ đạo các xã cập nhật minh chứng kịp thời.",
    ],
    "proposals": [
        "Đề nghị hỗ trợ kinh phí bổ sung cụm loa cho các xã vùng cao.",
        "Đề nghị {issuer} cung cấp tài liệu định hướng tuyên truyền hằng quý.",
    ],
}
POOLS: dict[str, dict[str, list[str]]] = {
    UnitKind.COMMUNE_PC: LOCALITY,
    UnitKind.DISTRICT_PC: DISTRICT,
    UnitKind.DEPARTMENT: DEPARTMENT,
    UnitKind.PRESS: PRESS,
}


def _results(report: UnitReport) -> str:
    """What a unit writes about its own results: its figures, in its words."""
    unit = report.request.unit
    values = {f.indicator.code: f.value for f in report.figures.select_related("indicator")}
    parts = []
    if unit.kind == UnitKind.COMMUNE_PC:
        if values.get("loudspeaker"):
            parts.append(
                f"Đài truyền thanh xã đã phát {values['loudspeaker']} lượt tin, bài tuyên "
                "truyền về Cuộc vận động, tập trung giới thiệu sản phẩm OCOP và các điểm bán "
                "hàng Việt trên địa bàn."
            )
        if values.get("banners"):
            parts.append(
                f"Treo {values['banners']} băng rôn tại trụ sở UBND, nhà văn hóa các thôn và chợ."
            )
        if not parts:
            parts.append(
                "Do hệ thống loa truyền thanh đang sửa chữa, việc tuyên truyền chủ yếu lồng ghép "
                "trong các cuộc họp thôn, xóm."
            )
    elif unit.kind == UnitKind.DISTRICT_PC:
        if values.get("loudspeaker"):
            parts.append(
                f"Hệ thống truyền thanh trên địa bàn huyện đã phát {values['loudspeaker']} lượt "
                "tin, bài về Cuộc vận động."
            )
        if values.get("banners"):
            parts.append(f"Các xã, thị trấn treo {values['banners']} băng rôn, khẩu hiệu.")
        if not parts:
            parts.append("Lồng ghép tuyên truyền trong các hội nghị, buổi sinh hoạt của thôn.")
    elif unit.kind == UnitKind.PRESS:
        parts.append(
            f"Đăng {values.get('articles', 0)} tin, bài trên báo in và báo điện tử; thực hiện "
            f"{values.get('broadcast_programmes', 0)} chương trình, phóng sự phát thanh, truyền "
            f"hình với thời lượng {values.get('airtime', 0)} phút."
        )
    else:
        if values.get("portal_posts"):
            parts.append(
                f"Đăng {values['portal_posts']} tin, bài về Cuộc vận động trên Cổng thông tin "
                "điện tử của Sở."
            )
        if values.get("fairs"):
            parts.append(
                f"Tổ chức {values['fairs']} phiên chợ hàng Việt về các xã miền núi với "
                f"{values.get('stalls', 0)} gian hàng của doanh nghiệp, hợp tác xã trong tỉnh."
            )
        if not parts:
            parts.append("Lồng ghép tuyên truyền trong các hội nghị chuyên môn của ngành.")
    return "\n".join(parts)


# What a commune whose loudspeakers did not broadcast in the period cannot say of them.
ON_THE_AIR = ("loa truyền thanh ở các thôn", "trên loa truyền thanh", "Duy trì phát tin")


def _narrative(report: UnitReport, rng: random.Random) -> dict[str, str]:
    pool = POOLS.get(report.request.unit.kind, DEPARTMENT)
    issuer = report.request.plan.issuing_unit.name
    broadcast = report.figures.filter(indicator__code="loudspeaker", value__gt=0).exists()
    text = {"results": _results(report)}
    for section, choices in pool.items():
        if report.request.unit.kind == UnitKind.COMMUNE_PC and not broadcast:
            # No contradiction: silent loudspeakers are neither praised nor promised.
            choices = [c for c in choices if not any(w in c for w in ON_THE_AIR)]
        if section != "direction" and rng.random() < 0.25:
            continue  # not every unit writes every section
        k = 1 if len(choices) < 3 else rng.choice([1, 1, 2])
        text[section] = "\n".join(c.format(issuer=issuer) for c in rng.sample(choices, k))
    return text


FAMILY = ("Nguyễn", "Trần", "Hoàng", "Lê", "Phạm", "Đỗ", "Ma", "Nông", "Hà", "Lương", "Triệu")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Quang", "Hữu", "Ngọc")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Long",
         "Mai", "Nam", "Phong", "Sơn", "Thắng", "Thủy", "Tuấn", "Vinh", "Yến")  # fmt: skip


def _head_of(unit: Unit, rng: random.Random) -> Any:
    """The head of `unit` who sends its report: the one the registry has, or a demo head with
    a name (no password: the demo's heads of other units do not sign in)."""
    heads = heads_of(unit)
    if heads:
        return heads[0]
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    head = get_user_model().objects.create_user(f"thutruong-{unit.pk}", first_name=name)
    role_grant(by=None, user=head, role=Role.HEAD, unit=unit)
    return head


def _cycle(plan: Plan, period: str, seed: int, keep_open: set[int]) -> int:
    rng = random.Random(seed)
    services.indicators_default(plan=plan, by=None)
    services.rules_default(plan=plan, by=None)
    requests = services.requests_generate(plan=plan, period_code=period, by=None)
    tz = timezone.get_current_timezone()
    # The coordinator asked a few days before the cut-off (demo dates, after the fact).
    asked = datetime.combine(requests[0].end - timedelta(days=10), time(8), tz)
    ReportRequest.objects.filter(pk__in=[r.pk for r in requests]).update(created_at=asked)
    count = 0
    corrected = False
    slipped = period != "2026H1"
    for i, request in enumerate(requests):
        if request.unit_id in keep_open or request.reports.exists():
            continue
        if i == 3:  # one unit never reports
            continue
        if not slipped and i > 8 and request.unit.kind == UnitKind.COMMUNE_PC:
            slipped = _slip(request)
        report = services.report_start(request=request, by=None)
        figures = None
        loudspeaker = report.figures.filter(indicator__code="loudspeaker", computed__gt=0).first()
        if not corrected and loudspeaker is not None and i > 5:
            # An accepted report that corrects a figure, with its reason.
            figures = {
                loudspeaker.indicator_id: (
                    loudspeaker.computed + 3,
                    "03 lượt phát ngày 12/6 chưa kịp cập nhật lên hệ thống do mất điện.",
                )
            }
            corrected = True
        services.report_save(
            report=report,
            by=None,
            lock_version=report.lock_version,
            narrative=_narrative(report, rng),
            figures=figures,
        )
        late = i == 7 or rng.random() < 0.1
        # Sent after the data cut-off: on time by the deadline, or a few days late.
        window = (request.deadline - request.end).days
        offset = window + rng.randint(1, 6) if late else rng.randint(1, max(window, 1))
        sent = datetime.combine(request.end + timedelta(days=offset), time(9, 30), tz)
        services.report_submit(report=report, by=None, at=sent, signer=_head_of(request.unit, rng))
        if i == 5:
            services.report_return(
                report=report, by=None, comment="Đề nghị bổ sung số lượt phát thanh của tháng 5."
            )
        elif figures is not None or rng.random() < 0.95:
            services.report_accept(report=report, by=None)
        count += 1
    return count


def _slip(request: ReportRequest) -> bool:
    """A figure typed with two zeros too many (6 broadcasts entered as 600): the data-quality
    page flags the commune's report as far above the communes that broadcast."""
    typed = (
        Activity.objects.filter(
            unit=request.unit, kind="loudspeaker", status=Status.CONFIRMED, quantity__gte=4
        )
        .in_range(request.start, request.end)
        .order_by("-quantity", "pk")
        .first()
    )
    if typed is None:
        return False
    activity_update(activity=typed, by=None, quantity=typed.quantity * 100)
    return True


def build_cycles(plans: dict[str, Plan], keep_open: set[int]) -> int:
    """Run the demo cycles once; `keep_open` units are left for the demo users to report."""
    if ReportRequest.objects.filter(plan__in=plans.values()).exists():
        return 0
    made = 0
    if "2022" in plans:
        made += _cycle(plans["2022"], "2022H1", 2022, keep_open)
    made += _cycle(plans["2026"], "2026H1", 2026, keep_open)
    return made


def quality_story(plan: Plan, commune: Unit) -> None:
    """What the coordinator already did on the data-quality page of 2026H1: two empty reports
    explained by their communes, and one broadcast of the demo commune sent back for a photo
    (its editor finds it first on "Việc cần làm")."""
    if FlagNote.objects.filter(request__plan=plan).exists():
        return
    reasons = [
        "Hệ thống truyền thanh của xã hư hỏng do mưa bão từ tháng 3/2026, đang chờ sửa chữa; "
        "xã tuyên truyền lồng ghép tại các cuộc họp thôn.",
        "Xã mới kiện toàn cán bộ văn hóa - thông tin từ tháng 5/2026; kỳ tới sẽ triển khai.",
    ]
    empty = [f for f in quality.flags_for(plan, "2026H1") if f.kind == "empty"]
    for flag, reason in zip(empty, reasons, strict=False):
        services.flag_clear(request=flag.request, key=flag.key, value=0, reason=reason, by=None)
    broadcast = (
        Activity.objects.filter(unit=commune, kind="loudspeaker", status=Status.CONFIRMED)
        .filter(date__year=2026)
        .order_by("-date", "pk")
        .first()
    )
    if broadcast is not None and not broadcast.returns.exists():
        activity_return(
            activity=broadcast,
            comment="Đề nghị bổ sung ảnh chụp sổ nhật ký phát thanh hoặc tệp âm thanh của buổi "
            "phát để làm minh chứng.",
            by=None,
        )


def number_the_report(plan: Plan) -> None:
    """Give the 2026H1 consolidated report its number and date, so the director can sign it."""
    saved = ConsolidatedReport.objects.filter(plan=plan, period_code="2026H1").first()
    if saved is None or not saved.number:
        services.consolidation_save(
            plan=plan, period_code="2026H1", by=None, number="46", sent_on=date(2026, 6, 24)
        )


def signing_keys(units: dict[str, Unit]) -> str:
    """Throw-away certificates for the demo's signer and agency, written where the signing
    configuration is looked for, unless a configuration is already there (never replaced)."""
    path = Path(settings.SIGNING_CONFIG) if settings.SIGNING_CONFIG else None
    if path is None or path.exists() or not path.is_relative_to(settings.VAR_DIR):
        return ""
    culture = units["culture"]
    testkeys.write_demo_keys(
        path.parent,
        agencies={culture.agency_code: (culture.name, culture.abbreviation)},
        signers={"giamdoc": "Nguyễn Thị Thu Hằng"},
    )
    return f"throw-away signing keys (a demo CA, not real certificates) in {path.parent}"


def contribute(world: DemoWorld) -> list[str]:
    # The demo commune's report stays open, so its head has a report to write.
    made = build_cycles(world["plans"], keep_open={world["units"]["commune"].pk})
    quality_story(world["plans"]["2026"], world["units"]["commune"])
    number_the_report(world["plans"]["2026"])
    lines = [f"{made} unit reports in the 2022H1 and 2026H1 cycles"] if made else []
    keys = signing_keys(world["units"])
    return [*lines, keys] if keys else lines
