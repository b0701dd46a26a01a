"""The Excel round trip: a template with drop-down lists, and an import that either takes the
whole file or nothing (or, if the user asks, only its valid rows, returning the rest to fix).

Re-importing the same file creates nothing new: each row carries a key made of its unit, date,
channel, kind and title.
"""

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from hangviet.activities import policy
from hangviet.activities.locks import require_open
from hangviet.activities.models import (
    KIND_DEFAULTS,
    Activity,
    ActivityUpload,
    Kind,
    Measure,
    Source,
    Status,
)
from hangviet.activities.services import activities_bulk_create, import_key_for, validate
from hangviet.core import audit
from hangviet.core.text import fold, nfc, sentences, spreadsheet_safe
from hangviet.core.typing import Actor
from hangviet.orgs.models import Unit
from hangviet.plans.models import Channel, Plan, Theme

# openpyxl parses with defusedxml (a dependency): both kinds of XML error mean a damaged file.
XML_ERRORS: tuple[type[Exception], ...] = (ParseError, DefusedXmlException)
_NOT_A_WORKBOOK: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    TypeError,
    *XML_ERRORS,
)
BROKEN: tuple[type[Exception], ...] = (
    KeyError,
    ValueError,
    OSError,
    TypeError,
    IndexError,
    AttributeError,
    *XML_ERRORS,
)
SHEET = "Hoạt động"
LISTS = "Danh mục"
MAX_ROWS = 20_000
COLUMNS: list[tuple[str, str, int]] = [  # field, header, width
    ("unit", "Đơn vị", 36),
    ("date", "Ngày (dd/mm/yyyy)", 14),
    ("end_date", "Đến ngày", 12),
    ("channel", "Kênh", 34),
    ("kind", "Loại hoạt động", 26),
    ("title", "Tiêu đề", 48),
    ("summary", "Tóm tắt", 40),
    ("quantity", "Số lượng", 10),
    ("measure", "Đơn vị tính", 18),
    ("theme", "Nội dung tuyên truyền", 40),
    ("url", "Đường dẫn", 30),
    ("external_id", "Mã tham chiếu", 16),
    ("status", "Trạng thái", 16),
]
HEADERS = [h for _f, h, _w in COLUMNS]
_CODE = re.compile(r"\[([^\[\]]+)\]\s*$")


class ExcelError(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    skipped: int = 0  # already imported before
    errors: list[RowError] = field(default_factory=list)
    valid_rows: list[dict[str, Any]] = field(default_factory=list)
    invalid_rows: list[tuple[int, list[Any], list[str]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _label(name: str, code: object) -> str:
    """A choice as the drop-down shows it: the name alone, as people read it. Files filled in
    with an older template ("Tên [mã]") are still read, by the code in brackets."""
    return name


def _choices(user: DjangoUser, plan: Plan | None) -> dict[str, list[str]]:
    units = policy.units_to_log_for(user).filter(valid_to__isnull=True).order_by("depth", "name")
    themes = Theme.objects.filter(plan=plan, parent__isnull=True) if plan else Theme.objects.none()
    return {
        "unit": [_label(u.display_name, u.pk) for u in units[:2000]],
        "channel": [_label(c.name, c.code) for c in Channel.objects.all()],
        "kind": [_label(str(label), value) for value, label in Kind.choices],
        "measure": [_label(str(label), value) for value, label in Measure.choices],
        "theme": [_label(t.label, t.pk) for t in themes],
        "status": [_label(str(label), value) for value, label in Status.choices],
    }


def template(user: DjangoUser, plan: Plan | None) -> bytes:
    """Return an .xlsx template with drop-downs for this user and plan."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for i, (_f, _h, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B3261E")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    lists = wb.create_sheet(LISTS)
    choices = _choices(user, plan)
    for col, (name, values) in enumerate(choices.items(), start=1):
        lists.cell(row=1, column=col, value=name)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=col, value=spreadsheet_safe(value))
        if not values:
            continue
        letter = lists.cell(row=1, column=col).column_letter
        target = next(i for i, (f, _h, _w) in enumerate(COLUMNS, start=1) if f == name)
        dv = DataValidation(
            type="list",
            allow_blank=name not in ("unit", "channel", "kind"),
            formula1=f"='{LISTS}'!${letter}$2:${letter}${len(values) + 1}",
        )
        dv.error = "Vui lòng chọn một giá trị trong danh sách."
        dv.errorTitle = "Giá trị không hợp lệ"
        ws.add_data_validation(dv)
        column_letter = ws.cell(row=1, column=target).column_letter
        dv.add(f"{column_letter}2:{column_letter}{MAX_ROWS + 1}")
    lists.sheet_state = "hidden"
    for column in ("B", "C"):
        for row in range(2, 502):
            ws[f"{column}{row}"].number_format = "DD/MM/YYYY"
    if choices["unit"]:
        ws["A2"] = choices["unit"][0]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _code(value: Any) -> str:
    text = str(value).strip()
    m = _CODE.search(text)
    return m.group(1).strip() if m else text


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class _Lookups:
    """Every lookup an import needs, loaded once."""

    def __init__(self, user: DjangoUser, plan: Plan | None) -> None:
        self.units = {u.pk: u for u in policy.units_to_log_for(user)}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for u in self.units.values():
            for name in {u.name, u.short_name, u.area_name, u.code, u.display_name}:
                if name:
                    self.units_by_name[fold(name)].append(u)
        self.channels = {c.code: c for c in Channel.objects.all()}
        self.channels_by_name = {fold(c.name): c for c in self.channels.values()}
        self.themes = {t.pk: t for t in Theme.objects.filter(plan=plan)} if plan else {}
        self.themes_by_label = {
            fold(t.label): t for t in self.themes.values() if t.parent_id is None
        }
        self.kinds = {
            **{v: v for v in Kind.values},
            **{fold(str(lbl)): v for v, lbl in Kind.choices},
        }
        self.measures = {
            **{v: v for v in Measure.values},
            **{fold(str(lbl)): v for v, lbl in Measure.choices},
        }
        self.statuses = {
            **{v: v for v in Status.values},
            **{fold(str(lbl)): v for v, lbl in Status.choices},
        }


MAX_EXPANDED_BYTES = 40 * 1024 * 1024  # what the whole archive may unpack to
MAX_PHYSICAL_ROWS = 2 * MAX_ROWS + 10_000  # blank formatted rows included
_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\""
)


def check_archive(data: bytes) -> None:
    """Refuse a workbook that unpacks to more than `MAX_EXPANDED_BYTES`, by the sizes the
    archive declares *and* by what it really expands to (a declared size can lie); nothing
    is parsed before this passes."""
    too_big = ExcelError(
        _("The Excel file unpacks to more than %(n)s MB; it cannot be a sheet of activities.")
        % {"n": MAX_EXPANDED_BYTES // 1048576}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > 1000 or sum(m.file_size for m in members) > MAX_EXPANDED_BYTES:
                raise too_big
            expanded = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(1 << 20):
                        expanded += len(chunk)
                        if expanded > MAX_EXPANDED_BYTES:
                            raise too_big
    except ExcelError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise ExcelError(_("The Excel file is damaged or not an .xlsx workbook.")) from exc
    except NotImplementedError as exc:  # an unknown compression method
        raise ExcelError(_("The Excel file is damaged or not an .xlsx workbook.")) from exc


def _merged_ranges(workbook: Any, sheet: Any) -> list[str]:
    """Return the merged ranges of a read-only sheet (openpyxl does not read them there)."""
    path = getattr(sheet, "_worksheet_path", None)
    if not path:
        return []
    found: list[str] = []
    tail = b""
    with workbook._archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            window = tail + chunk
            found += [m.decode() for m in _MERGE.findall(window)]
            tail = window[-200:]
            if len(found) > 5:
                break
    return list(dict.fromkeys(found))


def read(data: bytes, *, user: DjangoUser, plan: Plan | None) -> ImportResult:
    """Check every row of an uploaded file; save nothing. The archive is checked before
    parsing, the sheet is streamed (read-only mode) and reading stops at the row limit."""
    if not data.startswith(b"PK\x03\x04"):
        raise ExcelError(_("The file is not an Excel workbook (.xlsx)."))
    check_archive(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except _NOT_A_WORKBOOK as exc:
        raise ExcelError(_("The Excel file is damaged or not an .xlsx workbook.")) from exc
    try:
        return _read_sheet(wb, user=user, plan=plan)
    except BROKEN as exc:
        raise ExcelError(_("The Excel file is damaged or not an .xlsx workbook.")) from exc
    finally:
        wb.close()


def _read_sheet(wb: Any, *, user: DjangoUser, plan: Plan | None) -> ImportResult:
    if not wb.worksheets:
        raise ExcelError(_("The Excel file is damaged or not an .xlsx workbook."))
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # the declared size may lie: read what is there
    first = next(ws.iter_rows(min_row=1, max_row=1, max_col=len(HEADERS)), ())
    header = [str(c.value or "").strip() for c in first]
    if [fold(h) for h in header] != [fold(h) for h in HEADERS]:
        raise ExcelError(
            _(
                "The header row does not match the template. Expected: %(e)s. Download a new "
                "template."
            )
            % {"e": " | ".join(HEADERS)}
        )
    merged = _merged_ranges(wb, ws)
    if merged:
        raise ExcelError(
            _("The sheet has merged cells (%(r)s); unmerge them so each row is one activity.")
            % {"r": ", ".join(merged[:5])}
        )
    too_many = ExcelError(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
    lookups = _Lookups(user, plan)
    result = ImportResult()
    seen_keys: set[tuple[int, str]] = set()
    for physical, cells in enumerate(ws.iter_rows(min_row=2, max_col=len(COLUMNS)), start=1):
        if physical > MAX_PHYSICAL_ROWS:
            raise too_many
        row_number = next((c.row for c in cells if getattr(c, "row", None)), physical + 1)
        values = [c.value for c in cells]
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        result.total += 1
        if result.total > MAX_ROWS:
            raise too_many
        errors: list[RowError] = []
        for cell, (_f, column, _w) in zip(cells, COLUMNS, strict=False):
            if getattr(cell, "data_type", None) == "f":
                errors.append(
                    RowError(row_number, column, _("Formulas are not accepted; type the value."))
                )
        row, row_errors = _row(values, row_number, lookups, plan, user)
        errors += row_errors
        if not errors and row is not None:
            key = (row["unit"].pk, row["import_key"])
            if key in seen_keys:
                errors.append(
                    RowError(
                        row_number, "Tiêu đề", _("This row repeats an earlier row of the file.")
                    )
                )
            seen_keys.add(key)
        if errors:
            result.errors += errors
            result.invalid_rows.append((row_number, values, [e.message for e in errors]))
        elif row is not None:
            result.valid_rows.append(row)
    if result.total == 0:
        raise ExcelError(_("The file has no activity rows."))
    return result


def _row(
    values: list[Any], number: int, lk: _Lookups, plan: Plan | None, user: DjangoUser
) -> tuple[dict[str, Any] | None, list[RowError]]:
    cols = {f: (values[i] if i < len(values) else None) for i, (f, _h, _w) in enumerate(COLUMNS)}
    header = {f: h for f, h, _w in COLUMNS}
    errors: list[RowError] = []

    def err(f: str, message: str) -> None:
        errors.append(RowError(number, header[f], message))

    unit = None
    raw_unit = cols["unit"]
    if raw_unit in (None, ""):
        err("unit", _("The unit is required."))
    else:
        code = _code(raw_unit)
        unit = lk.units.get(int(code)) if code.isdecimal() and int(code) in lk.units else None
        if unit is None:
            matches = lk.units_by_name.get(fold(str(raw_unit)), [])
            unit = matches[0] if len(matches) == 1 else None
        if unit is None:
            err(
                "unit",
                _("You may not report for “%(u)s”, or it is not a known unit.")
                % {"u": str(raw_unit)[:80]},
            )
    channel = lk.channels.get(_code(cols["channel"] or "")) or lk.channels_by_name.get(
        fold(str(cols["channel"] or ""))
    )
    if channel is None:
        err("channel", _("Unknown channel “%(c)s”.") % {"c": str(cols["channel"] or "")[:60]})
    kind = lk.kinds.get(_code(cols["kind"] or "")) or lk.kinds.get(fold(str(cols["kind"] or "")))
    if kind is None:
        err("kind", _("Unknown kind “%(k)s”.") % {"k": str(cols["kind"] or "")[:60]})
    measure = None
    if cols["measure"] not in (None, ""):
        measure = lk.measures.get(_code(cols["measure"])) or lk.measures.get(
            fold(str(cols["measure"]))
        )
        if measure is None:
            err("measure", _("Unknown measure “%(m)s”.") % {"m": str(cols["measure"])[:40]})
    status: str | None = Status.CONFIRMED
    if cols["status"] not in (None, ""):
        status = lk.statuses.get(_code(cols["status"])) or lk.statuses.get(
            fold(str(cols["status"]))
        )
        if status is None:
            err("status", _("Unknown status “%(s)s”.") % {"s": str(cols["status"])[:40]})
    day = end = None
    for f in ("date", "end_date"):
        try:
            parsed = _date(cols[f])
        except ValueError:
            err(f, _("“%(v)s” is not a date (dd/mm/yyyy).") % {"v": str(cols[f])[:30]})
            continue
        if f == "date":
            day = parsed
        else:
            end = parsed
    quantity: Any = cols["quantity"]
    if quantity in (None, ""):
        quantity = 1
    elif isinstance(quantity, float) and quantity.is_integer():
        quantity = int(quantity)
    elif isinstance(quantity, str) and quantity.strip().lstrip("-").isdecimal():
        quantity = int(quantity.strip())
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        err("quantity", _("The quantity must be a whole number, zero or more."))
        quantity = 0
    theme = None
    if cols["theme"] not in (None, ""):
        code = _code(cols["theme"])
        theme = lk.themes.get(int(code)) if code.isdecimal() else None
        theme = theme or lk.themes_by_label.get(fold(str(cols["theme"])))
        if theme is None:
            err("theme", _("This theme is not one of the plan's."))
    title = nfc(str(cols["title"] or "")).strip()[:300]
    if errors:
        return None, errors
    data = {
        "unit": unit,
        "plan": plan,
        "channel": channel,
        "kind": kind,
        "title": title,
        "summary": nfc(str(cols["summary"] or "")).strip(),
        "date": day,
        "end_date": end,
        "quantity": quantity,
        "measure": measure or _default_measure(kind or ""),
        "url": str(cols["url"] or "").strip()[:500],
        "status": status,
        "external_id": str(cols["external_id"] or "").strip()[:120],
    }
    try:
        validate(data, themes=[theme] if theme else [])
        if unit is not None:
            require_open(user, unit, day, end)  # said on the preview, row by row
    except ValidationError as exc:
        for f, messages in exc.message_dict.items():
            for message in messages:
                errors.append(RowError(number, header.get(f, header["title"]), message))
        return None, errors
    data["theme"] = theme
    data["row"] = number
    assert unit is not None and day is not None and channel is not None and kind is not None
    data["import_key"] = import_key_for(unit, day, channel, kind, title)
    return data, []


def _default_measure(kind: str) -> str:
    return KIND_DEFAULTS.get(kind, (Measure.ITEMS, ""))[0]


@transaction.atomic
def save(
    result: ImportResult,
    *,
    by: Actor,
    filename: str = "",
    only_valid: bool = False,
) -> ImportResult:
    """Save the checked rows: all or nothing, unless `only_valid`. Return the result."""
    if result.errors and not only_valid:
        return result
    keys = {(r["unit"].pk, r["import_key"]) for r in result.valid_rows}
    existing = set(
        Activity.all_objects.filter(
            unit_id__in={k[0] for k in keys}, import_key__in={k[1] for k in keys}
        ).values_list("unit_id", "import_key")
    )
    rows = []
    for r in result.valid_rows:
        if (r["unit"].pk, r["import_key"]) in existing:
            result.skipped += 1
            continue
        rows.append({k: v for k, v in r.items() if k != "row"})
    result.created = len(
        activities_bulk_create(rows, by=by, source=Source.IMPORT, note=f"Excel: {filename}")
    )
    return result


def _plain(value: Any) -> Any:
    """Return a cell value as JSON can keep it (dates as dd/mm/yyyy, which `_date` reads)."""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def result_to_json(result: ImportResult) -> dict[str, Any]:
    """Return the checked file as JSON, so the preview is not parsed again on every visit."""
    rows = []
    for r in result.valid_rows:
        rows.append(
            {
                **{k: v for k, v in r.items() if k not in ("unit", "plan", "channel", "theme")},
                "unit": r["unit"].pk,
                "plan": r["plan"].pk if r["plan"] else None,
                "channel": r["channel"].pk,
                "theme": r["theme"].pk if r.get("theme") else None,
                "date": r["date"].isoformat(),
                "end_date": r["end_date"].isoformat() if r["end_date"] else None,
            }
        )
    return {
        "total": result.total,
        "errors": [[e.row, e.column, e.message] for e in result.errors],
        "valid_rows": rows,
        "invalid_rows": [
            [number, [_plain(v) for v in values], messages]
            for number, values, messages in result.invalid_rows
        ],
    }


def result_from_json(data: dict[str, Any], *, user: DjangoUser) -> ImportResult:
    """Return the checked file kept by `result_to_json`. Units the user may no longer edit
    turn their rows into errors: what is saved is what the user may write now."""
    allowed = {u.pk: u for u in policy.units_to_log_for(user)}
    rows = data.get("valid_rows", [])
    channels = Channel.objects.in_bulk({r["channel"] for r in rows})
    plans = Plan.objects.in_bulk({r["plan"] for r in rows if r["plan"]})
    themes = Theme.objects.in_bulk({r["theme"] for r in rows if r["theme"]})
    result = ImportResult(total=int(data.get("total", 0)))
    result.errors = [RowError(*e) for e in data.get("errors", [])]
    result.invalid_rows = [(n, v, m) for n, v, m in data.get("invalid_rows", [])]
    for r in rows:
        unit = allowed.get(r["unit"])
        channel = channels.get(r["channel"])
        if unit is None or channel is None:
            message = _("You may not report for “%(u)s”, or it is not a known unit.") % {
                "u": r["unit"]
            }
            number = int(r.get("row", 0))
            result.errors.append(RowError(number, "Đơn vị", message))
            continue
        row = dict(r)
        row.update(
            unit=unit,
            channel=channel,
            plan=plans.get(r["plan"]) if r["plan"] else None,
            theme=themes.get(r["theme"]) if r["theme"] else None,
            date=date.fromisoformat(r["date"]),
            end_date=date.fromisoformat(r["end_date"]) if r["end_date"] else None,
        )
        result.valid_rows.append(row)
    return result


def activity_upload_create(
    *, by: DjangoUser, plan: Plan | None, filename: str, data: bytes
) -> ActivityUpload:
    """Check an uploaded workbook once and keep it with what was found, for its preview.
    Raise ExcelError (nothing kept) when the file as a whole cannot be read."""
    result = read(data, user=by, plan=plan)
    upload = ActivityUpload.objects.create(
        user=by,
        plan=plan,
        filename=nfc(filename)[:255],
        data=data,
        preview=result_to_json(result),
    )
    audit.record(
        "create",
        upload,
        by=by,
        changes={"filename": [None, upload.filename], "rows": [None, len(result.valid_rows)]},
    )
    return upload


@transaction.atomic
def activity_upload_import(
    *, upload: ActivityUpload, by: DjangoUser, only_valid: bool
) -> ImportResult:
    """Import a previewed upload: all rows, or only the valid ones when `only_valid`. An
    upload is imported once."""
    upload = ActivityUpload.objects.select_for_update().get(pk=upload.pk, user=by)
    result = upload_result(upload, by=by)
    if upload.imported_at is not None:
        return result
    result = save(result, by=by, filename=upload.filename, only_valid=only_valid)
    if not result.errors or only_valid:
        upload.imported_at = timezone.now()
        upload.created_count = result.created
        upload.save(update_fields=["imported_at", "created_count", "updated_at"])
        audit.record(
            "update",
            upload,
            by=by,
            changes={
                "imported_at": [None, upload.imported_at.isoformat()],
                "created": [None, result.created],
                "skipped": [None, result.skipped],
            },
            note="valid rows only" if only_valid else "",
        )
    return result


def upload_result(upload: ActivityUpload, *, by: DjangoUser) -> ImportResult:
    """Return the checked rows of an upload (parsed when it was uploaded)."""
    if upload.preview is None:  # kept before previews were stored
        return read(bytes(upload.data), user=by, plan=upload.plan)
    return result_from_json(upload.preview, user=by)


def errors_workbook(result: ImportResult) -> bytes:
    """Return the rejected rows as an .xlsx to fix, with the reasons in a last column."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([*HEADERS, "Lỗi cần sửa"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for _number, values, messages in result.invalid_rows:
        ws.append([*[spreadsheet_safe(v) for v in values[: len(HEADERS)]], sentences(messages)])
    for i, (_f, _h, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
