import contextlib
import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hangviet.core.tests.fuzz import fuzz
from hangviet.plans.parsing import parse_legal_bases, parse_lines
from hangviet.plans.reading import DocumentError, read_document
from hangviet.plans.tests.conftest import to_docx_with_table_header, to_nfd


def parse(data: bytes, name: str = "x.txt"):
    return parse_lines(read_document(data, name).lines)


def check_seed_structure(p) -> None:
    assert p.symbol == "KH-STTTT" and p.doc_type == "KH" and p.number == ""
    assert (p.place, p.day, p.month, p.year) == ("Thái Nguyên", None, 2, 2022)
    assert p.summary.startswith("Tuyên truyền thực hiện Cuộc vận động")
    assert [(b.reference, b.date) for b in p.legal_bases] == [
        ("37-KH/TU", "2021-10-25"),
        ("03-CT/TW", "2021-05-19"),
        ("1720/CV-BCĐ", "2022-02-11"),
    ]
    assert len(p.purposes) == 2 and len(p.requirements) == 2 and len(p.themes) == 4
    assert [line.channels for line in p.channel_lines] == [
        ["press_tv", "press_radio", "press_print", "press_online", "provincial_portal"],
        ["district_radio", "commune_radio"],
        ["agency_portal", "sector_bulletin"],
    ]
    assert len(p.assignments) == 5
    assert [m.group for m in p.assignments[2].mentions] == ["district_pc"]
    assert [m.text for m in p.assignments[3].mentions] == [
        "Báo Thái Nguyên",
        "Đài Phát thanh – Truyền hình Thái Nguyên",
        "Tạp chí Văn nghệ Thái Nguyên",
        "Trung tâm Thông tin tỉnh",
    ]
    cadences = {o.recipient.text: o.cadences for o in p.obligations}
    assert cadences == {
        "Ủy ban Mặt trận Tổ quốc tỉnh": ["periodic"],
        "Sở Thông tin và Truyền thông": ["semiannual", "adhoc"],
    }
    via = next(o.via for o in p.obligations if o.via)
    assert via.text == "Phòng Thông tin – Báo chí – Xuất bản"
    assert len(p.to_dict()["recipient_lines"]) == 6 and p.archive == "VT, TTBCXB"
    assert (p.signer_title, p.signer_name) == ("GIÁM ĐỐC", "Đỗ Xuân Hòa")


def test_seed_txt(seed_bytes):
    check_seed_structure(parse(seed_bytes))


def test_seed_in_nfd(seed_bytes):
    check_seed_structure(parse(to_nfd(seed_bytes)))


def test_seed_as_docx_with_table_header(seed_bytes):
    p = parse(to_docx_with_table_header(seed_bytes), "seed.docx")
    check_seed_structure(p)
    assert p.issuer_name == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    assert p.parent_body == "UBND TỈNH THÁI NGUYÊN"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows Vietnamese does: precomposed letters, tones as combining marks."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_other_encodings(own_plan_bytes, encoding):
    text = own_plan_bytes.decode("utf-8")
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    p = parse(data)
    assert p.symbol == "KH-SVHTTDL" and len(p.assignments) == 7


def test_own_2026_plan_lists_the_six_key_tasks(own_plan_bytes):
    p = parse(own_plan_bytes)
    assert p.missing == [] and p.warnings == []
    assert len(p.themes[0].children) == 6
    assert (p.signer_authority, p.signer_title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert [b.reference for b in p.legal_bases] == ["03-CT/TW", "28/CT-TTg", "386/QĐ-TTg"]


def test_other_documents_say_what_is_missing():
    letter = """UBND TỈNH THÁI NGUYÊN
SỞ CÔNG THƯƠNG
Số: 215/SCT-QLTM
Thái Nguyên, ngày 05 tháng 3 năm 2026
V/v cung cấp danh sách điểm bán hàng Việt

Kính gửi: Sở Văn hóa, Thể thao và Du lịch.

Thực hiện Kế hoạch số 18/KH-SVHTTDL ngày 23 tháng 01 năm 2026 của Sở Văn hóa, \
Thể thao và Du lịch, Sở Công Thương gửi danh sách 24 điểm bán hàng Việt trên địa bàn tỉnh.

Nơi nhận:
- Như trên;
- Lưu: VT, QLTM.

GIÁM ĐỐC

Trần Văn Minh
"""
    p = parse(letter.encode())
    assert p.symbol == "SCT-QLTM" and p.number == "215"
    assert p.legal_bases[0].reference == "18/KH-SVHTTDL"
    assert p.signer_name == "Trần Văn Minh"
    assert any("Tổ chức thực hiện" in m for m in p.missing)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "rỗng"),
        (b"   \n\n", "a.txt", "rỗng"),
        (bytes(range(256)) * 50, "a.txt", "văn bản thuần"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "locked.docx", "mật khẩu"),
        (b"PK\x03\x04" + b"\x00" * 50, "broken.docx", "hỏng"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(DocumentError, match=message):
        read_document(data, name)


def test_zip_that_is_not_a_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("photo.jpg", b"not really")
    with pytest.raises(DocumentError, match="không phải văn bản Word"):
        read_document(out.getvalue(), "fake.docx")


def test_truncated_docx_is_refused(own_plan_bytes):
    from hangviet.plans.tests.conftest import to_docx_with_table_header

    data = to_docx_with_table_header(own_plan_bytes)
    with pytest.raises(DocumentError):
        read_document(data[: len(data) // 2], "half.docx")


def test_huge_file_is_refused(settings):
    settings.PLAN_IMPORT_MAX_BYTES = 1024
    with pytest.raises(DocumentError, match="quá lớn"):
        read_document(b"a" * 2048, "big.txt")


def test_legal_bases_with_year_in_the_number():
    refs = parse_legal_bases(
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác "
        "văn thư; Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định chế độ báo cáo"
    )
    assert [(r.reference, r.number, r.symbol, r.date) for r in refs] == [
        ("30/2020/NĐ-CP", "30", "NĐ-CP", "2020-03-05"),
        ("09/2019/NĐ-CP", "09", "NĐ-CP", "2019-01-24"),
    ]
    assert refs[0].issuer == "Chính phủ" and refs[0].title == "công tác văn thư"


@pytest.mark.fuzz
@fuzz(300)
@given(st.lists(st.text(max_size=120), max_size=60))
def test_parser_never_raises_on_random_lines(lines):
    parse_lines(lines)


@pytest.mark.fuzz
@fuzz(200)
@given(st.data())
def test_parser_never_raises_on_mutated_plans(data):
    from hangviet.plans.demo import OWN_PLAN

    lines = OWN_PLAN.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(0, 12))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["drop", "dup", "cut", "garble"]))
        if op == "drop":
            lines.pop(i)
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, max(len(lines[i]), 1)))]
        else:
            lines[i] = data.draw(st.text(max_size=80))
        if not lines:
            break
    parse_lines(lines)


@pytest.mark.fuzz
@fuzz(100)
@given(st.binary(max_size=4000))
def test_reader_never_raises_anything_but_document_error(blob):
    with contextlib.suppress(DocumentError):
        read_document(blob, "x.docx")
    with contextlib.suppress(DocumentError):
        read_document(blob, "x.txt")
