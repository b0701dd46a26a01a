"""Realistic, uneven half-years of evidence for the demo: the first half of 2022 for the seed
plan's units, and the second half of 2025 and the first of 2026 on today's map. Some remote
communes stay silent on purpose, so reports and dashboards have gaps to show. Deterministic:
the same world every time."""

import random
from datetime import date, timedelta

from hangviet.activities.models import Activity, Kind, Measure, Source, Status
from hangviet.activities.services import activities_bulk_create
from hangviet.core.demo import DemoWorld
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import within
from hangviet.plans.models import Channel, Plan

LOUDSPEAKER_TITLES = [
    "Phát bản tin tuyên truyền Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”",
    "Phát tin giới thiệu sản phẩm chè OCOP của địa phương",
    "Tuyên truyền người dân ưu tiên mua hàng Việt tại chợ phiên",
    "Phát bài “Hàng Việt về nông thôn: chất lượng, giá hợp lý”",
    "Tuyên truyền cảnh giác với hàng giả, hàng kém chất lượng",
]
PRESS_TITLES = [
    "Hàng Việt chiếm lĩnh kệ hàng siêu thị {place}",
    "Chè {tea} vươn xa nhờ sản phẩm OCOP 4 sao",
    "Doanh nghiệp {place} ưu tiên nguyên liệu trong tỉnh",
    "Phiên chợ hàng Việt về xã vùng cao thu hút đông đảo người dân",
    "Người tiêu dùng tin dùng hàng Việt: từ nhận thức đến hành động",
    "Điểm bán hàng Việt: địa chỉ tin cậy của người tiêu dùng {place}",
]
PORTAL_TITLES = [
    "Đăng tin hưởng ứng Cuộc vận động trên Cổng thông tin điện tử của {unit}",
    "Chuyên mục “Người Việt Nam ưu tiên dùng hàng Việt Nam” số {n}",
]
TEAS = ["Tân Cương", "La Bằng", "Trại Cài", "Khe Cốc"]
# Programmes and columns of the provincial press (named in the consolidated report).
PROGRAMME_TITLES = {
    Kind.TV_REPORT: [
        "Phóng sự “Hàng Việt về bản”",
        "Chuyên mục “Tự hào hàng Việt” kỳ {n}",
        "Phóng sự “Chè Thái Nguyên — từ đồi chè đến siêu thị”",
        "Phóng sự “Điểm bán hàng Việt nơi vùng cao”",
    ],
    Kind.RADIO_PROGRAMME: [
        "Chương trình “Người tiêu dùng thông thái” số {n}",
        "Chuyên mục “Hàng Việt — Niềm tin của người Việt” số {n}",
        "Tọa đàm “Doanh nghiệp Thái Nguyên với thị trường trong nước”",
    ],
}
# The remote communes the fairs of the demo go to (in order).
FAIR_PLACES = ["xã Thần Sa", "xã Sảng Mộc", "xã Bằng Thành", "xã Cốc Đán"]


def _days(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _fair_places(communes: list[Unit]) -> list[Unit]:
    """Where the demo's fairs go: the named communes that belong to the province on the
    period's map (2022: Thái Nguyên before the merger), then its remote communes."""
    by_area = {c.area_name: c for c in communes}
    named = [by_area[f"X{p[1:]}"] for p in FAIR_PLACES if f"X{p[1:]}" in by_area]
    remote = sorted((c for c in communes if c.is_remote and c not in named), key=lambda c: c.name)
    return (named + remote)[:3]


def _rows_for(
    plan: Plan | None,
    units: list[Unit],
    communes: list[Unit],
    first: date,
    last: date,
    seed: int,
) -> list[dict]:
    rng = random.Random(seed)
    channels = {c.code: c for c in Channel.objects.all()}
    themes = list(plan.themes.filter(parent__isnull=True)) if plan is not None else []
    rows: list[dict] = []

    def add(
        unit: Unit,
        kind: str,
        channel: str,
        title: str,
        quantity: int,
        measure: str,
        day: date,
        url: str = "",
        status: str = Status.CONFIRMED,
        communes: list[Unit] | None = None,
    ) -> None:
        rows.append(
            {
                "unit": unit,
                "plan": plan,
                "channel": channels[channel],
                "kind": kind,
                "title": title,
                "summary": "",
                "date": day,
                "end_date": None,
                "quantity": quantity,
                "measure": measure,
                "url": url,
                "status": status,
                "external_id": "",
                "import_key": f"demo-{seed}-{len(rows)}",
                "theme": rng.choice(themes) if themes else None,
                "communes": communes or [],
            }
        )

    for commune in communes:
        silent = rng.random() < (0.45 if commune.is_remote else 0.1)
        if silent:
            continue
        busy = rng.choice([1, 2, 2, 3, 4, 6])
        for _ in range(busy):
            day = _days(rng, first, last)
            add(
                commune,
                Kind.LOUDSPEAKER,
                "commune_radio",
                rng.choice(LOUDSPEAKER_TITLES),
                rng.randint(2, 8),
                Measure.BROADCASTS,
                day,
                status=Status.CONFIRMED if rng.random() < 0.85 else Status.DRAFT,
            )
        if rng.random() < 0.35:
            add(
                commune,
                Kind.BANNER,
                "banner_poster",
                "Treo băng rôn tuyên truyền ưu tiên dùng hàng Việt tại trụ sở và chợ",
                rng.randint(2, 10),
                Measure.BANNERS,
                _days(rng, first, last),
            )
    for unit in units:
        if unit.kind == UnitKind.PRESS:
            for n in range(rng.randint(8, 24)):
                place = rng.choice(["Thái Nguyên", "Phổ Yên", "Sông Công", "Đại Từ"])
                title = rng.choice(PRESS_TITLES).format(place=place, tea=rng.choice(TEAS))
                kind, channel, measure, qty = rng.choice(
                    [
                        (Kind.ARTICLE, "press_online", Measure.ITEMS, 1),
                        (Kind.ARTICLE, "press_print", Measure.ITEMS, 1),
                        (Kind.TV_REPORT, "press_tv", Measure.MINUTES, rng.randint(3, 15)),
                        (Kind.RADIO_PROGRAMME, "press_radio", Measure.MINUTES, rng.randint(5, 20)),
                    ]
                )
                if kind in PROGRAMME_TITLES:  # no draw from rng: the rest of the world stays
                    names = PROGRAMME_TITLES[kind]
                    title = names[n % len(names)].format(n=n + 1)
                slug = f"{unit.abbreviation or unit.pk}-{seed}-{n}".lower()
                add(
                    unit,
                    kind,
                    channel,
                    title,
                    qty,
                    measure,
                    _days(rng, first, last),
                    url=f"https://baothainguyen.example/hang-viet/{slug}",
                )
        elif unit.kind == UnitKind.DEPARTMENT and rng.random() < 0.8:
            for n in range(rng.randint(1, 5)):
                add(
                    unit,
                    Kind.PORTAL_POST,
                    "agency_portal",
                    rng.choice(PORTAL_TITLES).format(unit=unit.display_name, n=n + 1),
                    1,
                    Measure.ITEMS,
                    _days(rng, first, last),
                )
            if unit.name == "Sở Công Thương":
                for host in _fair_places(communes):
                    day = _days(rng, first, last)
                    place = host.area_name[:1].lower() + host.area_name[1:]
                    add(
                        unit,
                        Kind.FAIR,
                        "fair",
                        f"Phiên chợ hàng Việt về {place}",
                        rng.randint(30, 40),
                        Measure.STALLS,
                        day,
                        communes=[host],
                    )
                add(
                    unit,
                    Kind.CONFERENCE,
                    "conference",
                    "Hội nghị kết nối cung cầu hàng Việt",
                    rng.randint(80, 200),
                    Measure.PARTICIPANTS,
                    _days(rng, first, last),
                )
    return rows


def build_activities(plans: dict[str, Plan]) -> int:
    """Add the demo evidence once; return how many activities were created."""
    if Activity.all_objects.filter(import_key__startswith="demo-").exists():
        return 0
    created = 0
    if "2022" in plans:
        plan = plans["2022"]
        on = date(2022, 3, 1)
        root = plan.issuing_unit.root_id
        province = Unit.objects.get(pk=root)
        units = list(
            within(Unit.objects.all(), province, "")
            .valid_on(on)
            .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.PRESS])
        )
        communes = list(
            within(Unit.objects.all(), province, "").valid_on(on).filter(kind=UnitKind.COMMUNE_PC)
        )
        rows = _rows_for(plan, units, communes, date(2022, 1, 3), date(2022, 6, 14), 2022)
        created += len(
            activities_bulk_create(rows, by=None, source=Source.MANUAL, note="demo 2022H1")
        )
    plan = plans["2026"]
    province = Unit.objects.get(pk=plan.issuing_unit.root_id)
    # The half-year before (on today's map too): the 2026H1 report compares with it.
    for seed, on, first, last, attached, note in (
        (2025, date(2025, 9, 1), date(2025, 6, 15), date(2025, 12, 14), None, "demo 2025H2"),
        (2026, date(2026, 3, 1), date(2026, 1, 5), date(2026, 6, 14), plan, "demo 2026H1"),
    ):
        units = list(
            within(Unit.objects.all(), province, "")
            .valid_on(on)
            .filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.PRESS])
        )
        communes = list(
            within(Unit.objects.all(), province, "").valid_on(on).filter(kind=UnitKind.COMMUNE_PC)
        )
        rows = _rows_for(attached, units, communes, first, last, seed)
        created += len(activities_bulk_create(rows, by=None, source=Source.MANUAL, note=note))
    return created


def contribute(world: DemoWorld) -> list[str]:
    made = build_activities(world["plans"])
    return [f"{made} demo activities (2022H1, 2025H2 and 2026H1)"] if made else []
