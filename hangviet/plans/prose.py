"""Duties written as prose: sentences of a letter, a notice or a news item that give a body
work ("giao / đề nghị / yêu cầu X, Y … thực hiện"), task lists copied with each unit on a line
of its own, a decision's closing article, a letter's "Kính gửi:" list — and the sentences that
seem to give work but could not be read (part of the document reader, `parsing`)."""

import re
from typing import TYPE_CHECKING

from hangviet.core.text import fold, fold_same_length
from hangviet.plans.blocks import _BULLET
from hangviet.plans.duties import (
    _DONE,
    _HEAD_WORDS,
    _LEAD_IN,
    _MODALS,
    _UNIT_FIRST,
    _VERB,
    Assignment,
    Mention,
    Recipient,
    _deadline_in,
    _verb_in,
    channels_in,
    mentions_in,
    parse_obligation,
    split_assignee,
)
from hangviet.plans.header import HEADER_LINES

if TYPE_CHECKING:
    from hangviet.plans.parsing import ParsedPlan

# A task in free text (an official letter, a notice, a news item about a document): a
# sentence giving a duty to a unit — "Giao Sở Công Thương chủ trì …", "Đề nghị UBND các xã …",
# "Chủ tịch UBND tỉnh yêu cầu Giám đốc Sở … phối hợp …" — with its deadline when it has one,
# in the sentence or in the one after ("Trình UBND tỉnh trước ngày 10/8/2018 …").
_TASK_OPENER = re.compile(
    r"(?:^|(?<=\s))(?:giao(?:\s+(?:nhiệm\s+vụ|chỉ\s+tiêu|trách\s+nhiệm)(?:\s+cụ\s+thể)?)?|"
    r"đề nghị|yêu cầu|"
    r"kính gửi|"
    # "ban hành công văn số 71-CV/HNDT gửi Ban Thường vụ …; Ngân hàng … tuyên truyền …"
    r"(?<=(?-i:[0-9A-ZĐ])\s)gửi|"
    # "văn bản chỉ đạo thủ trưởng các sở, ngành …"
    r"(?<=văn bản )chỉ đạo|(?<=công văn )chỉ đạo|"
    # "công văn gửi tới các Bộ, ngành … đề nghị …"
    r"(?<=văn bản )gửi(?=\s+(?:tới|đến|cho)\s)|(?<=công văn )gửi(?=\s+(?:tới|đến|cho)\s)|"
    r"(?<=công điện )gửi(?=\s+(?:tới|đến|cho)\s)|"
    # "đã có văn bản hỏa tốc gửi các sở công thương …"
    r"(?<=hỏa tốc )gửi|(?<=hoả tốc )gửi|"
    # "UBND TP.HCM đã có văn bản gửi Sở Tài chính, yêu cầu …"
    r"(?<=văn bản )gửi(?=\s+(?-i:[A-ZĐ]))|"
    # "phân công trực tiếp đến các cấp ủy …"
    r"phân công(?:\s+(?:trực tiếp|cụ thể))?(?=\s+(?:cho|đến|tới)\s)|"
    # "chỉ đạo của UBND tỉnh đối với các sở …", "chỉ đạo cho Cục …"; a leader's "chỉ đạo":
    # see _LEADER
    r"chỉ đạo(?=\s+(?:của|đối với|cho|tới|đến)\s))"
    r"(?:\s+(?:của\s+[^,.;]{3,80}?\s+)?(?:đối với|cho|với|tới|đến))?(?:\s*:)?\s+(?=\S)",
    re.I,
)


# A person who leads: what he or she "chỉ đạo" is work given to the bodies named next ("Phó
# Chủ tịch UBND tỉnh Nguyễn Văn A chỉ đạo các sở, ngành …"); a body's "chỉ đạo" is its own
# duty to direct others, read with the body as assignee.
_LEADER = re.compile(
    r"(?:\b(?:chủ tịch|thủ tướng|bộ trưởng|bí thư|đồng chí|lãnh đạo tỉnh|trưởng ban)\b|"
    # a person ("Ông Lê Hoàng Quân chỉ đạo …"), not a place ("tỉnh Bà Rịa - Vũng Tàu")
    r"(?<!tỉnh )(?<!huyện )(?<!phố )(?<!xã )(?<!phường )(?<!chợ )(?<!cầu )"
    r"\b(?-i:Ông|Bà)\s+(?-i:[A-ZĐ]))[^.;]{0,80}?"
    r"\s(chỉ đạo)\s+(?=\S)",
    re.I,
)
# A place named as the government that directs: "Cụ thể, tỉnh đã chỉ đạo Cục …", "tỉnh Nghệ An
# đã chỉ đạo các công ty …", "Thành phố chỉ đạo các quận …" — the bodies named next are given
# the work.
_PLACE_LEADER = re.compile(
    r"(?:^(?:tỉnh|thành phố|huyện|thị xã)|(?:^|(?<=[,:]\s))(?:tỉnh|thành phố|huyện|thị xã)"
    # after a comma, named ("tỉnh Nghệ An") or said to have done it ("tỉnh đã …"), not the
    # last of a list ("UBND các huyện, thành phố chỉ đạo …")
    r"(?:(?:\s+(?-i:[A-ZĐ])\S*){1,3}|(?=\s+(?:đã|cũng|vừa|tiếp tục)\s)))"
    r"(?:\s+(?:đã|cũng|vừa|tiếp tục))*\s(chỉ đạo)\s+(?=\S)",
    re.I,
)

# Who a letter's "đề nghị Quý cơ quan …" means: its addressees ("Kính gửi: …").
_ADDRESSEES_WORD = re.compile(
    r"^(?:quy co quan|quy don vi|quy co quan, don vi|cac don vi|cac co quan|cac dong chi|"
    r"don vi|co quan)\b"
)


# A list of bodies may run over a semicolon ("Các sở, ban, ngành; Hiệp hội Doanh nghiệp tỉnh
# tiếp tục …"): a sentence ends at a full stop.
# ("Điều 3. Chánh Văn phòng …": an article's number is not a sentence.)
# ("TP. Kon Tum", "TX. Sơn Tây", "TT. Cái Tàu Hạ": an abbreviated place is not a sentence.)
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!Điều \d\.)(?<!Điều \d\d\.)(?<!\bTP\.)(?<!\bTX\.)(?<!\bTT\.)"
    r"\s+(?=[A-ZĐÀ-Ỹ(\"“])"
)


# What someone said, after "cho biết:", is a sentence of its own ("Ông A, Phó Giám đốc Sở …,
# cho biết: Thực hiện Chỉ thị …, Sở đã chỉ đạo các địa phương …").
_QUOTED = re.compile(
    r"\b((?:cho biết|nhấn mạnh|khẳng định|thông tin|chia sẻ|phát biểu|yêu cầu rõ)\s*:)\s+"
    r"(?=[A-ZĐ])"
)


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; a piece that goes on in lower case after "…" or a full stop
    ("khu công nghiệp… để thống kê …") is the same sentence (À-Ỹ spans both cases)."""
    sentences: list[str] = []
    pieces = [
        piece
        for said in _QUOTED.sub("\\1\n", paragraph).split("\n")
        for piece in _SENTENCE_END.split(said)
    ]
    for piece in pieces:
        if sentences and piece[:1].islower():
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def _free_text_tasks(plan: "ParsedPlan", lines: list[str]) -> None:
    """Read duties from a text without a "Tổ chức thực hiện" section."""
    if plan.assignments:
        return
    paragraphs = _paragraphs(lines)
    paragraphs = _unit_headed(plan, paragraphs)
    sentences = [sentence for paragraph in paragraphs for sentence in _sentences(paragraph)]
    issuer = fold(plan.issuer_name)
    for i, sentence in enumerate(sentences):
        for found in _tasks_in(sentence):
            _add_task(plan, found, sentences, i, issuer)
    if not plan.assignments:
        plan.unread_duties = [_clip(s) for s in sentences if gives_work(s)][:5]


# A sentence that gives a public body work, in words the duty grammar may not know: a directing
# verb before a body ("chỉ đạo các lực lượng chức năng …", "giao cho Đoàn kiểm tra …"), or a body
# before a word of obligation ("UBND các xã cần / phải / có trách nhiệm …").
# A place named as the body that governs it, when it is the one directed: "yêu cầu thành phố
# tiếp tục …", "đề nghị các tỉnh …" (its words as written: "thành phố", not "thành phần").
_PLACE_BODY = r"(?:cac )?(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)(?= \S)"
_PLACE_SPELLING = {
    "cac": "các",
    "tinh": "tỉnh",
    "thanh": "thành",
    "pho": "phố",
    "huyen": "huyện",
    "quan": "quận",
    "thi": "thị",
    "xa": "xã",
    "phuong": "phường",
    "tran": "trấn",
}
_DIRECTING = re.compile(
    # "theo đề nghị của …", "xét đề nghị của …": a proposal, not a request to act
    r"(?<!\bban )(?<!\bbch )\b(?:giao(?: cho| nhiem vu cho| trach nhiem cho)?|"
    r"de nghi(?! cua\b)|yeu cau(?! cua\b)|"
    r"chi dao|phan cong|don doc|keu goi|huy dong|uy quyen|uy nhiem)\s+"
    rf"(?:\S+\s+){{0,3}}?(?:(?P<head>{_HEAD_WORDS})|(?P<place>{_PLACE_BODY}))\b"
)
_SENT_ASKING = re.compile(
    rf"\bgui\s+(?:toi\s+|den\s+|cho\s+)?(?:\S+\s+){{0,3}}?(?P<head>{_HEAD_WORDS})\b"
    r"(?=[^.;]*\b(?:de nghi|yeu cau)\b)"
)
_OBLIGED = re.compile(
    rf"\b(?P<head>{_HEAD_WORDS})\b(?:\s+\S+){{0,10}}?\s+(?:can|phai|can phai|co trach nhiem|"
    r"chiu trach nhiem|duoc giao|co nhiem vu|khan truong|chu tri|tham muu cho)\b"
)
# Words of a body that fold like other words: "các số ISBN" is not "các sở", "bạn đọc" not a
# "ban"; the word as written must be the body's.
_BODY_SPELLING = {
    "so": "sở",
    "ban": "ban",
    "bo": "bộ",
    "hoi": "hội",
    "cuc": "cục",
    "dai": "đài",
    "bao": "báo",
    "phong": "phòng",
    "ho": "hộ",
    "to": "tổ",
    "can": "cán",  # "cán bộ", not "Cần bổ sung …"
    "cap": "cấp",
    "doan": "đoàn",
    "truong": "trường",
}


def _spelt_as_body(
    sentence: str, start: int, end: int, spelling: dict[str, str] = _BODY_SPELLING
) -> bool:
    if sentence[start:end].lower() == "các":  # and the group's word after it ("các sở")
        end += len(sentence[end:]) - len(sentence[end:].lstrip())
        end += len(sentence[end:].split(maxsplit=1)[0]) if sentence[end:].strip() else 0
    folded = fold_same_length(sentence[start:end]).split()
    written = sentence[start:end].lower().split()
    return all(spelling.get(f, w) == w for f, w in zip(folded, written, strict=True))


def _misspelt(body: str) -> bool:
    """Whether the word a body would begin with is written as another word ("Bạn cũng có thể
    …" is not a "ban", "Số liệu …" not a "sở")."""
    words = body.split(maxsplit=2)
    first = words[1] if len(words) > 1 and words[0].lower() == "các" else words[0] if words else ""
    first = first.strip('“"(').lower()
    key = fold(first)
    return key in _BODY_SPELLING and first not in {_BODY_SPELLING[key], *_ALSO_SPELT.get(key, ())}


# Heads of bodies that fold like a body's word: "Trưởng Công an quận 7", "Đại học …".
_ALSO_SPELT = {"truong": ("trưởng",), "dai": ("đại",)}


def gives_work(sentence: str) -> bool:
    """Whether a sentence gives a public body work: a body directed to act, also as news
    reports it ("… đã yêu cầu thành phố tiếp tục …"), or a body bound to act — not what a body
    did ("UBND xã đã chủ trì …"); a capitalised verb inside a sentence is a name ("Ban Chỉ
    đạo")."""
    folded = fold_same_length(sentence)
    for found in (
        *_DIRECTING.finditer(folded),
        *_SENT_ASKING.finditer(folded),
        *_OBLIGED.finditer(folded),
    ):
        directing = found.re is not _OBLIGED
        at = found.start() if directing else found.end() - 1
        if directing and at > 0 and sentence[at].isupper():
            continue
        if found["head"] is not None:
            if not _spelt_as_body(sentence, found.start("head"), found.end("head")):
                continue
        elif not _spelt_as_body(
            sentence, found.start("place"), found.end("place"), _PLACE_SPELLING
        ):
            continue
        if directing or not _DONE.search(folded[max(0, at - 20) : at]):
            return True
    return False


def _clip(sentence: str, most: int = 240) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= most else sentence[: most - 1].rstrip() + "…"


def _tasks_in(sentence: str) -> list[tuple[str, str, str, list[Mention]]]:
    """The tasks of a sentence: its first, and one for each later clause after a semicolon
    that gives its own body its own duty ("…; Ban Tổ chức Huyện ủy tham mưu …; Ủy ban kiểm tra
    Huyện ủy theo dõi …") — not the clauses of a list of bodies the first task names."""
    tasks = []
    found = _task_in(sentence)
    if found:
        tasks.append(found)
    covered = sentence.find(found[1]) + len(found[1]) if found else 0
    at = 0
    for clause in sentence.split(";"):
        start, at = at, at + len(clause) + 1
        if start == 0 or start < covered or not clause.strip():
            continue
        more = _task_in(clause.strip())
        if more and all(fold(more[1]) != fold(t[1]) for t in tasks):
            tasks.append(more)
            covered = start + clause.find(more[1]) + len(more[1])
    return tasks


def _add_task(
    plan: "ParsedPlan",
    found: tuple[str, str, str, list[Mention]],
    sentences: list[str],
    i: int,
    issuer: str,
) -> None:
    task, assignee, directed, mentions = found
    if issuer and fold(assignee) == issuer:
        return  # what the issuer itself does in this text ("Sở Công Thương gửi …")
    addressed = [r for r in plan.recipients if r.addressed]
    if addressed and _ADDRESSEES_WORD.match(fold(assignee)):
        # "đề nghị Quý cơ quan / các đơn vị …": the letter's addressees, named
        mentions = [r.mention for r in addressed]
        assignee = "; ".join(r.text for r in addressed)
    for r in addressed:
        # "1. Các bộ, cơ quan liên quan …" in a letter "Kính gửi: Các Bộ: Y tế, Công Thương …":
        # the ministries it is addressed to
        family = re.match(r"cac (bo|so|ban|nganh|tinh)\b", fold(r.text))
        if family and any(fold(m.text) == f"cac {family[1]}" for m in mentions):
            known = {fold(m.text) for m in mentions}
            mentions = [
                *mentions,
                *(m for m in mentions_in(r.text) if fold(m.text) not in known),
            ]
    if task.rstrip().endswith(":") and re.search(r"\bsau(?: day)?$", fold(assignee)):
        # "đề nghị các đơn vị sau …:" — the bodies are the items under it
        listed = []
        for item in sentences[i + 1 :]:
            name = re.sub(r"^[-–—•+*]\s*|^\d{1,2}[.)]\s*", "", item).strip(" ;.,")
            if not (item[:1] in "-–—•+*" or re.match(r"\d{1,2}[.)]", item)):
                break
            if _UNIT_FIRST.match(fold(name)) and len(name) <= 160:
                listed.append(name)
        if listed:
            assignee = "; ".join(listed)
            mentions = [m for name in listed for m in mentions_in(name)]
            task = " ".join([task, *listed])
    if (partners := _PARTNERS.search(fold_same_length(task))) and _UNIT_FIRST.match(
        fold(partners.group(1))
    ):
        mentions = [*mentions, *mentions_in(task[partners.start(1) : partners.end(1)])]
    folded_task = fold_same_length(task)
    # the partners of the body given work, named after it (not those of a body reported on),
    # up to a clause that names a body of its own ("…; Sở Tài chính phối hợp Công an tỉnh …")
    since = task.find(assignee)
    until = len(task)
    for part in re.finditer(r";\s*([^;]+)", task[max(0, since) :]):
        if _UNIT_FIRST.match(fold(part.group(1))):
            until = max(0, since) + part.start()
            break
    for joined in _WORKS_WITH.finditer(folded_task, max(0, since), until) if since >= 0 else ():
        # "… chủ trì, phối hợp với Bưu điện tỉnh tổ chức cung ứng …": the partner's part
        clause = task[joined.end() :].split(";")[0].split(".")[0]
        if not _UNIT_FIRST.match(fold(clause)):
            continue
        partner, _directed = split_assignee(clause)
        if len(partner) <= 160 and _bodies(partner):
            known = {fold(m.text) for m in mentions}
            mentions += [m for m in mentions_in(partner) if fold(m.text) not in known]
    deadline = _deadline_in(task)
    following = sentences[i + 1] if i + 1 < len(sentences) else ""
    if deadline is None and following and _task_in(following) is None:
        deadline = _deadline_in(following)
        if deadline:
            task = f"{task} {following.strip()}"
    _record(plan, task, assignee, directed, mentions, deadline)


def _record(
    plan: "ParsedPlan",
    text: str,
    assignee: str,
    directed: str,
    mentions: list[Mention],
    deadline: str | None,
) -> None:
    """Add a duty read from free text, numbered in reading order, and the reporting duty it
    states, if any."""
    number = str(len(plan.assignments) + 1)
    plan.assignments.append(
        Assignment(
            number=number,
            text=text,
            assignee_text=assignee,
            directed_text=directed,
            mentions=mentions,
            channels=channels_in(text),
            deadline=deadline,
        )
    )
    if obligation := parse_obligation(number, text, mentions, deadline):
        plan.obligations.append(obligation)


# An item led by its unit on a line of its own, its duties under it ("1. Sở Công Thương:" then
# "- Chủ trì …", "- Theo dõi …"), as news and letters copy a plan's task list.
_UNIT_HEADING = re.compile(
    r"^(?:(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)]\s*|[-–—•+*]\s*)?(?P<unit>[^:]{3,160}):$"
)


def _unit_headed(plan: "ParsedPlan", paragraphs: list[str]) -> list[str]:
    """Read the items led by a unit on its own line as duties of that unit; return the
    paragraphs left for reading as prose."""
    left: list[str] = []
    i = 0
    while i < len(paragraphs):
        m = _UNIT_HEADING.match(paragraphs[i])
        unit = m["unit"].strip() if m else ""
        key = fold(unit)
        if not (m and _UNIT_FIRST.match(key) and _VERB.search(" " + key) is None and _bodies(unit)):
            left.append(paragraphs[i])
            i += 1
            continue
        duties = []
        j = i + 1
        while j < len(paragraphs) and not _UNIT_HEADING.match(paragraphs[j]):
            item = re.sub(r"^[-–—•+*]\s*", "", paragraphs[j])
            if not (paragraphs[j][:1] in "-–—•+*" or item[:1].islower()):
                break
            duties.append(item)
            j += 1
        if not any(_VERB.search(" " + fold(d)) for d in duties):
            left.append(paragraphs[i])
            i += 1
            continue
        text = f"{unit}: " + " ".join(duties)
        _record(plan, text, unit, "", mentions_in(unit), _deadline_in(text))
        i = j
    return left


# An assignee that says what someone did or said is narration, not a body given work: "Phó Chủ
# tịch … đánh giá cao", "Sở Công Thương có buổi làm việc", "UBND thành phố vừa có văn bản".
_NARRATES = re.compile(
    r"\b(?:yeu cau|de nghi|danh gia cao|co buoi|nhan duoc|xin|mong|lay y kien|co van ban|"
    # "thông báo" (announce), not "cơ quan truyền thông báo chí"
    r"co cong van|(?<!truyen )thong bao(?! chi)|cho biet|nhan manh|phat bieu|ket luan|"
    r"khang dinh|trao doi|lam viec|ban hanh|dua ra|xac nhan|cho hay|khuyen cao|"
    r"co (?:quyet dinh|chi thi|ke hoach|thong bao|huong dan))\b"
)


def _bodies(assignee: str) -> bool:
    """Whether an assignee reads as bodies (a noun phrase), not as narration."""
    return not _NARRATES.search(fold(assignee))


# A line that cannot end a paragraph, whatever case the next begins with: a list of names cut
# after its comma, a decision's article wrapped by the page ("Điều 3. Chánh Văn phòng Bộ …,
# Chánh Thanh tra" / "Bộ Công Thương, Cục trưởng …").
_RUNS_ON = re.compile(r",$|^Điều \d{1,2}\.\s")


def _paragraphs(lines: list[str]) -> list[str]:
    """The text's paragraphs: a line runs on into the next only when it does not end a
    sentence and the next goes on in lower case (a line a page wrapped); a title, a line
    ending in ":" before a list, each item of the list stand alone."""
    paragraphs: list[str] = []
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        ended = paragraphs and re.search(r"[.:;!?…]$", paragraphs[-1])
        if paragraphs and not ended and (line[0].islower() or _RUNS_ON.search(paragraphs[-1])):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return paragraphs


# A sentence that opens with its purpose.
_PURPOSE = re.compile(r"^(?:để|nhằm|với mục (?:tiêu|đích))\s", re.I)

# Words that join a sentence to the one before, without a comma: "Theo đó các sở …", "vì vậy
# các ngành …".
_CONNECTOR = re.compile(
    r"^(?:vì vậy|do đó|do vậy|theo đó|đồng thời|ngoài ra|bên cạnh đó|mặt khác|qua đó|từ đó|riêng|"
    r"trong đó|vì thế)\s+(?=\S)",
    re.I,
)

# How a decision's closing article addresses those it names: "Các Ông (Bà):", "Các ông, bà",
# "Các ông/bà".
_SALUTATION = r"(?:(?:các\s+)?ông\s*[(/,]?\s*bà\s*\)?\s*:?\s*)"

# A decision's article that names those who carry it out.
_CLOSING_ARTICLE = re.compile(
    rf"^Điều\s+\d+\.\s*{_SALUTATION}?(?=(?:Chánh Văn phòng|Giám đốc|Thủ trưởng|Chủ tịch)\b)",
    re.I,
)

# "… do Ban công tác Mặt trận chủ trì": the body after "do" leads.
_LED_BY = re.compile(r"\bdo\s+(?=\S)")
_LEADS = re.compile(r"\s(?:chu tri|phu trach|dam nhiem)\b")

# "X chủ trì và Y phối hợp": Y is given the work too.
_PARTNERS = re.compile(r"\bchu tri(?: thuc hien)?,?\s+(?:va|cung)\s+(.{3,120}?)\s+phoi hop\b")

# "phối hợp với Y": Y shares the work (a body named after it, up to what is to be done).
_WORKS_WITH = re.compile(r"\bphoi hop(?: chat che)?\s+(?:(?:voi|cung)\s+)?")

# "Đối với Sở Công Thương, UBND tỉnh yêu cầu đẩy mạnh …": the work of the body named first.
_FOR_BODY = re.compile(
    r"^(?:\d{1,2}[.)/]\s*|[-–•+]\s*)?Đối với\s+(?P<who>[^,:;]{3,120})[,:]\s+(?P<rest>.+)$"
)
_ASKS = re.compile(r"\b(?:yeu cau|de nghi|giao|chi dao)\s+(?!cac\b)")

# A scheme's particulars: "Cơ quan thực hiện: …", "Đơn vị chủ trì: …".
_PARTICULAR = re.compile(
    r"^(?:\d{1,2}[.)]\s*|[-–•+]\s*)?(?:Cơ quan|Đơn vị)\s+(?:chủ trì|thực hiện|phối hợp|"
    r"thường trực)(?:\s+thực hiện)?\s*:\s*(?P<who>\S.{2,})$"
)

# What binds a body to a rule, where no duty verb follows it: "… chỉ được hoạt động …", "…
# không được bán …", "… phải niêm yết …".
_BOUND = re.compile(r"\s(?:khong duoc|chi duoc|phai|can phai|co nghia vu|bi nghiem cam)\s")

_DIRECTING_VERBS = ("chi dao", "huong dan")

# One leader named first acts; "Chủ tịch UBND huyện … chịu trách nhiệm thi hành" is answerable.
_ONE_LEADER = re.compile(r"^chu tich (?:ubnd|uy ban nhan dan)(?! cac)")
_ANSWERS_FOR = re.compile(r"\s(?:chiu trach nhiem|co trach nhiem|thi hanh)")

# The mark of a list item before a sentence.
_ITEM_MARK = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[/.)]|[a-zđ]\)|[-–—•+*]|Điều\s+\d{1,2}\.)\s*(?=\S)"
)

# A sentence that opens with directing ("Chỉ đạo các lực lượng …", "Đồng thời, hướng dẫn …").
_DIRECTS = re.compile(
    r"^(?:cung |dong thoi |va )?(?:tang cuong |tiep tuc )?(?:chi dao|huong dan)(?: cho)?\s+"
)

# A lead-in that dates what follows reports an event: "Ngày 20/12/2023, Chủ tịch UBND tỉnh
# ban hành …", "Sáng 5/3, …".
_DATED = re.compile(
    r"^(?:(?:ngay|sang|chieu|toi|trua|dem|hom qua|vao ngay|trong (?:\S+ )?ngay|tu ngay)\b.*\d|"
    # a scene reported: "Tại đây, lực lượng …", "Qua kiểm tra, Đội …"
    r"tai day|qua (?:kiem tra|cong tac|trinh sat)\b)"
)


def _directed_bodies(directed: str) -> tuple[str, list[Mention]]:
    """The bodies a body directs, up to the first words that are what they are to do ("UBND
    các xã, phường xử lý, giải tỏa …" directs "UBND các xã, phường"), and the text naming them."""
    kept: list[Mention] = []
    for mention in mentions_in(directed):
        if not (mention.group or _UNIT_FIRST.match(fold(mention.text))):
            break
        kept.append(mention)
    if not kept:
        return directed, []
    end = directed.find(kept[-1].text)
    return (directed[: end + len(kept[-1].text)] if end >= 0 else directed), kept


def _task_in(sentence: str) -> tuple[str, str, str, list[Mention]] | None:
    """The task a sentence gives, from its first opener followed by a unit: the assignee must
    open with one ("Sở …", "UBND các xã", "Giám đốc Sở …"), which leaves out "theo đề nghị
    của …", "theo yêu cầu tại …" and "Sở Giao thông vận tải"."""
    article = _CLOSING_ARTICLE.match(sentence)
    # an item of a list in news: "1/ Các chi bộ …", "b) Sở Thương mại …", "- UBND các xã …";
    # a decision's article: "Điều 3. Chánh Văn phòng …"
    sentence = _ITEM_MARK.sub("", sentence, count=1)
    if article:
        sentence = re.sub(rf"^{_SALUTATION}", "", sentence, count=1, flags=re.I)
    openers = [
        *_TASK_OPENER.finditer(sentence),
        *_LEADER.finditer(sentence),
        *_PLACE_LEADER.finditer(sentence),
    ]
    for opener in openers:
        at = opener.start() if opener.re is _TASK_OPENER else opener.start(1)
        if opener.re is _LEADER and re.search(r"\bcác\b", sentence[opener.start() : at], re.I):
            # "Chủ tịch UBND các tỉnh … chỉ đạo …": the leaders are a group given work
            continue
        task = sentence[at:].strip()
        # (a body is named within its first 600 characters: a long sentence of many openers
        # is not read again and again to its end)
        assignee, directed = split_assignee(task[:600])
        if re.match(r"gui\b", fold(task[:4])) and assignee:
            after = fold(task[task.find(assignee) + len(assignee) :]).lstrip(" ,")
            if re.match(_GOES_UP_WORDS, after):
                continue  # "… có văn bản gửi Bộ Y tế báo cáo …": a report goes up, asking nothing
        mentions = mentions_in(assignee)
        if (
            mentions
            and len(assignee) <= 300
            and _UNIT_FIRST.match(fold(assignee))
            and _bodies(assignee)
            and not _misspelt(assignee)
        ):
            if directed and _UNIT_FIRST.match(fold(directed)):
                # "Chính phủ yêu cầu Bộ Công Thương chỉ đạo các đơn vị bảo đảm …"
                directed, more = _directed_bodies(directed)
                mentions += more
            return task, assignee, directed, mentions
    if (
        (about := _FOR_BODY.match(sentence))
        and _UNIT_FIRST.match(fold(about["who"]))
        and _ASKS.search(fold(about["rest"]))
    ):
        # "Đối với Sở Công Thương, UBND tỉnh yêu cầu đẩy mạnh …": the body named first
        return sentence.strip(), about["who"], "", mentions_in(about["who"])
    if particulars := _PARTICULAR.match(sentence.strip()):
        # "3. Cơ quan thực hiện: Sở Nông nghiệp và Phát triển nông thôn." (a decision's
        # particulars of the scheme it approves)
        who = particulars["who"].strip(" .;")
        if _UNIT_FIRST.match(fold(who)) and len(who) <= 200:
            return sentence.strip(), who, "", mentions_in(who)
    # "Các cơ quan báo chí của tỉnh có trách nhiệm …", "UBND các huyện chỉ đạo …": a sentence
    # that opens with bodies (after a short lead-in clause, if any) and a duty verb right
    # after them — not one that reports what they did ("… đã đăng tải …")
    task = sentence.strip()
    candidates = [task]
    rest = task
    dated = False
    if joined := _CONNECTOR.match(rest):
        rest = rest[joined.end() :]
        candidates.append(rest)
    for _clause in range(3):  # "Theo đó, vào tháng 10 hằng năm, Sở Công Thương chủ trì …"
        lead = _LEAD_IN.match(rest)
        if lead is None or _UNIT_FIRST.match(fold(lead.group(1))):
            break
        dated = dated or bool(_DATED.match(fold(lead.group(1))))
        rest = rest[lead.end() :]
        candidates.append(rest)
        if joined := _CONNECTOR.match(rest):  # "…, vì vậy các ngành, địa phương cần …"
            rest = rest[joined.end() :]
            candidates.append(rest)
    if purpose := _PURPOSE.match(task):
        # "Để chủ động phòng ngừa, kịp thời phát hiện, ngăn chặn vi phạm, Ban Chỉ đạo 389 tỉnh
        # chỉ đạo …": a purpose clause with commas of its own ends where a body begins
        for comma in re.finditer(r",\s+", task[purpose.end() : 300]):
            after = task[purpose.end() + comma.end() :]
            if _UNIT_FIRST.match(fold(after)) and after not in candidates:
                candidates.append(after)
                break
    for body in candidates:
        folded = fold_same_length(body)
        if lead := _DIRECTS.match(folded):
            # "Đồng thời, hướng dẫn các ngân hàng thương mại …": the subject is the sentence
            # before's, the bodies after the verb are given the work
            given = body[lead.end() :]
            if _UNIT_FIRST.match(fold(given)):
                assignee, directed = split_assignee(given)
                mentions = mentions_in(assignee)
                if mentions and len(assignee) <= 300 and _bodies(assignee):
                    return task, assignee, directed, mentions
        verb = _verb_in(folded, body)
        bound = _BOUND.search(folded[:200])
        if verb is not None and (
            bound is None or bound.start() > verb.start() or verb.group(1) in _DIRECTING_VERBS
        ):
            bound = None  # the duty verb reads the body (and whom it directs) as before
        if bound and _UNIT_FIRST.match(fold(body)) and not _misspelt(body):
            # "Thương nhân kinh doanh rượu không được bán rượu tại …": bound by a rule
            assignee = body[: bound.start()].strip(" ,")
            if not _REPORTED.search(assignee) and _bodies(assignee):
                return task, assignee, "", mentions_in(assignee)
        if not _UNIT_FIRST.match(fold(body)) or verb is None or _misspelt(body):
            continue
        said = _REPORTED.search(body[: verb.start()])
        done = (
            _DONE.search(folded[: verb.start()])
            or re.match(r"\s*(?:da|vua)\b", folded[verb.start() :])
            # "Mặt trận các cấp đã góp phần …", "Sở đã có văn bản phối hợp … và chỉ đạo …":
            # what was done, reported (written "đã", "vừa", before the first duty verb)
            or said
            # "UBND Thành phố ban hành Kế hoạch …": news of a document, its duties inside it
            or (verb.group(1) == "ban hanh" and not _MODALS.search(folded[: verb.start()]))
            or re.search(
                r"\b(?:da|vua) (?:co|ban hanh|gui) (?:van ban|cong van)\b", folded[: verb.start()]
            )
        )
        if done or (dated and body is not task):
            # reported as done — but "X đã chỉ đạo / kêu gọi Y …" says Y was given work
            since = said.start() if said else verb.start()
            directing = re.compile(
                r"\b(?:chi dao|huong dan|giao|yeu cau|de nghi|keu goi)\s+"
            ).search(folded, since)
            if directing is None:
                continue
            given = body[directing.end() :]
            if not _UNIT_FIRST.match(fold(given)):
                continue
            assignee, directed = split_assignee(given)
            mentions = mentions_in(assignee)
            if mentions and len(assignee) <= 160:
                return task, assignee, directed, mentions
            continue
        assignee, directed = split_assignee(body)
        if _ONE_LEADER.match(fold(assignee)) and not _ANSWERS_FOR.match(folded[verb.start() :]):
            continue  # "Chủ tịch UBND tỉnh tạm hoãn …": what one leader does, not work given
        mentions = mentions_in(assignee)
        if directed and _UNIT_FIRST.match(fold(directed)):
            # "UBND các huyện chỉ đạo các xã treo băng rôn": the xã carry it out
            directed, more = _directed_bodies(directed)
            mentions += more
        # a decision's closing article names every body that carries it out: a long list
        limit = 400 if re.search(r"(?:chiu trach nhiem )?thi hanh", folded) else 300
        if mentions and verb.start() <= limit and len(assignee) <= limit and _bodies(assignee):
            return task, assignee, directed, mentions
    if article and _verb_in(fold_same_length(task), task) is None:
        # "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: …; Giám đốc Công an tỉnh, Gi" —
        # a decision's last article, cut before "chịu trách nhiệm thi hành" by the page
        assignee = re.sub(r",?\s*\S{0,3}$", "", task.strip(" .;"))
        mentions = mentions_in(assignee)
        if mentions and len(assignee) <= 400:
            return task, assignee, "", mentions
    folded = fold_same_length(task)
    for by in _LED_BY.finditer(folded):
        # "Việc tổ chức Ngày hội … do Ban công tác Mặt trận chủ trì"
        after = folded[by.end() :]
        leads = _LEADS.search(after)
        if not (leads and _UNIT_FIRST.match(after)) or leads.start() > 120:
            continue
        assignee = task[by.end() : by.end() + leads.start()].strip(" ,.;")
        mentions = mentions_in(assignee)
        if mentions and _bodies(assignee):
            return task, assignee, "", mentions
    return None


def _addressees(plan: "ParsedPlan", lines: list[str], body_end: int) -> int:
    """Read the "Kính gửi:" list (on its line, or one bullet a line after it) as recipients;
    return the index of the first line after it (0 without one)."""
    at = next(
        (
            i
            for i, ln in enumerate(lines[: min(body_end, HEADER_LINES)])
            if fold(ln).strip().startswith("kinh gui")
            # "Kính" / "gửi:" as a page broke the cell
            or (
                fold(ln).strip() == "kinh"
                and i + 1 < len(lines)
                and fold(lines[i + 1]).strip().startswith("gui")
            )
        ),
        None,
    )
    if at is None:
        return 0
    head = lines[at]
    if fold(head).strip() == "kinh":
        at += 1
        head = lines[at]
    first = head.split(":", 1)[1] if ":" in head else ""
    names = [part for part in re.split(r";\s*", first) if part.strip()]
    i = at + 1
    while i < body_end:
        line = lines[i].strip(" |")
        if not line and not names:
            i += 1  # an empty cell between "Kính gửi:" and its list
            continue
        if m := _BULLET.match(line):
            names.append(m.group("t"))
        elif names and line[:1].islower() and not re.search(r"[;.]$", names[-1]):
            names[-1] += " " + line  # a name a page wrapped: "cơ quan" / "thuộc Chính phủ;"
        else:
            break
        i += 1
    known = {fold(r.text) for r in plan.recipients}
    for raw in names:
        text = re.sub(r"^[-–—•+*]\s*", "", raw).strip().rstrip(";.,")
        for r in plan.recipients:
            if fold(r.text) == fold(text):
                r.addressed = True
        if text and fold(text) not in known:
            known.add(fold(text))
            plan.recipients.append(Recipient(text, "", Mention(text=text), addressed=True))
    return i


# What a body did, is doing or failed to do, as written before its verb: "đã", "vừa", "đang",
# "chưa" (not "Đảng").
_REPORTED = re.compile(r"(?:^|\s)(?:đã|vừa|đang|chưa)(?:\s|$)")

# What a letter sent up says it does: "gửi Bộ Y tế báo cáo …", "gửi UBND tỉnh xin ý kiến".
_GOES_UP_WORDS = r"(?:bao cao|xin|de xuat|kien nghi|trinh)\b"

# What goes up asks nothing of those it is addressed to: a report, a submission, a petition.
_GOES_UP = re.compile(r"^(?:bao cao|to trinh|don|giay de nghi)\b")


def addressees_given_work(plan: "ParsedPlan") -> None:
    """A letter's addressees ("Kính gửi: …") are asked to act on it: when the page stops
    before its request (no "Nơi nhận", no signature), the letter's one duty is theirs. A whole
    letter that asks them nothing (a reply sending a list) gives no work."""
    addressed = [r for r in plan.recipients if r.addressed]
    whole = len(addressed) < len(plan.recipients) or plan.signer_name or plan.signer_title
    if (
        plan.assignments
        or not addressed
        or whole
        or plan.unread_duties
        or _GOES_UP.match(fold(plan.doc_type_name))
    ):
        return
    kind = (plan.doc_type_name or "văn bản").capitalize()
    own = f" số {plan.own_reference}" if plan.number else ""
    summary = re.sub(r"^(?:V/v|về việc)\s*", "", plan.summary.strip(), flags=re.I)
    about = f" về việc {summary}" if summary else ""
    text = f"Thực hiện {kind}{own}{about} (văn bản gửi các đơn vị tại phần “Kính gửi”)."
    _record(
        plan, text, "; ".join(r.text for r in addressed), "", [r.mention for r in addressed], None
    )
