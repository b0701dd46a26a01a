"""The outline of this campaign's reports, in one place: the sections a unit writes and the
consolidated report carries, in their order, with how the page names them (translated) and how
the document heads them (documents are written in Vietnamese).

It follows published reports of the campaign: I. direction and organisation; II. results;
III. assessment (strengths; limitations and causes); IV. the next period's tasks;
V. proposals. Unit reports and the consolidated report share it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hangviet.core.text import clean, format_number

NARRATIVE_MAX_CHARS = 20_000  # one section of a report


@dataclass(frozen=True)
class Section:
    code: str
    label: Promise  # on the pages, in the reader's language
    heading: str  # in the document: "I. CÔNG TÁC LÃNH ĐẠO, …", "1. Ưu điểm" (a sub-section)
    required: bool = False  # a unit's report is not sent without it
    part_of: str = ""  # "assessment": III holds strengths and limitations


ASSESSMENT_HEADING = "III. ĐÁNH GIÁ CHUNG"
NEXT_TASKS_HEADING = "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {upcoming}"

OUTLINE: tuple[Section, ...] = (
    Section(
        "direction",
        _("Leadership, direction and organisation"),
        "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI",
        required=True,
    ),
    Section("results", _("Results"), "II. KẾT QUẢ THỰC HIỆN", required=True),
    Section("strengths", _("Strengths"), "1. Ưu điểm", part_of="assessment"),
    Section(
        "limitations", _("Limitations and causes"), "2. Hạn chế, nguyên nhân", part_of="assessment"
    ),
    Section("next_tasks", _("Tasks for the next period"), NEXT_TASKS_HEADING),
    Section("proposals", _("Proposals"), "V. ĐỀ XUẤT, KIẾN NGHỊ"),
)
CODES = tuple(s.code for s in OUTLINE)
BY_CODE = {s.code: s for s in OUTLINE}
# (code, label) pairs, the form the pages and forms use.
NARRATIVE_SECTIONS = [(s.code, s.label) for s in OUTLINE]


def heading(code: str, upcoming: str = "") -> str:
    """The document's heading of a section ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ 06 THÁNG CUỐI NĂM 2026")."""
    return BY_CODE[code].heading.format(upcoming=upcoming.upper()).strip()


def page_title(code: str, upcoming: str = "") -> str:
    """The section's title on the consolidation page, numbered as in the document
    ("III.1. Ưu điểm")."""
    section = BY_CODE[code]
    if section.part_of == "assessment":
        return f"III.{section.heading}"
    return heading(code, upcoming)


def clean_sections(sections: dict[str, str], errors: dict[str, list[str]]) -> dict[str, str]:
    """Return the sections as stored: the one cleaning rule (lines end in LF, no control
    characters), each line a paragraph; an unknown or too long section is an error."""
    unknown = set(sections) - set(CODES)
    if unknown:
        errors["narrative"] = [
            gettext("Unknown sections: %(s)s") % {"s": ", ".join(sorted(unknown))}
        ]
    out = {}
    for code, text in sections.items():
        if code not in CODES:
            continue
        lines = [line.strip() for line in clean(text or "").split("\n")]
        value = "\n".join(line for line in lines if line)
        if len(value) > NARRATIVE_MAX_CHARS:
            errors.setdefault(code, []).append(
                gettext("“%(s)s” is %(n)s characters long; a section may have at most %(m)s.")
                % {
                    "s": BY_CODE[code].label,
                    "n": format_number(len(value)),
                    "m": format_number(NARRATIVE_MAX_CHARS),
                }
            )
            continue
        out[code] = value
    return out


def missing_required(narrative: dict[str, str]) -> list[Section]:
    """The required sections a unit's report leaves empty."""
    return [s for s in OUTLINE if s.required and not (narrative.get(s.code) or "").strip()]
