"""The report's figures and status as packages of the national reporting information system
(QCVN 125:2021/BTTTT, Thông tư 02/2021/TT-BTTTT): what a Sở hands to the province's reporting
system, and the province to the Government's.

The regulation names thirteen kinds of package; hangviet writes the five a report of this
campaign needs: the report regime (Gói tin chế độ báo cáo), the period catalogue (danh mục kỳ
báo cáo), the indicator catalogue (danh mục chỉ tiêu báo cáo), the figures (số liệu báo cáo)
and the status (trạng thái báo cáo). Each is one JSON object with a common header. The field
names are ours, written from the regulation's list of packages and the content Nghị định 09
gives each (ADR 14 says what was followed and what is to be checked against the regulation's
tables before a real connection); `schemas/qcvn125-*.json` record the structure and `validate`
checks every package against it before it is written."""

import json
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.utils import timezone

from hangviet.core.periods import period_for_code, period_label
from hangviet.orgs.models import Unit
from hangviet.plans.models import Cadence, Plan
from hangviet.reporting.computing import DEFAULT_INDICATORS
from hangviet.reporting.models import CopyState, SignedCopy

VERSION = "QCVN 125:2021/BTTTT"
SCHEMAS = Path(__file__).with_name("schemas")
KINDS = ("CheDoBaoCao", "DanhMucKyBaoCao", "DanhMucChiTieu", "SoLieuBaoCao", "TrangThaiBaoCao")
# The status of a report in the national system's words.
STATUS_WORDS = {
    CopyState.ARRIVED: "DaGui",
    CopyState.RECEIVED: "DaTiepNhan",
    CopyState.PROCESSING: "DangXuLy",
    CopyState.DONE: "HoanThanh",
    CopyState.REFUSED: "TuChoi",
    CopyState.REPLACED: "DaThayThe",
    CopyState.REVOKED: "DaThuHoi",
}
FREQUENCY = {
    Cadence.SEMIANNUAL: "6THANG",
    Cadence.QUARTERLY: "QUY",
    Cadence.ANNUAL: "NAM",
    Cadence.MONTHLY: "THANG",
    Cadence.ADHOC: "DOTXUAT",
    Cadence.PERIODIC: "DINHKY",
}


class Qcvn125Error(ValueError):
    """A package that does not match the recorded structure (a bug of ours: never written)."""


@cache
def schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"qcvn125-{kind}.json").read_text(encoding="utf-8"))


def validate(package: dict[str, Any]) -> None:
    kind = package.get("LoaiGoiTin")
    if kind not in KINDS:
        raise Qcvn125Error(f"unknown package kind {kind!r}")
    try:
        jsonschema.validate(package, schema(kind))
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(gốc)"
        raise Qcvn125Error(f"{kind}: {where}: {exc.message}") from exc


def _agency(unit: Unit) -> dict[str, str]:
    return {"MaDinhDanh": unit.agency_code, "TenCoQuan": unit.name}


def _header(kind: str, sender: Unit) -> dict[str, Any]:
    return {
        "PhienBan": VERSION,
        "LoaiGoiTin": kind,
        "MaGoiTin": str(uuid.uuid4()),
        "ThoiGianTao": timezone.localtime().isoformat(timespec="seconds"),
        "CoQuanGui": _agency(sender),
    }


def regime_code(plan: Plan) -> str:
    return f"{plan.issuing_unit.agency_code}.{plan.issue_year}.{plan.number or plan.pk}"


def regime(plan: Plan, receiver: Unit) -> dict[str, Any]:
    cadences = sorted(
        {c for o in plan.obligations.all() for c in o.cadences if c in FREQUENCY}
    ) or [Cadence.SEMIANNUAL]
    return {
        **_header("CheDoBaoCao", plan.issuing_unit),
        "MaCheDo": regime_code(plan),
        "TenCheDo": f"Báo cáo kết quả thực hiện {plan.title}",
        "CanCu": ["Nghị định số 09/2019/NĐ-CP ngày 24/01/2019", plan.title],
        "CoQuanBanHanh": _agency(plan.issuing_unit),
        "CoQuanNhan": _agency(receiver),
        "TanSuat": [FREQUENCY[c] for c in cadences],
        "MaBieuMau": f"{regime_code(plan)}.BM01",
        "TenBieuMau": "Kết quả tuyên truyền Cuộc vận động",
    }


def period_catalogue(plan: Plan, period_codes: list[str]) -> dict[str, Any]:
    return {
        **_header("DanhMucKyBaoCao", plan.issuing_unit),
        "MaCheDo": regime_code(plan),
        "DanhSach": [
            {
                "MaKy": code,
                "TenKy": period_label(code),
                "TuNgay": period_for_code(code).start.isoformat(),
                "DenNgay": period_for_code(code).end.isoformat(),
            }
            for code in period_codes
        ],
    }


def indicator_catalogue(sender: Unit) -> dict[str, Any]:
    return {
        **_header("DanhMucChiTieu", sender),
        "DanhSach": [
            {"MaChiTieu": code, "TenChiTieu": name, "DonViTinh": unit, "CachTinh": aggregation}
            for code, name, unit, aggregation, *_rest in DEFAULT_INDICATORS
        ],
    }


def figures(copy: SignedCopy) -> dict[str, Any]:
    plan = copy.consolidation.plan
    signed = copy.details.get("figures") or {}
    period = signed.get("period") or {}
    return {
        **_header("SoLieuBaoCao", plan.issuing_unit),
        "MaCheDo": regime_code(plan),
        "MaBieuMau": f"{regime_code(plan)}.BM01",
        "MaKy": period.get("code", copy.consolidation.period_code),
        "VanBan": {
            "SoKyHieu": copy.number,
            "NgayBanHanh": copy.dated.isoformat(),
            "PhienBan": copy.version,
            "MaBam": copy.sha256,
        },
        "QuyTacSoLieu": signed.get("rule", "record"),
        "DonViBaoCao": {
            "SoDuocGiao": (signed.get("units") or {}).get("expected", 0),
            "SoDaDuyet": (signed.get("units") or {}).get("accepted", 0),
        },
        "DuLieu": [
            {
                "MaChiTieu": item["code"],
                "GiaTri": item["value"],
                "DonViTinh": item.get("unit", ""),
                "PhanTo": [
                    {"Nhom": group, "GiaTri": value}
                    for group, value in (item.get("by_group") or {}).items()
                ],
            }
            for item in signed.get("indicators", [])
        ],
    }


def status(copy: SignedCopy) -> dict[str, Any]:
    plan = copy.consolidation.plan
    return {
        **_header("TrangThaiBaoCao", plan.issuing_unit),
        "MaCheDo": regime_code(plan),
        "MaKy": copy.consolidation.period_code,
        "VanBan": {"SoKyHieu": copy.number, "PhienBan": copy.version, "MaBam": copy.sha256},
        "LichSu": [
            {
                "TrangThai": STATUS_WORDS[CopyState(s.state)],
                "ThoiGian": timezone.localtime(s.at).isoformat(timespec="seconds"),
                "CoQuan": s.unit.agency_code or s.unit.name,
                "GhiChu": s.reason,
            }
            for s in copy.statuses.select_related("unit")
        ],
    }


def packages(copy: SignedCopy) -> dict[str, dict[str, Any]]:
    """The five packages of a signed report, each validated; keyed by file name."""
    plan = copy.consolidation.plan
    receiver = Unit.objects.get(pk=copy.details["receiver_id"])
    made = {
        "che-do-bao-cao.json": regime(plan, receiver),
        "danh-muc-ky-bao-cao.json": period_catalogue(plan, [copy.consolidation.period_code]),
        "danh-muc-chi-tieu.json": indicator_catalogue(plan.issuing_unit),
        "so-lieu-bao-cao.json": figures(copy),
        "trang-thai-bao-cao.json": status(copy),
    }
    for package in made.values():
        validate(package)
    return made
