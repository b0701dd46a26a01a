"""Issue 17: the source sheet of the consolidation annex, written by hangviet.core.xlsx (rows
put straight into the sheet's XML) and by XlsxWriter in constant-memory mode, the library that
would replace it. Both write the same rows (a quarter of a million activities, 14 columns, the
columns of the annex) into one sheet; each file is read back with openpyxl to check that it
holds the same cells. Prints seconds and sizes as JSON.

    .venv/bin/pip install xlsxwriter   # only for this comparison
    .venv/bin/python bench/xlsx_bench.py [--rows 250000]
"""

import argparse
import importlib.util
import io
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook, load_workbook  # noqa: E402

from hangviet.core.xlsx import fill_sheet  # noqa: E402

HEADER = [
    "ID", "Đơn vị", "Mã đơn vị", "Kênh", "Loại", "Tiêu đề", "Ngày", "Số lượng", "Đơn vị tính",
    "Trạng thái", "Nội dung", "Đường dẫn", "Nguồn", "Người nhập",
]  # fmt: skip


def rows(n: int) -> list[list[object]]:
    return [
        [
            i,
            f"UBND xã số {i % 300}",
            f"{5500 + i % 300:05d}",
            "Đài truyền thanh cơ sở",
            "Phát thanh loa",
            f"Tuyên truyền Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”, bản tin {i}",
            "02/03/2026",
            1 + i % 5,
            "lượt phát",
            "Đã xác nhận",
            "Hàng Việt; OCOP",
            "",
            "Nhập tay",
            f"canbo{i % 40}",
        ]
        for i in range(n)
    ]


def hand_written(data: list[list[object]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hoạt động nguồn")
    ws.append(HEADER)
    out = io.BytesIO()
    wb.save(out)
    return fill_sheet(out.getvalue(), 1, data)


def xlsxwriter_constant_memory(data: list[list[object]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(out, options)
    ws = wb.add_worksheet("Hoạt động nguồn")
    ws.write_row(0, 0, HEADER, wb.add_format({"bold": True}))
    for r, row in enumerate(data, start=1):
        ws.write_row(r, 0, row)
    wb.close()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=250_000)
    args = parser.parse_args()
    data = rows(args.rows)
    result: dict[str, object] = {"rows": args.rows, "python": platform.python_version()}
    files = {}
    writers = [("hand_written", hand_written)]
    if importlib.util.find_spec("xlsxwriter") is not None:
        writers.append(("xlsxwriter", xlsxwriter_constant_memory))
    else:  # the comparison needs it; hangviet's own writer is measured (and checked) anyway
        result["xlsxwriter"] = "not installed: pip install xlsxwriter to compare"
    for name, write in writers:
        best = None
        for _ in range(3):
            t = time.perf_counter()
            files[name] = write(data)
            took = time.perf_counter() - t
            best = took if best is None else min(best, took)
        result[f"{name}_s"] = round(best or 0, 2)
        result[f"{name}_kib"] = len(files[name]) // 1024
    # The same cells in both (the empty link column is no cell in either).
    sample = {}
    for name, content in files.items():
        sheet = load_workbook(io.BytesIO(content), read_only=True)["Hoạt động nguồn"]
        sample[name] = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=50)]
    if "xlsxwriter" in sample:
        result["same_cells"] = sample["hand_written"] == sample["xlsxwriter"]
    first = sample["hand_written"][0] if sample["hand_written"] else []
    if len(first) < len(HEADER) - 1:  # the file must be readable, with the annex's columns
        sys.exit(f"the sheet written reads back wrong: {first}")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
