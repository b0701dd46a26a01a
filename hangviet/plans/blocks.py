"""The body of a document as blocks: Roman-numeral sections, numbered, lettered and dash
items (part of the document reader, `parsing`)."""

import re
from dataclasses import dataclass, field

_ROMAN = re.compile(r"^(?P<n>[IVX]{1,5})\s*[.)]\s*(?P<t>.+)$")


_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.)]\s*(?P<t>.*)$")


_SUBNUMBERED = re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?\s+(?P<t>.*)$")


_LETTERED = re.compile(r"^(?P<n>[a-zđ])\s*\)\s*(?P<t>.*)$")


_BULLET = re.compile(r"^[-–—•+*]\s*(?P<t>.*)$")


_RULE = re.compile(r"^[_\-–—=.\s]{3,}$")


@dataclass
class Item:
    text: str
    children: list["Item"] = field(default_factory=list)


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "numbered", "lettered", "bullet"
    text: str
    number: str = ""


@dataclass
class Section:
    number: str
    heading: str
    blocks: list[Block]


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def _blocks(lines: list[str]) -> list[Block]:
    """Return the blocks of a section body: headings, numbered, lettered, bullets, paragraphs."""
    blocks: list[Block] = []
    for i, line in enumerate(lines):
        if not line or _RULE.match(line):
            continue
        if m := _SUBNUMBERED.match(line):
            blocks.append(Block("heading", m.group("t").strip(), m.group("n")))
        elif m := _NUMBERED.match(line):
            body = m.group("t").strip()
            nxt = next((ln for ln in lines[i + 1 :] if ln), "")
            is_heading = (
                len(body) <= 80 and not body.endswith((".", ";", ":")) and not _NUMBERED.match(nxt)
            ) or (len(body) <= 80 and body.endswith(":"))
            blocks.append(
                Block("heading" if is_heading else "numbered", body.rstrip(":"), m.group("n"))
            )
        elif m := _LETTERED.match(line):
            blocks.append(Block("lettered", m.group("t").strip(), m.group("n")))
        elif m := _BULLET.match(line):
            blocks.append(Block("bullet", m.group("t").strip()))
        else:
            blocks.append(Block("paragraph", line))
    return blocks


def _subsections(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    out: list[tuple[str, list[Block]]] = [("", [])]
    for block in blocks:
        if block.kind == "heading":
            out.append((block.text, []))
        else:
            out[-1][1].append(block)
    return [(h, b) for h, b in out if h or b]


def _items(blocks: list[Block]) -> list[Item]:
    """Return list items: bullets, numbers or paragraphs, with lettered/+ items as children."""
    items: list[Item] = []
    top_kinds = {b.kind for b in blocks} & {"bullet", "numbered"}
    for block in blocks:
        if block.kind == "lettered" and items and top_kinds:
            items[-1].children.append(Item(block.text))
        else:
            items.append(Item(block.text))
    return items
