"""The demo reporting cycles: 2022H1 for the seed plan and 2026H1 for the team's 2026 plan.
Most units reported, a few late, one returned, one missing — so the consolidated report and the
completeness table have something true to show. Submission times are set to plausible dates
after the fact (demo only); everything else goes through the services."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from hangviet.plans.models import Plan
from hangviet.reporting import services
from hangviet.reporting.models import ReportRequest

NARRATIVES = {
    "results": "Đơn vị đã quán triệt Kế hoạch, tuyên truyền thường xuyên trên các kênh được "
    "giao; số liệu chi tiết tại bảng kèm theo.",
    "strengths": "Nội dung tuyên truyền phong phú, gắn với sản phẩm chủ lực của địa phương.",
    "limitations": "Một số thôn, xóm vùng sâu chưa có loa truyền thanh hoạt động ổn định.",
    "proposals": "Đề nghị hỗ trợ thay thế cụm loa hỏng và tài liệu tuyên truyền mẫu.",
}


def _cycle(plan: Plan, period: str, seed: int, keep_open: set[int]) -> int:
    rng = random.Random(seed)
    services.indicators_default(plan=plan, by=None)
    requests = services.requests_generate(plan=plan, period_code=period, by=None)
    tz = timezone.get_current_timezone()
    count = 0
    for i, request in enumerate(requests):
        if request.unit_id in keep_open or request.reports.exists():
            continue
        if i == 3:  # one unit never reports
            continue
        report = services.report_start(request=request, by=None)
        services.report_save(
            report=report, by=None, lock_version=report.lock_version, narrative=NARRATIVES
        )
        late = rng.random() < 0.12
        offset = rng.randint(1, 6) if late else -rng.randint(0, 6)
        sent = datetime.combine(request.deadline + timedelta(days=offset), time(9, 30), tz)
        services.report_submit(report=report, by=None, at=sent)
        if i == 5:
            services.report_return(
                report=report, by=None, comment="Đề nghị bổ sung số lượt phát thanh của tháng 5."
            )
        elif rng.random() < 0.8:
            services.report_accept(report=report, by=None)
        count += 1
    return count


def build_cycles(plans: dict[str, Plan], keep_open: set[int]) -> int:
    """Run the demo cycles once; `keep_open` units are left for the demo users to report."""
    if ReportRequest.objects.filter(plan__in=plans.values()).exists():
        return 0
    made = 0
    if "2022" in plans:
        made += _cycle(plans["2022"], "2022H1", 2022, keep_open)
    made += _cycle(plans["2026"], "2026H1", 2026, keep_open)
    return made
