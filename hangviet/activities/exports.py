"""The filtered list as CSV or XLSX, protected against spreadsheet formula injection."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from hangviet.activities.models import Activity
from hangviet.core.text import spreadsheet_safe

HEADERS = [
    "ID",
    "Đơn vị",
    "Mã đơn vị",
    "Ngày",
    "Đến ngày",
    "Kênh",
    "Loại hoạt động",
    "Tiêu đề",
    "Số lượng",
    "Đơn vị tính",
    "Nguồn",
    "Trạng thái",
    "Đường dẫn",
    "Mã tham chiếu",
]


def _field(name: str) -> Any:
    return Activity._meta.get_field(name)


def rows(activities: Iterable[Activity]) -> Iterable[list[object]]:
    # The labels of the choices once, not per row (get_FOO_display hashes the choices each time).
    labels = {
        name: {value: str(label) for value, label in _field(name).flatchoices}
        for name in ("kind", "measure", "source", "status")
    }
    for a in activities:
        yield [
            a.pk,
            a.unit.display_name,
            a.unit.code,
            a.date.strftime("%d/%m/%Y"),
            a.end_date.strftime("%d/%m/%Y") if a.end_date else "",
            a.channel.name,
            labels["kind"].get(a.kind, a.kind),
            a.title,
            a.quantity,
            labels["measure"].get(a.measure, a.measure),
            labels["source"].get(a.source, a.source),
            labels["status"].get(a.status, a.status),
            a.url,
            a.external_id,
        ]


def to_csv(activities: Iterable[Activity]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in rows(activities):
        writer.writerow([spreadsheet_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def to_xlsx(activities: Iterable[Activity]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hoạt động")
    ws.append(HEADERS)
    for row in rows(activities):
        ws.append([spreadsheet_safe(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
