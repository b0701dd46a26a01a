"""The demo's consumer surveys: a round in spring 2026 with a few hundred answers over several
communes (the first half-year's report states it), and a round open now with a few dozen, so
the portal's form can be tried. Answers are made as the form would store them."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hangviet.core.demo import DemoWorld
from hangviet.orgs.models import Unit, UnitKind
from hangviet.outcomes import services
from hangviet.outcomes.models import Answer, Place, Preference, Reason, Survey

# commune code → (answers in spring, share who prefer Vietnamese goods always or usually)
SPRING = {
    "05503": (64, 0.86),  # Tân Cương
    "05602": (41, 0.78),  # Phú Đình
    "05569": (38, 0.74),  # Định Hóa
    "05725": (33, 0.70),  # Thần Sa
    "05500": (47, 0.83),  # Tích Lương
    "01840": (36, 0.81),  # Đức Xuân
    "05551": (22, 0.68),  # Kim Phượng: too few to state a share for the commune
    "01894": (19, 0.79),  # Phúc Lộc
}


def _answers(survey: Survey, communes: dict[str, Unit], plan: dict, rng: random.Random) -> int:
    made = []
    for code, (count, share) in plan.items():
        commune = communes.get(code)
        if commune is None:
            continue
        for i in range(count):
            prefer = rng.random() < share
            preference = (
                rng.choice([Preference.ALWAYS, Preference.OFTEN])
                if prefer
                else rng.choice([Preference.SOMETIMES, Preference.NO])
            )
            made.append(
                Answer(
                    survey=survey,
                    commune=commune,
                    preference=preference,
                    reasons=sorted(rng.sample(Reason.values, rng.randint(1, 3))),
                    places=sorted(rng.sample(Place.values, rng.randint(1, 2))),
                    respondent=services.fingerprint("demo", survey.pk, code, i),
                    network=services.fingerprint("demo-network", code, i // 3),
                    created_at=timezone.make_aware(
                        datetime.combine(
                            survey.start + timedelta(days=rng.randint(0, 20)), time(9, 0)
                        )
                    ),
                )
            )
    Answer.objects.bulk_create(made)
    return len(made)


def contribute(world: DemoWorld) -> list[str]:
    if Survey.objects.exists():
        return []
    province = world["units"]["province"]
    communes = {
        u.code: u for u in Unit.objects.filter(kind=UnitKind.COMMUNE_PC, valid_to__isnull=True)
    }
    rng = random.Random(33)
    spring = services.survey_open(
        scope=province,
        title="Khảo sát người tiêu dùng năm 2026, đợt 1",
        start=date(2026, 3, 15),
        end=date(2026, 5, 31),
        by=None,
    )
    made = _answers(spring, communes, SPRING, rng)
    today = timezone.localdate()
    now = services.survey_open(
        scope=province,
        title="Khảo sát người tiêu dùng năm 2026, đợt 2",
        start=today - timedelta(days=10),
        end=today + timedelta(days=30),
        by=None,
    )
    made += _answers(now, communes, {"05503": (12, 0.9), "05602": (9, 0.8)}, rng)
    # The national targets of Quyết định 386/QĐ-TTg and a market-management check in spring.
    basis = "Quyết định số 386/QĐ-TTg ngày 17/3/2021 của Thủ tướng Chính phủ"
    for measure, value in (("share_modern", "90"), ("share_traditional", "80")):
        services.target_save(
            scope=province, measure=measure, level="national", value=value, basis=basis, by=None
        )
    # The province's own targets for the year (its plan for the campaign).
    own = "Kế hoạch thực hiện Cuộc vận động năm 2026 của UBND tỉnh"
    for measure, value in (("ocop_products", "12"), ("prefer", "80")):
        services.target_save(
            scope=province, measure=measure, level="province", value=value, basis=own, by=None
        )
    checks = (
        (
            "share_modern",
            "93,4",
            "18",
            "kiểm tra hàng hóa bày bán tại siêu thị, trung tâm thương mại",
        ),
        ("share_traditional", "78,6", "42", "kiểm tra hàng hóa bày bán tại chợ, cửa hàng tạp hóa"),
    )
    for measure, value, sample, method in checks:
        services.figure_save(
            unit=world["units"]["industry"],
            measure=measure,
            value=value,
            measured_on=date(2026, 5, 20),
            sample=sample,
            method=method,
            source="Báo cáo số 45/BC-SCT ngày 25/5/2026 của Sở Công Thương",
            by=None,
        )
    return [
        f"{made} answers to two consumer survey rounds (/khao-sat/ket-qua/); "
        "two shelf checks against the national targets, provincial targets for OCOP products "
        "and consumers' preference (/ket-qua-dau-ra/)"
    ]
