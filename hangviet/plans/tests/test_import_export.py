import io
import json
import shutil
import subprocess

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from docx.shared import Mm

from hangviet.orgs.models import UnitKind
from hangviet.plans.export import plan_docx
from hangviet.plans.importing import import_file, preview
from hangviet.plans.models import Plan
from hangviet.plans.structure import plan_structure
from hangviet.plans.tests.conftest import to_docx_with_table_header, to_nfd

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_seed_resolves_against_the_registry(world, seed_bytes):
    p = preview(seed_bytes).parsed
    assert p.issuer_unit_id is not None
    units = [[(m.group, m.unit_names) for m in a.mentions] for a in p.assignments]
    assert units[0] == [(None, ["Sở Thông tin và Truyền thông"])]
    assert units[1][0][0] == "department" and len(units[1][0][1]) == 15
    assert units[2][0][0] == "district_pc" and len(units[2][0][1]) == 9  # the 9 of 2022
    assert [n for _g, names in units[3] for n in names] == [
        "Báo Thái Nguyên",
        "Đài PT-TH Thái Nguyên",
        "Tạp chí Văn nghệ Thái Nguyên",
        "Trung tâm Thông tin tỉnh",
    ]
    assert p.unresolved == []
    front = next(o for o in p.obligations if o.cadences == ["periodic"])
    assert front.recipient.unit_names == ["Ủy ban MTTQ tỉnh"]
    semi = next(o for o in p.obligations if "semiannual" in o.cadences)
    assert semi.via.unit_names == ["Phòng Thông tin – Báo chí – Xuất bản"]


def test_import_plan_json_command(world, seed_bytes, tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(seed_bytes)
    data = json.loads(run("import_plan", str(path), "--json"))
    assert data["id"] == Plan.objects.get().pk
    assert data["symbol"] == "KH-STTTT" and data["month"] == 2 and data["year"] == 2022
    assert len(data["assignments"]) == 5 and data["unresolved"] == []
    plan = Plan.objects.get()
    assert plan.assignments.get(number="3").units.filter(kind=UnitKind.DISTRICT_PC).count() == 9


def test_import_plan_prints_the_id_last_and_dry_run_saves_nothing(world, own_plan_bytes, tmp_path):
    path = tmp_path / "kh.txt"
    path.write_bytes(own_plan_bytes)
    run("import_plan", str(path), "--dry-run")
    assert not Plan.objects.exists()
    out = run("import_plan", str(path))
    assert out.strip().splitlines()[-1] == str(Plan.objects.get().pk)


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02" * 400, b"Just a note, no structure."])
def test_import_plan_refuses_bad_files(world, tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        run("import_plan", str(path))
    assert not Plan.objects.exists()


def test_seed_in_nfd_and_docx_import_the_same(world, seed_bytes):
    base = preview(seed_bytes).parsed.to_dict()
    for variant, name in (
        (to_nfd(seed_bytes), "nfd.txt"),
        (to_docx_with_table_header(seed_bytes), "seed.docx"),
    ):
        other = preview(variant, name).parsed.to_dict()
        for key in (
            "symbol",
            "legal_bases",
            "purposes",
            "themes",
            "channel_lines",
            "assignments",
            "obligations",
            "recipients",
            "signer_name",
        ):
            assert other[key] == base[key], (name, key)


ROUND_TRIP_KEYS = (
    "doc_type",
    "number",
    "symbol",
    "place",
    "day",
    "month",
    "year",
    "summary",
    "preamble",
    "legal_bases",
    "purposes",
    "requirements",
    "themes",
    "channel_lines",
    "assignments",
    "obligations",
    "closing",
    "recipients",
    "archive",
    "signer_authority",
    "signer_title",
    "signer_name",
)


@pytest.mark.parametrize("which", ["seed", "own"])
def test_round_trip_export_then_import_gives_the_same_structure(world, which, request):
    data = request.getfixturevalue("seed_bytes" if which == "seed" else "own_plan_bytes")
    _p, plan = import_file(data, filename=f"{which}.txt", by=None)
    exported = plan_docx(plan)
    again = preview(exported, "again.docx").parsed.to_dict()
    original = plan_structure(plan).to_dict()
    for key in ROUND_TRIP_KEYS:
        assert again[key] == original[key], key


def test_docx_follows_decree_30(world, own_plan_bytes):
    _p, plan = import_file(own_plan_bytes, filename="own.txt", by=None)
    document = docx.Document(io.BytesIO(plan_docx(plan)))
    section = document.sections[0]
    assert (round(section.page_width / Mm(1)), round(section.page_height / Mm(1))) == (210, 297)
    margins = [
        round(m / Mm(1))
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert margins == [20, 20, 30, 15]
    assert section.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in section.header._element.xml and "fldChar" in section.header._element.xml
    fonts = {r.font.name for p in document.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}
    header = document.tables[0]
    assert 'w:val="nil"' in header._tbl.xml  # borderless
    left = [p for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left[0].text == "UBND TỈNH THÁI NGUYÊN" and not left[0].runs[0].bold
    # The name is broken where agencies break it (after the comma, before "VÀ").
    assert [p.text for p in left[1:3]] == ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]
    assert left[1].runs[0].bold and left[2].runs[0].bold
    assert left[3].text == "Số: 18/KH-SVHTTDL"
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and right[1].runs[0].font.size.pt == 14
    assert right[2].text == "Thái Nguyên, ngày 23 tháng 01 năm 2026"
    assert right[2].runs[0].italic
    kind = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    assert kind.runs[0].bold and kind.alignment == 1  # centred
    body = next(p for p in document.paragraphs if p.text.startswith("Căn cứ"))
    assert body.alignment == 3  # justified
    assert 1.0 <= body.paragraph_format.first_line_indent.cm <= 1.27
    assert body.paragraph_format.space_after.pt >= 6
    assert body.runs[0].font.size.pt == 14
    closing = document.tables[-1]
    recipients = [p for p in closing.rows[0].cells[0].paragraphs if p.text]
    assert recipients[0].text == "Nơi nhận:" and recipients[0].runs[0].bold
    assert recipients[0].runs[0].italic and recipients[0].runs[0].font.size.pt == 12
    assert recipients[1].runs[0].font.size.pt == 11
    assert recipients[-1].text == "- Lưu: VT, BCXBTTCS."
    signature = [p.text for p in closing.rows[0].cells[1].paragraphs if p.text]
    assert signature == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Thị Thu Hằng"]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed here")
def test_docx_opens_in_libreoffice(world, own_plan_bytes, tmp_path):
    _p, plan = import_file(own_plan_bytes, filename="own.txt", by=None)
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_docx(plan))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    pdf = (tmp_path / "plan.pdf").read_bytes()
    import re

    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 2


def test_only_a_manager_of_the_issuer_may_import(world, people, own_plan_bytes):
    with pytest.raises(PermissionDenied):
        import_file(own_plan_bytes, filename="x.txt", by=people["alice"])
    assert not Plan.objects.exists()
    _p, plan = import_file(own_plan_bytes, filename="x.txt", by=people["carol"])
    assert plan.created_by == people["carol"]


def test_export_plan_command(world, own_plan_bytes, tmp_path):
    _p, plan = import_file(own_plan_bytes, filename="own.txt", by=None)
    out = tmp_path / "kh.docx"
    run("export_plan", "--plan", str(plan.pk), "--docx", str(out))
    assert out.read_bytes().startswith(b"PK")
    with pytest.raises(CommandError):
        run("export_plan", "--plan", "999999", "--docx", str(out))


def test_the_issuers_own_divisions_are_one_group(world):
    """ "các phòng, ban thuộc Sở" is the issuing department's divisions, not two names."""
    from hangviet.orgs.models import Unit

    text = "\n".join(
        [
            "UBND TỈNH THÁI NGUYÊN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Số: 5/KH-STTTT",
            "Thái Nguyên, ngày 3 tháng 3 năm 2022", "KẾ HOẠCH", "Tuyên truyền Cuộc vận động",
            "I. TỔ CHỨC THỰC HIỆN",
            "1. Giao các phòng, ban thuộc Sở chủ động phối hợp tổ chức tuyên truyền Cuộc vận động.",
        ]
    )  # fmt: skip
    p = preview(text.encode()).parsed
    issuer = Unit.objects.get(pk=p.issuer_unit_id)
    [mention] = p.assignments[0].mentions
    children = sorted(u.display_name for u in Unit.objects.filter(parent=issuer))
    assert mention.group == "own_divisions" and children
    assert sorted(mention.unit_names) == children and mention.resolved


def test_a_number_joined_by_a_dash_is_kept_on_the_saved_plan(world, own_plan_bytes):
    """A Party committee's (or an older) document is numbered "35-KH/TU": the saved plan, its
    title, its number line, the report citing it and its export keep the dash."""
    from hangviet.reporting.references import plan_reference

    text = own_plan_bytes.decode().replace("Số: 18/KH-SVHTTDL", "Số: 18-KH/SVHTTDL", 1)
    _p, plan = import_file(text.encode(), filename="own.txt", by=None)
    assert (plan.number, plan.joiner, plan.symbol) == ("18", "-", "KH/SVHTTDL")
    assert plan.number_line == "Số: 18-KH/SVHTTDL"
    assert plan.title.startswith("Kế hoạch số 18-KH/SVHTTDL ngày 23/01/2026")
    assert "Kế hoạch số 18-KH/SVHTTDL ngày" in plan_reference(plan)
    document = docx.Document(io.BytesIO(plan_docx(plan)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("Số: 18-KH/SVHTTDL" in text for text in cells)
    again = preview(plan_docx(plan)).parsed
    assert again.own_reference == "18-KH/SVHTTDL"
