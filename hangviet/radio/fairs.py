"""A loudspeaker bulletin drafted from a fair of the directory: the text a commune's station
reads to invite people, and the communes around the fair it is for (the fair's own commune and
those whose centre lies within `RADIUS_KM` of the fair)."""

import math

from hangviet.core.text import format_date
from hangviet.directory.models import Fair
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.selectors import subtree

RADIUS_KM = 15.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def communes_around(fair: Fair, within: Unit) -> list[Unit]:
    home = fair.commune
    centre = (
        (fair.latitude, fair.longitude)
        if fair.latitude is not None and fair.longitude is not None
        else (home.latitude, home.longitude)
        if home is not None and home.latitude is not None and home.longitude is not None
        else None
    )
    found = {home.pk: home} if home is not None else {}
    if centre is not None:
        for unit in subtree(within).filter(
            kind=UnitKind.COMMUNE_PC, latitude__isnull=False, longitude__isnull=False
        ):
            where = (float(unit.latitude or 0), float(unit.longitude or 0))
            if unit.is_valid_on(fair.start) and distance_km(centre, where) <= RADIUS_KM:
                found[unit.pk] = unit
    return sorted(found.values(), key=lambda u: u.name)


def text_for(fair: Fair) -> tuple[str, str]:
    """(title, text) of the bulletin, in the words stations use."""
    same_month = (fair.start.month, fair.start.year) == (fair.end.month, fair.end.year)
    start = (
        f"{fair.start.day:02d}/{fair.start.month:02d}" if same_month else format_date(fair.start)
    )
    when = (
        f"Trong ngày {format_date(fair.start)}"
        if fair.start == fair.end
        else f"Từ ngày {start} đến ngày {format_date(fair.end)}"
    )
    scale = []
    if fair.stalls:
        scale.append(f"{fair.stalls} gian hàng")
    if fair.enterprises:
        scale.append(f"{fair.enterprises} doanh nghiệp, cơ sở sản xuất")
    scale_text = f" với {' của '.join(scale)}" if scale else ""
    text = (
        "Kính thưa toàn thể nhân dân! "
        f"{when}, tại {fair.place}, {fair.name} được tổ chức{scale_text}, giới thiệu, "
        "bán các sản phẩm hàng Việt Nam, sản phẩm OCOP và đặc sản của địa phương. "
        "Hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”, "
        "kính mời bà con đến tham quan, mua sắm, ủng hộ hàng Việt."
    )
    return (f"Mời tham quan {fair.name}", text)
