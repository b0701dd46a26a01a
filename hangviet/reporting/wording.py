"""Writing for the reader of a consolidated report: naming groups of units, merging what many
units wrote into one sentence each, and keeping any sentence from appearing twice.

Pure functions on text and unit names; nothing here reads the database.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hangviet.core.text import clean, fold, format_number

# A statement this close to another (share of words in common) is the same statement.
SAME_STATEMENT = 0.8
# Up to this many communes are named; beyond, they are counted with three examples.
NAMES_LISTED = 5

_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+(?=[A-ZÀ-Ỹ0-9“\"(])")
_WORD = re.compile(r"\w+", re.UNICODE)
# Subjects units write about themselves, replaced by their names (compared in lower case,
# diacritics kept: "số lượng" is not "sở").
_SELF_SUBJECTS = (
    "cơ quan, đơn vị",
    "đơn vị",
    "địa phương",
    "cơ quan",
    "ubnd xã",
    "ubnd phường",
    "ubnd huyện",
    "ubnd thành phố",
    "ubnd thị xã",
    "ủy ban nhân dân huyện",
    "ủy ban nhân dân xã",
    "ủy ban nhân dân phường",
    "xã",
    "phường",
    "sở",
    "ngành",
    "chúng tôi",
    "tòa soạn",
    "ban biên tập",
)
# Words that keep their capital inside a sentence.
_PROPER_STARTS = (
    "Ủy ban",
    "UBND",
    "Nhân dân",
    "Mặt trận",
    "Đảng",
    "Nhà nước",
    "Chính phủ",
    "Cuộc vận động",
    "Chỉ thị",
    "Kế hoạch số",
    "Sở ",
    "Bộ ",
    "Ban Chỉ đạo",
    "Hội ",
    "Đoàn ",
)
# First words of a statement whose subject is the unit itself ("Đề nghị …", "Đã phát …").
_PREDICATES = {
    fold(w)
    for w in (
        "đề nghị",
        "kiến nghị",
        "đề xuất",
        "đã",
        "đang",
        "sẽ",
        "tiếp tục",
        "tổ chức",
        "thực hiện",
        "triển khai",
        "phối hợp",
        "chỉ đạo",
        "ban hành",
        "duy trì",
        "xây dựng",
        "quán triệt",
        "lồng ghép",
        "phát",
        "đăng",
        "treo",
        "chưa",
        "còn",
        "cập nhật",
        "tăng cường",
        "rà soát",
        "mong muốn",
        "kính đề nghị",
        "phân công",
        "giao",
        "hướng dẫn",
        "kiểm tra",
        "vận động",
        "hỗ trợ",
        "giới thiệu",
        "tuyên truyền",
        "phát huy",
        "bố trí",
        "đẩy mạnh",
        "nâng cao",
        "quảng bá",
        "chủ động",
        "thường xuyên",
    )
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Named:
    """A unit as a sentence names it: its kind decides how several are grouped."""

    name: str  # "UBND xã Tân Cương", "Sở Công Thương", "Báo và Phát thanh, Truyền hình …"
    kind: str  # a UnitKind value
    area: str = ""  # "xã Tân Cương" for communes and wards


def sentences(text: str) -> list[str]:
    """Split a text as units write it (lines, sentences, items) into statements."""
    out: list[str] = []
    for line in clean(text or "").split("\n"):
        line = line.strip().lstrip("-–•+* ").strip()
        if not line:
            continue
        for part in _SENTENCE_END.split(line):
            part = part.strip().rstrip(";").strip()
            if len(_WORD.findall(part)) >= 2:
                out.append(part if part[-1] in ".!?…" else part + ".")
    return out


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text)))


def has_figures(text: str) -> bool:
    return bool(_NUMBER.search(text))


def _similar(a: "Statement", words: frozenset[str], numbers: tuple[str, ...]) -> bool:
    """The same statement: most words in common, and exactly the same figures (15 broadcasts
    and 40 broadcasts are two statements, however alike the words)."""
    if not a.words or not words or a.numbers != numbers:
        return False
    return len(a.words & words) / len(a.words | words) >= SAME_STATEMENT


@dataclass
class Statement:
    """One statement and every unit that made it (in the order they were met)."""

    text: str
    units: list[Named] = field(default_factory=list)
    words: frozenset[str] = frozenset()
    numbers: tuple[str, ...] = ()
    forms: dict[str, int] = field(default_factory=dict)

    def most_common_form(self) -> str:
        return max(self.forms.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]


def merge(
    remarks: Iterable[tuple[Named, str]], *, without_figures: bool = False
) -> list[Statement]:
    """Group the statements of many units: identical or near-identical ones become one
    statement naming every unit that made it. The order is the order of first appearance;
    statements made by more units come first. `without_figures` leaves out statements with
    numbers (a unit's own counts, which the report's tables already total)."""
    merged: list[Statement] = []
    for unit, text in remarks:
        for sentence in sentences(text):
            if without_figures and has_figures(sentence):
                continue
            words = _words(strip_subject(sentence))
            numbers = tuple(_NUMBER.findall(sentence))
            target = next((s for s in merged if _similar(s, words, numbers)), None)
            if target is None:
                target = Statement(sentence, words=words, numbers=numbers)
                merged.append(target)
            target.forms[sentence] = target.forms.get(sentence, 0) + 1
            if unit not in target.units:
                target.units.append(unit)
    for statement in merged:
        statement.text = statement.most_common_form()
    order = {id(s): i for i, s in enumerate(merged)}
    return sorted(merged, key=lambda s: (-len(s.units), order[id(s)]))


def _subject(sentence: str) -> str:
    """Return the generic subject a sentence starts with ("Đơn vị", "UBND xã"), or ""."""
    lowered = sentence.lower()
    for subject in sorted(_SELF_SUBJECTS, key=len, reverse=True):
        if lowered.startswith(subject + " "):
            return sentence[: len(subject)]
    return ""


def strip_subject(sentence: str) -> str:
    """The sentence without the generic subject it starts with."""
    subject = _subject(sentence)
    return sentence[len(subject) :].strip() if subject else sentence


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the text starts with a name or an abbreviation."""
    first = text.split(" ", 1)[0]
    if text.startswith(_PROPER_STARTS) or any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


def _predicate_first(text: str) -> bool:
    words = fold(text).split()
    return bool(words) and (" ".join(words[:2]) in _PREDICATES or words[0] in _PREDICATES)


def attribute(statement: Statement, *, framing: str = "report") -> str:
    """Write a merged statement as one sentence naming its units: "UBND các xã A, B và C đề
    nghị …", "Theo báo cáo của Sở Công Thương, nội dung …". With `framing="plan"` (the next
    period's tasks) the units set it as a task: "UBND … đề ra nhiệm vụ: …"; "assessment" and
    "difficulty" write "… đánh giá …" and "… phản ánh …"."""
    names = name_units(statement.units)
    text = statement.text.strip()
    subject = _subject(text)
    if subject:
        text = text[len(subject) :].strip()
    if framing == "plan":
        return f"{names} đề ra nhiệm vụ: {lower_first(text)}"
    if subject or _predicate_first(text):
        return f"{names} {lower_first(text)}"
    verb = {"assessment": "đánh giá", "difficulty": "phản ánh"}.get(framing)
    if verb:
        return f"{names} {verb} {lower_first(text)}"
    return f"Theo báo cáo của {names}, {lower_first(text)}"


def name_units(units: Sequence[Named], *, every: bool = False) -> str:
    """Name units the way a report does: "UBND xã Tân Cương", "UBND các xã Tân Cương, Phú
    Đình và La Bằng", "UBND 31 xã, phường (như Tân Cương, Phú Đình, La Bằng)", "Sở Công
    Thương, Sở Y tế". A signed document never hides a name behind "…": other bodies are all
    named; many communes are counted, with a few named as examples (`every`: all named, as
    the units late or missing are)."""
    communes = [u for u in units if u.kind == "commune_pc" and u.area]
    others = [u for u in units if u not in communes]
    parts: list[str] = []
    if communes:
        parts.append(_communes(communes, every=every))
    parts += [u.name for u in others]
    return join(parts)


def _communes(units: Sequence[Named], *, every: bool = False) -> str:
    types = {u.area.split(" ", 1)[0].lower() for u in units}
    bare = [u.area.split(" ", 1)[1] if " " in u.area else u.area for u in units]
    if len(units) == 1:
        return f"UBND {area_lower(units[0].area)}"
    label = "xã" if types == {"xã"} else ("phường" if types == {"phường"} else "xã, phường")
    if "thị" in types:
        label = "xã, phường, thị trấn"
    if len(units) > NAMES_LISTED and not every:
        return f"UBND {format_number(len(units))} {label} (như {join(bare[:3])})"
    if "," in label:
        return f"UBND các {label}: {join(bare)}"
    return f"UBND các {label} {join(bare)}"


def area_lower(area: str) -> str:
    """ "Xã Tân Cương" as a sentence writes it: "xã Tân Cương"."""
    return area[:1].lower() + area[1:] if area.startswith(("Xã ", "Phường ", "Thị trấn ")) else area


def join(parts: Sequence[str]) -> str:
    """Join with commas and "và" before the last: "A, B và C"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} và {parts[-1]}"


def quantity_list(items: Sequence[tuple[int, str]]) -> str:
    """Return "30 tin, bài, 15 chương trình và 240 phút" for the non-zero items."""
    return join([f"{format_number(n)} {label}" for n, label in items if n])


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class Deduplicator:
    """Keeps any sentence from appearing twice in one document."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def keep(self, paragraph: str) -> str:
        """Return `paragraph` without the sentences already written ("" if none is left)."""
        kept = []
        for sentence in _SENTENCE_END.split(paragraph.strip()):
            key = " ".join(_WORD.findall(fold(sentence)))
            if not key:
                continue
            if key in self.seen:
                continue
            self.seen.add(key)
            kept.append(sentence.strip())
        return " ".join(kept)
