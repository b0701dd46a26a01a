"""Reading the structure of a Vietnamese administrative document (Nghị định 30/2020 layout).

`parse_lines` is pure: lines in, a `ParsedPlan` out, never an exception on odd input. It finds
the number line, place and date, document type and summary, the preamble and its legal bases,
Roman-numeral sections with numbered, lettered and dash items, the closing sentence, the
recipients (Nơi nhận) and the signature. For a communication plan it also reads purposes,
requirements, content themes, channel lines and assignments; for any other document it keeps
what is there and says what is missing.

Matching unit names against the registry is a separate step (`resolution.py`).
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hangviet.core.text import fold, nfc
from hangviet.plans.blocks import (
    _BULLET,
    _ROMAN,
    _RULE,
    Block,
    Item,
    Section,
    _blocks,
    _items,
    _join,
    _subsections,
)
from hangviet.plans.citations import (
    LEGAL_KINDS,
    LegalRef,
    _complete,
    _is_upper,
    _kind_of,
    _reading_text,
    parse_legal_bases,
    reference_key,
)
from hangviet.plans.duties import (
    CHANNEL_PHRASES,
    GROUP_PHRASES,
    Assignment,
    ChannelLine,
    Mention,
    Obligation,
    Recipient,
    _assign,
    _unit_led,
    cadences_in,
    channels_in,
    mentions_in,
    parse_obligation,
    split_assignee,
)
from hangviet.plans.header import (
    _AUTHORITY,
    _ESCAPED_BREAK,
    _MOTTO,
    _NUMBER,
    _PLACE_DATE,
    DOC_TYPES,
    HEADER_LINES,
    TYPE_CODES,
    _header_like,
    _header_lines,
    _issuer_cells,
    _motto_part,
    _portal_particulars,
    _shared_header_line,
    _titled_number,
    _type_of,
    _unwrap_header,
)
from hangviet.plans.prose import _addressees, _free_text_tasks, addressees_given_work

__all__ = [
    "Assignment",
    "Block",
    "CHANNEL_PHRASES",
    "ChannelLine",
    "DOC_TYPES",
    "GROUP_PHRASES",
    "HEADER_LINES",
    "Item",
    "LEGAL_KINDS",
    "LegalRef",
    "Mention",
    "Obligation",
    "ParsedPlan",
    "Recipient",
    "Section",
    "TYPE_CODES",
    "cadences_in",
    "channels_in",
    "mentions_in",
    "missing_parts",
    "parse_legal_bases",
    "parse_lines",
    "parse_obligation",
    "reference_key",
    "split_assignee",
]


@dataclass
class ParsedPlan:
    doc_type: str = ""
    doc_type_name: str = ""
    number: str = ""
    symbol: str = ""
    joiner: str = (
        "/"  # between number and symbol: "-" in "35-KH/TU", "09-CT", " " in "2291 TM/XTTM"
    )
    issuer_abbreviation: str = ""
    parent_body: str = ""
    issuer_name: str = ""
    place: str = ""
    day: int | None = None
    month: int | None = None
    year: int | None = None
    summary: str = ""
    preamble: list[str] = field(default_factory=list)
    legal_bases: list[LegalRef] = field(default_factory=list)
    # every document the text cites, wherever (the legal bases first)
    citations: list[LegalRef] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    themes: list[Item] = field(default_factory=list)
    channel_lines: list[ChannelLine] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    # sentences that give a body work in words the reader could not turn into duties
    unread_duties: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    recipients: list[Recipient] = field(default_factory=list)
    archive: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    issuer_unit_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def issued_on(self) -> date | None:
        """Return the date the plan speaks for (the 1st when the day is left blank)."""
        if not self.year:
            return None
        try:
            return date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            return None

    @property
    def own_reference(self) -> str:
        """The document's own number and symbol as written: "215/KH-UBND", "35-KH/TU"."""
        return f"{self.number}{self.joiner}{self.symbol}" if self.number else self.symbol

    @property
    def recognised(self) -> bool:
        return bool(self.doc_type_name or self.sections)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        data["recipient_lines"] = [
            f"{r.text} ({r.purpose})" if r.purpose else r.text for r in self.recipients
        ] + ([f"Lưu: {self.archive}"] if self.archive else [])
        return data

    @property
    def unresolved(self) -> list[Mention]:
        found = [m for a in self.assignments for m in a.mentions if not m.resolved]
        for o in self.obligations:
            found.extend(m for m in (o.recipient, o.via) if m is not None and not m.resolved)
        return found


_LOOKALIKES = str.maketrans({"⁄": "/", "∕": "/"})


def parse_lines(raw_lines: list[str]) -> ParsedPlan:
    """Return the structure of the document whose lines are given."""
    plan = ParsedPlan()
    lines = []
    for raw in raw_lines:
        # Some portals serve text with its line breaks escaped ("…1896/QĐ-TTg\\r\\nngày…"):
        # they are line breaks.
        for line in _ESCAPED_BREAK.split(raw):
            # A header table pasted from a web page arrives as one line: "BỘ CÔNG THƯƠNG |
            # CỘNG HÒA … | Số: 24/CT-TTg ------ Hà Nội, ngày …": its cells are lines of their own.
            # (Pages write "QÐ" with the Icelandic eth for Đ, and "2453⁄KH-UBND" with a
            # fraction or division slash for "/".)
            line = nfc(line).replace("Ð", "Đ").replace("ð", "đ").translate(_LOOKALIKES)
            for cell in re.split(r"\s+\|\s*|\s*\|\s+|\s*-{3,}\s*", line):
                lines.extend(_shared_header_line(cell.strip()))
    lines = _unwrap_header(lines)
    # --- Tail: recipients and signature -----------------------------------------------------
    recip_at = next((i for i, ln in enumerate(lines) if fold(ln).startswith("noi nhan")), None)
    body_end = recip_at if recip_at is not None else len(lines)
    # --- Header ------------------------------------------------------------------------------
    type_at = next((i for i, ln in enumerate(lines[:body_end]) if _type_of(ln)), None)
    if type_at is not None and not any(_NUMBER.match(ln) for ln in lines[:type_at]):
        # a portal printed the title ("THÔNG BÁO", "V/v …") above the document's own header:
        # the type line is the one after the "Số:" line
        numbered = next(
            (
                i
                for i in range(type_at + 1, min(body_end, type_at + HEADER_LINES))
                if _NUMBER.match(lines[i])
            ),
            None,
        )
        if numbered is not None:
            type_at = next(
                (
                    i
                    for i in range(numbered + 1, min(body_end, numbered + HEADER_LINES))
                    if _type_of(lines[i])
                ),
                type_at,
            )
    header_end = type_at if type_at is not None else 0
    caps: list[str] = []
    number_seen = False
    number_kind = ""
    for ln in lines[:header_end] if type_at is not None else _header_lines(lines):
        if not ln or _RULE.match(ln):
            continue
        key = fold(ln)
        if m := _NUMBER.match(ln):
            number_seen = True
            plan.number = m.group("pn") or m.group("sn") or m.group("n")
            plan.joiner = "-" if m.group("pn") else " " if m.group("sn") else "/"
            number_kind = (m.group("kind") or "").upper()
            symbol = re.sub(r"\s+", "", m.group("s")).replace("–", "-").rstrip(".")
            plan.symbol = symbol
            head = symbol.split("-", 1)[0]
            if head.lower() in TYPE_CODES and "-" in symbol:
                plan.doc_type = TYPE_CODES[head.lower()][0]
                plan.issuer_abbreviation = symbol.split("-", 1)[1].split("-")[0]
            else:
                plan.issuer_abbreviation = symbol.split("-")[0]
        elif m := _PLACE_DATE.match(ln):
            plan.place = m.group("place").strip()
            plan.day = int(m.group("d")) if m.group("d") else None
            plan.month = int(m.group("m")) if m.group("m") else None
            plan.year = int(m.group("y"))
        elif key.startswith(_MOTTO) or _motto_part(key):
            continue
        elif key.startswith(("v/v", "v.v ", "ve viec")) and not plan.summary:
            plan.summary = ln  # an official letter's subject
        elif _type_of(ln):
            continue  # the title a portal printed above the header
        elif _is_upper(ln) and not number_seen:
            # the issuer's cell stands before "Số:" however the table was flattened; what
            # comes after it and before the type is a title or the authority line
            caps.append(ln)
    if not plan.symbol:
        _titled_number(plan, lines)
    if not plan.symbol or not plan.year:
        # the page's particulars, also for a header it cut before its date
        _portal_particulars(plan, lines)
    if caps and (type_at is not None or number_seen):
        # without a type line, only a header with its "Số:" line says who issued it
        plan.parent_body, plan.issuer_name = _issuer_cells(caps)
    # --- Type and summary ----------------------------------------------------------------------
    body_start = 0
    if type_at is not None:
        plan.doc_type, plan.doc_type_name = _type_of(lines[type_at]) or ("", "")
        if not plan.doc_type and plan.symbol:
            plan.doc_type = TYPE_CODES.get(plan.symbol.split("-")[0].lower(), ("", ""))[0]
        summary: list[str] = []
        i = type_at + 1
        while i < body_end and not lines[i]:
            i += 1
        while i < body_end and lines[i] and len(summary) < 4:
            ln = lines[i]
            key = fold(ln)
            if (
                _RULE.match(ln)
                or len(ln) > 160
                or key.startswith(
                    ("can cu", "thuc hien", "kinh gui", "theo de nghi", "xet de nghi")
                )
                or _ROMAN.match(ln)
                or re.match(r"^Điều\s+\d", ln)
                or _type_of(ln)
                or (_is_upper(ln) and _AUTHORITY.match(ln))
                or (plan.issuer_name and fold(ln) == fold(plan.issuer_name))
            ):
                break
            summary.append(ln)
            i += 1
        plan.summary = _join(summary)
        body_start = i
        # a header cut short ("ỦY BAN NHÂN DÂN") is completed by the authority line under the
        # title ("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")
        for ln in lines[: min(body_end, type_at + 10)]:
            if (
                plan.issuer_name
                and _is_upper(ln)
                and _AUTHORITY.match(ln)
                and fold(ln).startswith(fold(plan.issuer_name) + " ")
            ):
                plan.issuer_name = ln
                break
    elif plan.symbol:
        # no type line: the number line ("Nghị quyết số: …") or the symbol's code names the
        # kind (24/CT-TTg a directive, 09/2019/NĐ-CP a decree); a symbol without one
        # (238/UBND-KGVX) is an official letter
        kind = _kind_of(plan.symbol)
        plan.doc_type_name = number_kind or (
            kind.upper() if kind and kind != "Văn bản" else "CÔNG VĂN"
        )
    # --- Body: preamble, sections, closing ---------------------------------------------------
    sections: list[tuple[str, str, list[str]]] = []
    preamble: list[str] = []
    closing: list[str] = []
    for ln in lines[body_start:body_end]:
        if not ln:
            continue
        if fold(ln).startswith(("tren day la", "tren day ")):
            closing.append(ln)
            continue
        if closing:
            closing.append(ln)
            continue
        m = _ROMAN.match(ln)
        if m and _is_upper(m.group("t")):
            sections.append((m.group("n"), m.group("t").strip(), []))
        elif sections:
            sections[-1][2].append(ln)
        elif not _RULE.match(ln) and fold(ln) not in ("",) and not _NUMBER.match(ln):
            preamble.append(ln)
    plan.preamble = preamble
    plan.closing = _join(closing)
    own = plan.own_reference
    plan.legal_bases = parse_legal_bases(_reading_text(preamble), own=own)
    # citations are read in the whole text: a decision's "Căn cứ" lines come before its type
    everything = parse_legal_bases(_reading_text(lines), own=own)
    known = {reference_key(r.reference): r for r in plan.legal_bases}
    for r in everything:
        if reference_key(r.reference) in known:
            _complete(known[reference_key(r.reference)], r)
    plan.citations = plan.legal_bases + [
        r for r in everything if reference_key(r.reference) not in known
    ]
    for number, heading, body in sections:
        blocks = _blocks(body)
        plan.sections.append(Section(number, heading, blocks))
        _read_section(plan, heading, blocks)
    after_addressees = _addressees(plan, lines, body_end)
    if not plan.assignments:
        # a letter, a notice, a plan whose duties are written as prose (never its header)
        start = max(body_start, after_addressees)
        _free_text_tasks(plan, [ln for ln in lines[start:body_end] if not _header_like(ln)])
    _read_tail(plan, lines, recip_at)
    addressees_given_work(plan)
    _check(plan)
    return plan


def _read_section(plan: ParsedPlan, heading: str, blocks: list[Block]) -> None:
    key = fold(heading)
    subs = _subsections(blocks)
    if "muc dich" in key or "yeu cau" in key:
        for sub_heading, sub_blocks in subs:
            sub_key = fold(sub_heading)
            texts = [b.text for b in sub_blocks]
            if "muc dich" in sub_key or (not sub_heading and "muc dich" in key):
                plan.purposes.extend(texts)
            elif "yeu cau" in sub_key:
                plan.requirements.extend(texts)
    elif "nhiem vu" in key and _unit_led(blocks):
        _assign(plan, blocks)
    elif "noi dung" in key or "hinh thuc" in key or "nhiem vu" in key:
        for sub_heading, sub_blocks in subs:
            sub_key = fold(sub_heading)
            if "hinh thuc" in sub_key or (
                not sub_heading and "hinh thuc" in key and "noi dung" not in key
            ):
                plan.channel_lines.extend(
                    ChannelLine(item.text, channels_in(item.text)) for item in _items(sub_blocks)
                )
            elif "noi dung" in sub_key or "nhiem vu" in sub_key or not sub_heading:
                plan.themes.extend(_items(sub_blocks))
    elif "to chuc thuc hien" in key or "phan cong" in key or "trach nhiem" in key:
        _assign(plan, blocks)


def _read_tail(plan: ParsedPlan, lines: list[str], recip_at: int | None) -> None:
    if recip_at is None:
        tail = [ln for ln in lines[-8:] if ln]
    else:
        first = lines[recip_at]
        after_colon = first.split(":", 1)[1].strip() if ":" in first else ""
        tail_lines = ([after_colon] if after_colon else []) + lines[recip_at + 1 :]
        tail = []
        for ln in tail_lines:
            if not ln:
                continue
            if m := _BULLET.match(ln):
                text = m.group("t").strip().rstrip(";.")
                if fold(text).startswith("luu"):
                    plan.archive = text.split(":", 1)[1].strip() if ":" in text else ""
                    continue
                purpose = ""
                if pm := re.search(r"\(([^)]*(?:b/c|t/h|p/h|đ/b|biết|thực hiện)[^)]*)\)\s*$", text):
                    purpose = pm.group(1)
                    text = text[: pm.start()].strip()
                plan.recipients.append(Recipient(text, purpose, Mention(text=text)))
            else:
                tail.append(ln)
    # Signature: capitalised authority/title lines, then the signer's name. A heading or a
    # title in capitals at the end of a pasted page is neither.
    titles = [
        ln
        for ln in tail
        if _is_upper(ln) and not fold(ln).startswith("noi nhan") and _SIGNER_LINE.match(ln)
    ]
    names = [
        ln
        for ln in tail
        if not _is_upper(ln)
        and not ln.startswith("(")
        and 2 <= len(ln.split()) <= 6
        and all(w[:1].isupper() for w in ln.split())
        and not _BULLET.match(ln)
    ]
    if titles:
        if len(titles) >= 2 and re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-2]):
            plan.signer_authority = titles[-2]
        elif re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-1]):
            plan.signer_authority = titles[-1]
        plan.signer_title = titles[-1] if not re.match(r"^(KT|TM|TL|TUQ|Q)\.", titles[-1]) else ""
    if names and (recip_at is not None or titles):
        plan.signer_name = names[-1]


# The lines of a signature block (Nghị định 30, Phụ lục I): the authority ("TM. ỦY BAN NHÂN
# DÂN", "KT. CHỦ TỊCH") and the signer's position ("PHÓ CHỦ TỊCH", "GIÁM ĐỐC", "BÍ THƯ"); a
# body's name alone is neither.
_SIGNER_LINE = re.compile(
    r"^(?:(?:KT|TM|TL|TUQ|Q)\.\s*\S|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|TRƯỞNG\b|"
    r"BÍ THƯ|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CỤC TRƯỞNG|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|"
    r"TỔNG BIÊN TẬP|THỦ TRƯỞNG|CHỦ NHIỆM|HIỆU TRƯỞNG|TRƯỞNG PHÒNG|TRƯỞNG BAN)\b)"
)


def missing_parts(plan: ParsedPlan) -> list[str]:
    """What a complete plan would have that this document lacks."""
    checks = [
        (plan.symbol, _("number and symbol (Số: …/KH-…)")),
        (plan.place and plan.year, _("place and date")),
        (plan.doc_type_name, _("document type (KẾ HOẠCH, BÁO CÁO …)")),
        (plan.summary, _("summary line (trích yếu)")),
        (plan.legal_bases, _("legal bases")),
        (plan.purposes, _("purposes (Mục đích)")),
        (plan.requirements, _("requirements (Yêu cầu)")),
        (plan.themes, _("content themes (Nội dung)")),
        (plan.channel_lines, _("communication forms (Hình thức)")),
        (plan.assignments, _("assignments (Tổ chức thực hiện)")),
        (plan.recipients, _("recipients (Nơi nhận)")),
        (plan.signer_name, _("signer")),
    ]
    return [str(label) for present, label in checks if not present]


def _check(plan: ParsedPlan) -> None:
    """Say what a complete plan would have that this document lacks."""
    plan.missing = missing_parts(plan)
    if plan.unread_duties:
        plan.warnings.append(
            _(
                "These sentences seem to give work, but no unit and duty could be read from "
                "them; add the duties by hand: %(s)s"
            )
            % {"s": " / ".join(f"“{s}”" for s in plan.unread_duties)}
        )
    if plan.number == "" and plan.symbol:
        plan.warnings.append(_("The document number is blank: it is given at issuance."))
    if plan.year and not plan.day:
        plan.warnings.append(_("The day of the date is blank: it is given at issuance."))
    for theme in plan.themes:
        count = re.search(r"\b0?(\d)\s+nhiệm vụ trọng tâm", theme.text)
        if count and not theme.children:
            plan.warnings.append(
                _(
                    "A content line names %(n)s key tasks without listing them; add them as "
                    "sub-items of that theme."
                )
                % {"n": count.group(1)}
            )
