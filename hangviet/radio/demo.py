"""Demo grassroots radio: bulletins of the department and of Xã Tân Cương, broadcasts
planned and some already logged. Audio is produced when espeak-ng is installed."""

from datetime import time, timedelta

from django.utils import timezone

from hangviet.core.demo import DemoWorld
from hangviet.orgs.models import Unit
from hangviet.plans.models import Plan
from hangviet.radio import services, synthesis, tts
from hangviet.radio.models import Broadcast, Bulletin

BULLETINS = [
    (
        "coordinator_division",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam (bản tin tuần)",
        "Thưa bà con! Thực hiện Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”, "
        "UBND tỉnh khuyến khích mỗi gia đình ưu tiên mua sắm hàng hóa sản xuất trong nước, "
        "nhất là sản phẩm OCOP của địa phương như chè Tân Cương, miến dong, gạo nếp vải. "
        "Khi mua hàng, bà con hãy chọn sản phẩm có nhãn mác, nguồn gốc rõ ràng, mua tại các "
        "điểm bán hàng Việt và cửa hàng uy tín. Dùng hàng Việt là góp phần tạo việc làm, "
        "tăng thu nhập cho chính người dân quê mình.",
        "normal",
        1,
    ),
    (
        "commune",
        "Thông báo phiên chợ hàng Việt tại xã Tân Cương",
        "Thưa bà con! UBND xã Tân Cương thông báo: phiên chợ đưa hàng Việt về nông thôn sẽ "
        "diễn ra từ 7h30 đến 17h00 ngày 20/12/2026 tại sân vận động xã, với 40 gian hàng của "
        "các doanh nghiệp, HTX trong tỉnh. Nhiều mặt hàng được giảm giá từ 10-30%. "
        "Kính mời bà con đến tham quan, mua sắm.",
        "priority",
        0,
    ),
]


def build_radio(units: dict[str, Unit], plans: dict[str, Plan]) -> int:
    """Create the demo bulletins (idempotent); return how many exist."""
    today = timezone.localdate()
    plan = plans.get("2026")
    themes = list(plan.themes.filter(parent__isnull=True)) if plan else []
    communes = [units["commune"], units["commune2"]]
    for key, title, text, priority, theme_index in BULLETINS:
        bulletin = Bulletin.objects.filter(title=title).first()
        if bulletin is None:
            bulletin = services.bulletin_save(
                bulletin=Bulletin(unit=units[key]),
                by=None,
                communes=communes if key != "commune" else [units["commune"]],
                title=title,
                text=text,
                priority=priority,
                theme=themes[theme_index] if len(themes) > theme_index else None,
                valid_from=today - timedelta(days=3),
                valid_until=today + timedelta(days=30),
            )
        if tts.engine().available() and not bulletin.audio_current:
            synthesis.synthesize(bulletin.pk)
        for days_ago, slot in ((2, time(6, 30)), (1, time(6, 30)), (1, time(17, 0))):
            broadcast, created = Broadcast.objects.get_or_create(
                bulletin=bulletin,
                commune=units["commune"],
                date=today - timedelta(days=days_ago),
                time=slot,
                defaults={"repetitions": 2, "clusters": "Cụm loa xóm Nam Tân, Hải Hà"},
            )
            if created and days_ago == 2:
                services.broadcast_done(broadcast=broadcast, by=None)
    return Bulletin.objects.count()


def contribute(world: DemoWorld) -> list[str]:
    made = build_radio(world["units"], world["plans"])
    return [f"{made} loudspeaker bulletins with their broadcast log"] if made else []
