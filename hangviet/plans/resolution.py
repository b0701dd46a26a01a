"""Matching the unit names of a parsed plan against the registry, on the plan's date.

Names are compared without diacritics, with abbreviations expanded ("UBND" = "Ủy ban nhân
dân", "Đài PT-TH" = "Đài Phát thanh – Truyền hình", "MTTQ" = "Mặt trận Tổ quốc") and the
province name optional ("Trung tâm Thông tin tỉnh"). A group phrase ("UBND các huyện, thành
phố, thị xã") becomes the set of units of that kind valid on the date. What cannot be matched
is left unresolved for the user to map by hand.
"""

import re
from collections import defaultdict
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from hangviet.core.text import fold
from hangviet.orgs.models import Unit, UnitKind
from hangviet.orgs.permissions import within
from hangviet.plans.parsing import Mention, ParsedPlan, mentions_in

_EXPANSIONS = [
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\bhdnd\b", "hoi dong nhan dan"),
    (r"\bmttq\b", "mat tran to quoc"),
    (r"\bpt\s*-\s*th\b", "phat thanh truyen hinh"),
    (r"\bptth\b", "phat thanh truyen hinh"),
    (r"\btt\s*&\s*tt\b", "thong tin va truyen thong"),
    (r"\btttt\b", "thong tin va truyen thong"),
    (r"\bvhttdl\b", "van hoa the thao va du lich"),
    (r"\bvh\s*,?\s*tt\s*(?:&|va)\s*dl\b", "van hoa the thao va du lich"),
    (r"\bkh\s*&\s*cn\b", "khoa hoc va cong nghe"),
    (r"\bbcd\b", "ban chi dao"),
    (r"\bcvd\b", "cuoc van dong"),
]
GROUP_KINDS = {
    "district_pc": UnitKind.DISTRICT_PC,
    "commune_pc": UnitKind.COMMUNE_PC,
    "department": UnitKind.DEPARTMENT,
    "press": UnitKind.PRESS,
}


def match_key(text: str) -> str:
    """Return the comparison form of a unit name."""
    key = fold(text)
    key = re.sub(r"\([^)]*\)", " ", key)  # "(BCĐ CVĐ)", "(b/c)"
    for pattern, replacement in _EXPANSIONS:
        key = re.sub(pattern, replacement, key)
    key = re.sub(r"[–—\-,.;:“”\"'/&()]", " ", key)
    key = re.sub(r"\bviet nam\b", " ", key)
    return re.sub(r"\s+", " ", key).strip()


class Registry:
    """The units of one province on one date, indexed by every name they go by."""

    def __init__(self, root: Unit | None, on: date) -> None:
        self.root, self.on = root, on
        qs = Unit.objects.valid_on(on)
        if root is not None:
            qs = within(qs, root, "")
        self.units = list(qs)
        province_words = (
            match_key(root.area_name.removeprefix("Tỉnh ").removeprefix("Thành phố "))
            if root is not None and root.area_name
            else ""
        )
        self.index: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            for key in self._keys(unit, province_words):
                if unit not in self.index[key]:
                    self.index[key].append(unit)

    @staticmethod
    def _keys(unit: Unit, province: str) -> set[str]:
        keys = set()
        for name in (unit.name, unit.short_name, unit.area_name):
            if not name:
                continue
            key = match_key(name)
            keys.add(key)
            if province and key.endswith(f" tinh {province}"):
                keys.add(key[: -len(province) - 1].strip())  # "… tỉnh"
            if province and key.endswith(f" {province}") and unit.kind != UnitKind.PROVINCE_PC:
                keys.add(f"{key[: -len(province) - 1]} tinh".strip())
        return keys

    def group(self, code: str) -> list[Unit]:
        kind = GROUP_KINDS.get(code)
        return [u for u in self.units if u.kind == kind] if kind else []

    def find(self, text: str) -> list[Unit]:
        return list(self.index.get(match_key(text), []))

    def by_abbreviation(self, abbreviation: str) -> Unit | None:
        hits = [
            u for u in self.units if u.abbreviation and fold(u.abbreviation) == fold(abbreviation)
        ]
        return hits[0] if len(hits) == 1 else None


def _province_root(plan: ParsedPlan) -> Unit | None:
    if not plan.place:
        return None
    key = match_key(plan.place)
    for root in Unit.objects.filter(parent__isnull=True, kind=UnitKind.PROVINCE_PC):
        names = {match_key(root.area_name), match_key(root.area_name.split(" ", 1)[-1])}
        if key in names or any(key.endswith(n) for n in names if n):
            return root
    return None


def _resolve(mention: Mention, registry: Registry, issuer: Unit | None = None) -> None:
    if mention.group == "plan_units":
        return  # resolved once every other assignment is
    if mention.group == "own_divisions":  # "các phòng, ban thuộc Sở": the issuer's divisions
        units = [u for u in registry.units if issuer is not None and u.parent_id == issuer.pk]
    else:
        units = registry.group(mention.group) if mention.group else registry.find(mention.text)
    units = sorted(units, key=lambda u: u.pk)
    mention.unit_ids = [u.pk for u in units]
    mention.unit_names = [u.display_name for u in units]
    mention.resolved = bool(units) and (mention.group is not None or len(units) == 1)


def _rejoin(mentions: list[Mention], registry: Registry) -> list[Mention]:
    """Put back together names that contain a comma ("Sở Văn hóa, Thể thao và Du lịch")."""
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        current = mentions[i]
        if current.group is None and not registry.find(current.text):
            for j in range(min(len(mentions), i + 4) - 1, i, -1):
                if any(m.group for m in mentions[i : j + 1]):
                    continue
                joined = ", ".join(m.text for m in mentions[i : j + 1])
                if registry.find(joined):
                    current = Mention(text=joined)
                    i = j
                    break
        out.append(current)
        i += 1
    return out


def resolve_assignee(text: str, *, issuer: Unit, on: date) -> list[Mention]:
    """The units and groups an assignee phrase typed by a person names, resolved in the
    registry of the issuer's province on the plan's date (a duty added by hand)."""
    registry = Registry(Unit.objects.get(pk=issuer.root_id), on)
    mentions = _rejoin(mentions_in(text), registry)
    for mention in mentions:
        _resolve(mention, registry, issuer)
    return mentions


def resolve(plan: ParsedPlan, *, issuer: Unit | None = None) -> ParsedPlan:
    """Fill in the registry's units for every name in `plan`; return the plan."""
    on = plan.issued_on or timezone.localdate()
    root = _province_root(plan)
    if issuer is not None and root is None:
        root = Unit.objects.get(pk=issuer.root_id)
    registry = Registry(root, on)
    if issuer is None:
        candidates = []
        if plan.issuer_name:
            candidates = registry.find(plan.issuer_name)
        if not candidates and plan.issuer_abbreviation:
            found = registry.by_abbreviation(plan.issuer_abbreviation)
            candidates = [found] if found else []
        if not candidates:
            for line in plan.preamble:
                if m := re.search(
                    r"([^.;]{4,80}?)\s+(?:xây dựng|ban hành)\s+(?:Kế hoạch|"
                    r"Hướng dẫn|Chương trình|Báo cáo)",
                    line,
                ):
                    tail = m.group(1).split(". ")[-1].split(", ")[-1]
                    candidates = registry.find(tail.strip())
                    if candidates:
                        break
        issuer = candidates[0] if len(candidates) == 1 else None
    plan.issuer_unit_id = issuer.pk if issuer else None
    if issuer is None:
        plan.warnings.append(
            _("The issuing unit was not found in the registry; choose it by hand.")
        )
    for assignment in plan.assignments:
        assignment.mentions = _rejoin(assignment.mentions, registry)
        for mention in assignment.mentions:
            _resolve(mention, registry, issuer)
    assigned: dict[int, str] = {}
    for assignment in plan.assignments:
        for mention in assignment.mentions:
            if mention.group != "plan_units":
                assigned.update(zip(mention.unit_ids, mention.unit_names, strict=True))
    for assignment in plan.assignments:
        for mention in assignment.mentions:
            if mention.group == "plan_units":
                ordered = sorted(assigned.items())
                mention.unit_ids = [pk for pk, _name in ordered]
                mention.unit_names = [name for _pk, name in ordered]
                mention.resolved = bool(assigned)
    for obligation in plan.obligations:
        # The reporters are the units of the assignment the duty was read from.
        source = next((a for a in plan.assignments if a.number == obligation.assignment), None)
        if source is not None:
            pairs = sorted(
                {
                    (i, n)
                    for m in source.mentions
                    for i, n in zip(m.unit_ids, m.unit_names, strict=True)
                }
            )
            obligation.reporters = Mention(
                text="; ".join(m.text for m in source.mentions),
                unit_ids=[i for i, _n in pairs],
                unit_names=[n for _i, n in pairs],
                resolved=bool(pairs),
            )
        _resolve(obligation.recipient, registry)
        if obligation.via is not None:
            _resolve(obligation.via, registry)
    for recipient in plan.recipients:
        parts = mentions_in(recipient.text)
        mention = parts[0] if len(parts) == 1 else recipient.mention
        if len(parts) == 1:
            mention.text = recipient.text
        _resolve(mention, registry)
        recipient.mention = mention
    return plan
