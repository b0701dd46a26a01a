"""Demo directory for Thái Nguyên — clearly marked as demo data (`is_demo`, and a tag on every
page). Names are invented; the tea areas are the province's real famous ones."""

from datetime import date, timedelta

from hangviet.core.demo import DemoWorld
from hangviet.directory import services
from hangviet.directory.models import (
    Fair,
    ListingStatus,
    OcopGroup,
    Producer,
    ProducerKind,
    Product,
    SalesPoint,
    SalesPointKind,
    Supplier,
)
from hangviet.orgs.models import Unit, UnitKind

TEA_AREAS = [
    ("Tân Cương", "05503"),
    ("La Bằng", "05818"),
    ("Trại Cài", "05587"),
    ("Khe Cốc", "05788"),
]


def _commune(code: str) -> Unit | None:
    return Unit.objects.filter(code=code, kind=UnitKind.COMMUNE_PC, valid_to__isnull=True).first()


def build_directory() -> int:
    """Create the demo listings once; return how many were created."""
    if Producer.objects.filter(is_demo=True).exists():
        return 0
    today = date.today()
    made = 0
    points = []
    city = _commune("05443")  # Phường Phan Đình Phùng, the city centre
    for name, kind, address, lat, lng in [
        (
            "Điểm bán hàng Việt chợ Thái",
            SalesPointKind.VN_GOODS,
            "Chợ Thái, đường Hoàng Văn Thụ",
            21.5928,
            105.8442,
        ),
        (
            "Điểm giới thiệu và bán sản phẩm OCOP Thái Nguyên",
            SalesPointKind.OCOP,
            "Số 6 đường Nha Trang",
            21.5931,
            105.8460,
        ),
        (
            "Siêu thị hàng Việt Túc Duyên",
            SalesPointKind.SUPERMARKET,
            "Đường Túc Duyên",
            21.5870,
            105.8510,
        ),
        (
            "Điểm OCOP trạm dừng nghỉ Phổ Yên",
            SalesPointKind.OCOP,
            "Quốc lộ 3, Phổ Yên",
            21.4170,
            105.8740,
        ),
    ]:
        points.append(
            services.listing_save(
                listing=SalesPoint(is_demo=True),
                by=None,
                name=name,
                kind=kind,
                address=address,
                latitude=lat,
                longitude=lng,
                commune=city,
                hours="7:00–21:00",
                description="Chỉ bán hàng Việt có nguồn gốc rõ ràng, niêm yết giá.",
            )
        )
        made += 1
    for i, (area, code) in enumerate(TEA_AREAS):
        commune = _commune(code)
        producer = services.listing_save(
            listing=Producer(is_demo=True),
            by=None,
            name=f"Hợp tác xã chè {area}",
            kind=ProducerKind.COOPERATIVE,
            is_typical=i < 2,
            commune=commune,
            address=f"Xã {area}",
            phone=f"0208 38{i}1 2{i}3",
            description=f"Sản xuất, chế biến chè búp {area} theo tiêu chuẩn VietGAP.",
        )
        made += 1
        for j, (kind_name, stars) in enumerate(
            [("Chè búp", 4), ("Chè móc câu đặc biệt", 5 - i % 2)]
        ):
            product = services.listing_save(
                listing=Product(is_demo=True, producer=producer),
                by=None,
                name=f"{kind_name} {area}",
                brand=f"Chè {area}",
                is_key_product=True,
                ocop_group=OcopGroup.BEVERAGE,
                ocop_stars=stars,
                ocop_certificate=f"OCOP-TN-{2024 + j}-{100 + i * 10 + j}",
                ocop_certified_on=date(2023 + j, 6, 1),
                ocop_expires_on=date(2027 + j, 12, 1)
                if not (i == 3 and j == 0)
                else today - timedelta(days=30),
                protected_mark="Chỉ dẫn địa lý “Tân Cương” cho sản phẩm chè"
                if area == "Tân Cương"
                else "",
                commune=commune,
                description=f"Chè {area} sao thủ công, nước xanh, vị chát dịu, hậu ngọt.",
            )
            for point in points[: 2 + (i % 3)]:
                point.products.add(product)
            made += 1
    producer = services.listing_save(
        listing=Producer(is_demo=True),
        by=None,
        name="Công ty cổ phần thực phẩm Đường Gia",
        kind=ProducerKind.ENTERPRISE,
        is_typical=True,
        commune=city,
        address="Khu công nghiệp Sông Công",
        description="Đường mía, bánh kẹo truyền thống.",
    )
    services.listing_save(
        listing=Product(is_demo=True, producer=producer),
        by=None,
        name="Đường phèn Đường Gia",
        brand="Đường Gia",
        ocop_group=OcopGroup.FOOD,
        ocop_stars=3,
        commune=city,
        ocop_certified_on=date(2024, 3, 1),
        ocop_expires_on=date(2027, 3, 1),
    )
    made += 2
    for name, supplies in [
        ("Công ty TNHH bao bì Sông Cầu", "Hộp giấy, túi bao bì in cho chè"),
        ("Hợp tác xã cơ khí Gia Sàng", "Máy sao chè, máy vò chè"),
    ]:
        services.listing_save(
            listing=Supplier(is_demo=True), by=None, name=name, supplies=supplies, commune=city
        )
        made += 1
    for offset, name, place, lat, lng in [
        (12, "Phiên chợ hàng Việt về xã Thần Sa", "Xã Thần Sa", 21.8000, 106.0300),
        (40, "Hội chợ hàng Việt Thái Nguyên 2026", "Quảng trường 20/8", 21.5930, 105.8480),
        (-60, "Phiên chợ hàng Việt về xã Định Hóa", "Xã Định Hóa", 21.9130, 105.6440),
    ]:
        services.listing_save(
            listing=Fair(is_demo=True),
            by=None,
            name=name,
            place=place,
            start=today + timedelta(days=offset),
            end=today + timedelta(days=offset + 2),
            latitude=lat,
            longitude=lng,
            enterprises=25,
            stalls=36,
            description="Đưa hàng Việt chất lượng, giá hợp lý về với người dân.",
        )
        made += 1
    services.application_submit(
        ip=None,
        contact_name="Nông Thị Hoa",
        name="Hộ kinh doanh miến dong Na Rì",
        kind=ProducerKind.HOUSEHOLD,
        commune=_commune("02155"),
        phone="0912 000 111",
        description="Miến dong thủ công",
        is_demo=True,
    )
    assert Producer.objects.filter(status=ListingStatus.PENDING).exists()
    return made


def contribute(world: DemoWorld) -> list[str]:
    made = build_directory()
    return [f"{made} demo listings in the directory of Vietnamese goods"] if made else []
