import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from hangviet.activities import excel
from hangviet.activities.models import Activity

pytestmark = pytest.mark.django_db


def workbook(rows, header=None, merge=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    ws.append(header or excel.HEADERS)
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_row(world, **extra):
    row = {
        "unit": f"UBND xã Tân Cương [{world['commune'].pk}]",
        "date": date(2026, 3, 2),
        "end_date": None,
        "channel": "Đài truyền thanh cấp xã, loa truyền thanh [commune_radio]",
        "kind": "Phát loa truyền thanh [loudspeaker]",
        "title": "Bản tin hàng Việt",
        "summary": "",
        "quantity": 3,
        "measure": "",
        "theme": "",
        "url": "",
        "external_id": "",
        "status": "",
    }
    row.update(extra)
    return [row[f] for f, _h, _w in excel.COLUMNS]


def test_template_has_drop_downs_for_this_user(world, people, plan2026):
    wb = load_workbook(io.BytesIO(excel.template(people["alice"], plan2026)))
    ws = wb[excel.SHEET]
    assert [c.value for c in ws[1]] == excel.HEADERS
    assert len(ws.data_validations.dataValidation) >= 5
    lists = wb[excel.LISTS]
    units = [c.value for c in lists["A"][1:] if c.value]
    assert units == ["UBND xã Tân Cương"]  # names as people read them, no codes
    every_choice = [c.value for column in lists.iter_cols(min_row=2) for c in column if c.value]
    assert every_choice and not any("[" in str(v) for v in every_choice)
    assert "Dự thảo" in every_choice and "Báo hình (truyền hình)" in every_choice
    assert lists.sheet_state == "hidden"


def test_a_row_filled_from_the_drop_downs_imports(world, people, plan2026):
    """What a person picks in the template's lists (names only) is read back exactly."""
    wb = load_workbook(io.BytesIO(excel.template(people["alice"], plan2026)))
    lists = wb[excel.LISTS]
    column = {lists.cell(row=1, column=c).value: c for c in range(1, lists.max_column + 1)}

    def first(name: str) -> str:
        return lists.cell(row=2, column=column[name]).value

    row = good_row(
        world,
        unit=first("unit"),
        channel="Đài truyền thanh cấp xã, loa truyền thanh",
        kind="Phát loa truyền thanh",
        theme=first("theme"),
        status="Dự thảo",
    )
    result = excel.read(workbook([row]), user=people["alice"], plan=plan2026)
    assert result.errors == []
    [parsed] = result.valid_rows
    assert parsed["unit"] == world["commune"] and parsed["kind"] == "loudspeaker"
    assert parsed["status"] == "draft" and parsed["theme"] is not None


def test_good_file_imports_and_reimport_creates_nothing(world, people, plan2026):
    data = workbook([good_row(world), good_row(world, title="Bản tin thứ hai", quantity=5)])
    result = excel.save(
        excel.read(data, user=people["alice"], plan=plan2026), by=people["alice"], filename="a.xlsx"
    )
    assert (result.created, result.skipped, result.errors) == (2, 0, [])
    again = excel.save(
        excel.read(data, user=people["alice"], plan=plan2026), by=people["alice"], filename="a.xlsx"
    )
    assert (again.created, again.skipped) == (0, 2)
    assert Activity.objects.count() == 2
    assert set(Activity.objects.values_list("source", flat=True)) == {"import"}


def test_bad_rows_refuse_the_whole_file_with_row_and_column(world, people, plan2026):
    rows = [
        good_row(world),
        good_row(world, quantity=-3, title="Âm"),
        good_row(world, channel="Bồ câu đưa thư", title="Kênh lạ"),
        good_row(world, date="31/02/2026", title="Ngày sai"),
        good_row(world, unit=f"UBND xã Phú Đình [{world['sibling'].pk}]", title="Xã khác"),
        good_row(world, date=date(2025, 12, 1), title="Ngoài kế hoạch"),
    ]
    result = excel.save(
        excel.read(workbook(rows), user=people["alice"], plan=plan2026),
        by=people["alice"],
        filename="bad.xlsx",
    )
    assert result.created == 0 and not Activity.objects.exists()
    where = {(e.row, e.column) for e in result.errors}
    assert (3, "Số lượng") in where and (4, "Kênh") in where
    assert (5, "Ngày (dd/mm/yyyy)") in where and (6, "Đơn vị") in where
    assert (7, "Ngày (dd/mm/yyyy)") in where
    messages = " ".join(e.message for e in result.errors)
    assert "ngoài thời gian của kế hoạch" in messages


def test_only_valid_rows_when_asked_and_the_rest_comes_back_to_fix(world, people, plan2026):
    rows = [good_row(world), good_row(world, quantity="nhiều", title="Sai số lượng")]
    result = excel.save(
        excel.read(workbook(rows), user=people["alice"], plan=plan2026),
        by=people["alice"],
        filename="mix.xlsx",
        only_valid=True,
    )
    assert result.created == 1
    fix = load_workbook(io.BytesIO(excel.errors_workbook(result))).active
    assert fix.max_row == 2 and fix.cell(row=2, column=6).value == "Sai số lượng"
    assert "số nguyên" in fix.cell(row=2, column=len(excel.HEADERS) + 1).value


def test_formulas_are_refused(world, people, plan2026):
    result = excel.read(
        workbook([good_row(world, quantity="=2+2")]), user=people["alice"], plan=plan2026
    )
    assert any(e.column == "Số lượng" and "Công thức" in e.message for e in result.errors)


@pytest.mark.parametrize("case", ["header", "merged", "not_xlsx", "empty"])
def test_file_level_problems(world, people, plan2026, case):
    if case == "header":
        data = workbook([good_row(world)], header=["Tên", "Ngày"])
    elif case == "merged":
        data = workbook([good_row(world), good_row(world, title="b")], merge="F2:F3")
    elif case == "not_xlsx":
        data = b"MZ\x90\x00 this is a program"
    else:
        data = workbook([])
    with pytest.raises(excel.ExcelError):
        excel.read(data, user=people["alice"], plan=plan2026)


@pytest.mark.django_db
def test_a_superscript_digit_is_an_unknown_unit_not_a_crash(people):
    """Found by the fuzzer: "²" passes str.isdigit() but int() refuses it."""
    from openpyxl import Workbook

    from hangviet.activities import excel

    wb = Workbook()
    ws = wb.active
    ws.title = excel.SHEET
    ws.append(list(excel.HEADERS))
    ws.append(["²"])
    out = io.BytesIO()
    wb.save(out)
    result = excel.read(out.getvalue(), user=people["alice"], plan=None)
    assert result.total == 1 and not result.valid_rows


def _zip_with_sheet(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by `sheet_xml`."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(workbook([])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = sheet_xml
            target.writestr(item.filename, body)
    return out.getvalue()


def test_a_decompression_bomb_is_refused_before_parsing(people, plan2026, monkeypatch):
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>'
        for i, h in enumerate(excel.HEADERS)
    )
    rows = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_200_000
    xml = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1">'
        + header.encode()
        + b"</row>"
        + rows
        + b"</sheetData></worksheet>"
    )
    bomb = _zip_with_sheet(xml)
    assert len(bomb) < 1_000_000 and len(xml) > excel.MAX_EXPANDED_BYTES
    parsed = []
    monkeypatch.setattr(excel, "load_workbook", lambda *a, **k: parsed.append(1))
    with pytest.raises(excel.ExcelError, match="MB"):
        excel.read(bomb, user=people["alice"], plan=plan2026)
    assert parsed == []  # refused from the archive alone


def test_reading_stops_at_the_row_limit(world, people, plan2026, monkeypatch):
    monkeypatch.setattr(excel, "MAX_ROWS", 3)
    data = workbook([good_row(world, title=f"Bản tin {i}") for i in range(5)])
    with pytest.raises(excel.ExcelError, match="3"):
        excel.read(data, user=people["alice"], plan=plan2026)


def test_a_malformed_sheet_is_a_clear_error(people, plan2026):
    broken = _zip_with_sheet(b"<worksheet><sheetData><row r='1'><c>")
    with pytest.raises(excel.ExcelError, match="hỏng"):
        excel.read(broken, user=people["alice"], plan=plan2026)


def test_a_lying_dimension_does_not_hide_rows(world, people, plan2026):
    import zipfile

    data = workbook([good_row(world, title=f"Bản tin {i}") for i in range(4)])
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("xl/worksheets/sheet1.xml")
    xml = xml.replace(b'<dimension ref="A1:M5"/>', b'<dimension ref="A1:M2"/>')
    assert b'ref="A1:M2"' in xml
    result = excel.read(_zip_with_sheet(xml), user=people["alice"], plan=plan2026)
    assert result.total == 4


def test_the_preview_is_kept_not_parsed_again(world, people, plan2026, client_for, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hangviet.activities.models import ActivityUpload

    c = client_for(people["alice"])
    data = workbook([good_row(world), good_row(world, title="Sai", date="32/13/2026")])
    c.post(
        "/hoat-dong/nhap-excel/", {"file": SimpleUploadedFile("a.xlsx", data), "plan": plan2026.pk}
    )
    draft = ActivityUpload.objects.get()
    assert draft.preview["total"] == 2
    monkeypatch.setattr(excel, "read", lambda *a, **k: pytest.fail("parsed again"))
    for _ in range(2):
        assert "1 dòng có lỗi" in c.get(f"/hoat-dong/nhap-excel/{draft.pk}/").content.decode()
    assert c.get(f"/hoat-dong/nhap-excel/{draft.pk}/dong-can-sua.xlsx").status_code == 200
    c.post(f"/hoat-dong/nhap-excel/{draft.pk}/", {"mode": "valid_only"})
    assert Activity.objects.count() == 1
    c.post(f"/hoat-dong/nhap-excel/{draft.pk}/", {"mode": "valid_only"})
    assert Activity.objects.count() == 1


def test_theme_names_in_the_template_cannot_run_as_formulas(world, people, plan2026):
    from hangviet.plans.models import Theme

    theme = Theme.objects.filter(plan=plan2026, parent__isnull=True).first()
    Theme.objects.filter(pk=theme.pk).update(text='=HYPERLINK("http://lua-dao.example","Bấm")')
    wb = load_workbook(io.BytesIO(excel.template(people["alice"], plan2026)))
    values = [c.value for column in wb[excel.LISTS].iter_cols() for c in column if c.value]
    assert values and not any(str(v).startswith(("=", "+", "-", "@")) for v in values)
    assert any(str(v).startswith("'=HYPERLINK") for v in values)
