"""The fast sheet writer produces what openpyxl reads back: text escaped, numbers as
numbers, characters XML forbids dropped, the header's style and the other sheets untouched."""

import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from hangviet.core.xlsx import fill_sheet


def test_rows_written_into_the_sheet_xml_read_back_with_openpyxl():
    wb = Workbook()
    first = wb.active
    first.title = "Tổng hợp"
    first.append(["Kênh", "Số hoạt động"])
    first.append(["Đài truyền thanh", 3])
    sources = wb.create_sheet("Hoạt động nguồn")
    sources.append(["ID", "Tiêu đề", "Số lượng"])
    sources["A1"].font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    rows = [
        [1, "Tuyên truyền <hàng Việt> & “OCOP”", 3],
        [2, " khoảng trắng ", 1.5],
        [3, "ký tự\x01 lạ\x0b", None],
        [4, "", True],
    ]
    result = load_workbook(io.BytesIO(fill_sheet(out.getvalue(), 2, rows)))
    sheet = result["Hoạt động nguồn"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == [
        [1, "Tuyên truyền <hàng Việt> & “OCOP”", 3],
        [2, " khoảng trắng ", 1.5],
        [3, "ký tự lạ", None],
        [4, None, True],
    ]
    assert sheet.max_row == 5 and sheet["A1"].font.bold
    assert [[c.value for c in row] for row in result["Tổng hợp"].iter_rows()] == [
        ["Kênh", "Số hoạt động"],
        ["Đài truyền thanh", 3],
    ]


def test_no_rows_leaves_the_header():
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Trống")
    sheet.append(["ID"])
    out = io.BytesIO()
    wb.save(out)
    result = load_workbook(io.BytesIO(fill_sheet(out.getvalue(), 1, [])))
    assert [[c.value for c in row] for row in result["Trống"].iter_rows()] == [["ID"]]
