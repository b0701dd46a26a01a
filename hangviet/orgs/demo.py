"""The demo world of the registry: Thái Nguyên in 2022 and today, with its reforms.

Administrative units come from the official packages (`load_admin_units`); the bodies the seed
plan names (departments, press agencies, the Fatherland Front) and their 2025 reorganisation
are written here. Area flags are demo values set by a stated rule, not official lists.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from hangviet.core.demo import DemoLogin, DemoWorld
from hangviet.orgs.admin_units import LAST_DAY_BEFORE_REFORM, REFORM_DATE, load_admin_units
from hangviet.orgs.models import Role, SuccessionKind, Unit, UnitKind, UnitSuccession
from hangviet.orgs.services import role_grant, succession_add, unit_create, unit_update

PROVINCE_CODE = "19"
DEPARTMENT_REFORM = date(2025, 3, 1)
DEPARTMENT_BASIS = "Nghị định 45/2025/NĐ-CP (28/02/2025)"
PRESS_BASIS = "Quyết định sắp xếp cơ quan báo chí của UBND tỉnh (2025)"
DEMO_PASSWORD = "hangviet-demo"

# Departments of 2022: (name, abbreviation, reorganised on 1/3/2025 into …)
DEPARTMENTS_2022 = [
    ("Sở Thông tin và Truyền thông", "STTTT", "Sở Khoa học và Công nghệ"),
    ("Sở Công Thương", "SCT", None),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", "Sở Nông nghiệp và Môi trường"),
    ("Sở Tài nguyên và Môi trường", "STNMT", "Sở Nông nghiệp và Môi trường"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", None),
    ("Sở Khoa học và Công nghệ", "SKHCN", None),
    ("Sở Kế hoạch và Đầu tư", "SKHĐT", "Sở Tài chính"),
    ("Sở Tài chính", "STC", None),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", None),
    ("Sở Y tế", "SYT", None),
    ("Sở Nội vụ", "SNV", None),
    ("Sở Lao động – Thương binh và Xã hội", "SLĐTBXH", "Sở Nội vụ"),
    ("Sở Giao thông vận tải", "SGTVT", "Sở Xây dựng"),
    ("Sở Xây dựng", "SXD", None),
    ("Ban Dân tộc tỉnh", "BDT", "Sở Dân tộc và Tôn giáo"),
]
NEW_DEPARTMENTS = [
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
]

# Agency identification codes (Quyết định 20/2020/QĐ-TTg) for the units that send and receive
# documents in the demo. Made up in the official form, not the province's real codes.
DEMO_AGENCY_CODES = {
    "province": "000.00.00.H55",
    "front": "000.00.90.H55",
    "culture": "000.00.15.H55",
    "coordinator_division": "000.02.15.H55",
    "industry": "000.00.07.H55",
    "press": "000.00.41.H55",
    "commune": "000.00.61.H55",
    "commune2": "000.00.62.H55",
}

# Demo rule for area flags (not an official list): communes of these former districts.
MOUNTAINOUS_DISTRICTS = {"Định Hóa", "Võ Nhai", "Đại Từ", "Phú Lương", "Đồng Hỷ"}
REMOTE_DISTRICTS = {"Định Hóa", "Võ Nhai", "Pác Nặm", "Ba Bể", "Ngân Sơn", "Na Rì"}
ETHNIC_DISTRICTS = REMOTE_DISTRICTS | {"Phú Lương", "Chợ Đồn", "Bạch Thông", "Chợ Mới"}
DENSE_DISTRICTS = {"Thái Nguyên", "Sông Công", "Phổ Yên"}


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit_key: str
    what: str
    also: tuple[tuple[str, str], ...] = ()  # further (role, unit key) the person holds


DEMO_USERS = [
    DemoUser(
        "dieuphoi",
        "Nguyễn Thu Hà",
        Role.COORDINATOR,
        "coordinator_division",
        "coordinator, Phòng Báo chí – Xuất bản – Thông tin cơ sở, Sở VHTTDL",
    ),
    DemoUser("truongxa", "Hoàng Văn Nam", Role.HEAD, "commune", "head, UBND xã Tân Cương"),
    DemoUser("bientapxa", "Lò Thị Mai", Role.EDITOR, "commune", "editor, UBND xã Tân Cương"),
    DemoUser(
        "bientapxa2",
        "Ma Văn Tùng",
        Role.EDITOR,
        "commune2",
        "editor, UBND xã Phú Đình (a sibling commune)",
    ),
    DemoUser(
        "bientapbao",
        "Trần Minh Đức",
        Role.EDITOR,
        "press",
        "editor, Báo và Phát thanh, Truyền hình Thái Nguyên",
    ),
    DemoUser("truongso", "Phạm Quốc Hùng", Role.HEAD, "industry", "head, Sở Công Thương"),
    DemoUser(
        "giamdoc",
        "Nguyễn Thị Thu Hằng",
        Role.HEAD,
        "culture",
        "head, Sở VHTTDL: signs the consolidated report (demo test keys)",
    ),
    DemoUser(
        "mttq",
        "Đặng Thị Lan",
        Role.VIEWER,
        "province",
        "Ủy ban MTTQ tỉnh: receives the signed reports; reads the whole province",
        also=((Role.VIEWER, "front"),),
    ),
]


def _ensure(kind: str, name: str, parent: Unit | None, **fields: Any) -> Unit:
    """Return the demo unit `name` under `parent`, creating or updating it."""
    unit = Unit.objects.filter(kind=kind, name=name, parent=parent).first()
    if unit is None:
        return unit_create(by=None, kind=kind, name=name, parent=parent, source="demo", **fields)
    changes = {k: v for k, v in fields.items() if getattr(unit, k) != v}
    return unit_update(unit=unit, by=None, **changes) if changes else unit


def _link(old: Unit, new: Unit, kind: str, day: date, basis: str, partial: bool = False) -> None:
    if not UnitSuccession.objects.filter(predecessor=old, successor=new).exists():
        succession_add(
            by=None,
            predecessor=old,
            successor=new,
            kind=kind,
            effective_date=day,
            legal_basis=basis,
            partial=partial,
        )


def _set_flags(province: Unit) -> None:
    """Apply the demo flag rule to former communes, then carry flags onto today's communes."""
    for commune in Unit.objects.filter(
        kind=UnitKind.COMMUNE_PC, valid_to__isnull=False, parent__isnull=False
    ).select_related("parent"):
        district = commune.parent.area_name.split(" ", 1)[-1] if commune.parent else ""
        district = district.removeprefix("phố ").removeprefix("xã ")
        in_bac_kan = commune.parent is not None and commune.parent.parent_id != province.pk
        flags = {
            "is_mountainous": in_bac_kan or district in MOUNTAINOUS_DISTRICTS,
            "is_remote": district in REMOTE_DISTRICTS,
            "is_ethnic_minority": district in ETHNIC_DISTRICTS,
            "is_dense": district in DENSE_DISTRICTS and commune.area_type == "phuong",
        }
        changes = {k: v for k, v in flags.items() if getattr(commune, k) != v}
        if changes:
            unit_update(unit=commune, by=None, **changes)
    for commune in Unit.objects.filter(kind=UnitKind.COMMUNE_PC, valid_from=REFORM_DATE):
        olds = [s.predecessor for s in commune.precessions.select_related("predecessor")]
        if not olds:
            continue
        flags = {
            name: any(getattr(o, name) for o in olds)
            for name in ("is_mountainous", "is_remote", "is_ethnic_minority")
        }
        flags["is_dense"] = commune.area_type == "phuong" and any(o.is_dense for o in olds)
        changes = {k: v for k, v in flags.items() if getattr(commune, k) != v}
        if changes:
            unit_update(unit=commune, by=None, **changes)


@transaction.atomic
def build_registry() -> dict[str, Unit]:
    """Build (or refresh) the demo registry and return the units the other demos use."""
    load_admin_units(PROVINCE_CODE)
    province = Unit.objects.get(code=PROVINCE_CODE, kind=UnitKind.PROVINCE_PC, parent=None)
    bac_kan = Unit.objects.filter(code="06", kind=UnitKind.PROVINCE_PC, parent=None).first()
    unit_update(unit=province, by=None, abbreviation="UBND", email="ubnd@thainguyen.gov.vn")
    province.refresh_from_db()

    front = _ensure(
        UnitKind.FRONT,
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên",
        province,
        short_name="Ủy ban MTTQ tỉnh",
        abbreviation="MTTQ",
        email="mttq@thainguyen.gov.vn",
    )
    steering = _ensure(
        UnitKind.STEERING,
        "Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam” tỉnh Thái Nguyên",
        front,
        short_name="BCĐ Cuộc vận động tỉnh",
        abbreviation="BCĐ",
    )
    departments: dict[str, Unit] = {}
    for name, abbr, successor in DEPARTMENTS_2022:
        departments[name] = _ensure(
            UnitKind.DEPARTMENT,
            name,
            province,
            abbreviation=abbr,
            valid_to=date(2025, 2, 28) if successor else None,
        )
    for name, abbr in NEW_DEPARTMENTS:
        departments[name] = _ensure(
            UnitKind.DEPARTMENT, name, province, abbreviation=abbr, valid_from=DEPARTMENT_REFORM
        )
    for name, _abbr, successor in DEPARTMENTS_2022:
        if successor:
            _link(
                departments[name],
                departments[successor],
                SuccessionKind.MERGE,
                DEPARTMENT_REFORM,
                DEPARTMENT_BASIS,
            )
    # Press and publishing management moved from the Sở TT&TT to the culture department.
    _link(
        departments["Sở Thông tin và Truyền thông"],
        departments["Sở Văn hóa, Thể thao và Du lịch"],
        SuccessionKind.TRANSFER,
        DEPARTMENT_REFORM,
        DEPARTMENT_BASIS,
        partial=True,
    )
    ttbcxb = _ensure(
        UnitKind.DIVISION,
        "Phòng Thông tin – Báo chí – Xuất bản",
        departments["Sở Thông tin và Truyền thông"],
        abbreviation="TTBCXB",
        valid_to=date(2025, 2, 28),
    )
    bcxb = _ensure(
        UnitKind.DIVISION,
        "Phòng Báo chí – Xuất bản – Thông tin cơ sở",
        departments["Sở Văn hóa, Thể thao và Du lịch"],
        abbreviation="BCXBTTCS",
        valid_from=DEPARTMENT_REFORM,
        email="bcxb.svhttdl@thainguyen.gov.vn",
    )
    _link(ttbcxb, bcxb, SuccessionKind.TRANSFER, DEPARTMENT_REFORM, DEPARTMENT_BASIS)

    press = {
        "bao": _ensure(
            UnitKind.PRESS,
            "Báo Thái Nguyên",
            province,
            abbreviation="BTN",
            valid_to=LAST_DAY_BEFORE_REFORM,
        ),
        "dai": _ensure(
            UnitKind.PRESS,
            "Đài Phát thanh – Truyền hình Thái Nguyên",
            province,
            short_name="Đài PT-TH Thái Nguyên",
            abbreviation="PTTH",
            valid_to=LAST_DAY_BEFORE_REFORM,
        ),
        "tapchi": _ensure(
            UnitKind.PRESS, "Tạp chí Văn nghệ Thái Nguyên", province, abbreviation="TCVN"
        ),
        "ttt": _ensure(
            UnitKind.PRESS,
            "Trung tâm Thông tin tỉnh Thái Nguyên",
            province,
            short_name="Trung tâm Thông tin tỉnh",
            abbreviation="TTTT",
        ),
        "merged": _ensure(
            UnitKind.PRESS,
            "Báo và Phát thanh, Truyền hình Thái Nguyên",
            province,
            abbreviation="BPTTH",
            valid_from=REFORM_DATE,
            email="toasoan@baothainguyen.vn",
        ),
    }
    _link(press["bao"], press["merged"], SuccessionKind.MERGE, REFORM_DATE, PRESS_BASIS)
    _link(press["dai"], press["merged"], SuccessionKind.MERGE, REFORM_DATE, PRESS_BASIS)
    if bac_kan is not None:
        for name, short in [
            ("Báo Bắc Kạn", ""),
            ("Đài Phát thanh – Truyền hình Bắc Kạn", "Đài PT-TH Bắc Kạn"),
        ]:
            old = _ensure(
                UnitKind.PRESS, name, bac_kan, short_name=short, valid_to=LAST_DAY_BEFORE_REFORM
            )
            _link(old, press["merged"], SuccessionKind.MERGE, REFORM_DATE, PRESS_BASIS)
    _set_flags(province)

    def commune(code: str) -> Unit:
        return Unit.objects.get(code=code, kind=UnitKind.COMMUNE_PC, valid_from=REFORM_DATE)

    units = {
        "province": province,
        "front": front,
        "steering": steering,
        "sttt": departments["Sở Thông tin và Truyền thông"],
        "ttbcxb": ttbcxb,
        "culture": departments["Sở Văn hóa, Thể thao và Du lịch"],
        "coordinator_division": bcxb,
        "industry": departments["Sở Công Thương"],
        "press": press["merged"],
        "commune": commune("05503"),  # Xã Tân Cương, the tea commune
        "commune2": commune("05602"),  # Xã Phú Đình, Định Hóa
        **{f"press_{k}": v for k, v in press.items()},
    }
    for key, code in DEMO_AGENCY_CODES.items():
        if units[key].agency_code != code:
            units[key] = unit_update(unit=units[key], by=None, agency_code=code)
    return units


@transaction.atomic
def build_users(units: dict[str, Unit]) -> list[tuple[DemoUser, Unit]]:
    """Create one demo user per role (idempotent) and return them with their units."""
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    result = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            # Vietnamese names read family name first: keep the whole name in one field.
            user = User.objects.create_user(
                demo.username, password=DEMO_PASSWORD, first_name=demo.full_name
            )
        unit = units[demo.unit_key]
        role_grant(by=None, user=user, role=demo.role, unit=unit)
        for role, key in demo.also:
            role_grant(by=None, user=user, role=role, unit=units[key])
        result.append((demo, unit))
    return result


def contribute(world: DemoWorld) -> list[str]:
    units = build_registry()
    world["units"] = units
    world.password = DEMO_PASSWORD
    world.logins.extend(DemoLogin(d.username, d.what) for d, _unit in build_users(units))
    return []
