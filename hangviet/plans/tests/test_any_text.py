"""Any administrative text is read for what it has (texts written by the team, in the styles
real portal pages showed: pasted without the header table, references without "số", dates in
every written form, party and state symbols)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from hangviet.plans.evaluation import Found, evaluate, keyword_baseline, normal
from hangviet.plans.importing import administrative_content
from hangviet.plans.parsing import parse_legal_bases, parse_lines, reference_key

PASTED = """Đẩy mạnh Cuộc vận động trên địa bàn huyện

Cập nhật lúc: 08:15 12/7/2023

Thực hiện Kế hoạch số 91-KH/HU ngày 06/6/2023 của Ban Thường vụ Huyện ủy và Chỉ thị 28/CT-TTg
ngày 26 tháng 10 năm 2021 của Thủ tướng Chính phủ, UBND huyện có văn bản số 1532/UBND-KT giao
Phòng Kinh tế chủ trì; tiếp tục quán triệt Thông báo kết luận số 264-TB/TW ngày 31 tháng 07
năm 2009 của Bộ Chính trị, Hướng dẫn số 115-HD/BTGTW và Công văn 1720/CV-BCĐ của Ban Chỉ đạo
tỉnh (photo kèm theo). Các xã tiếp tục thực hiện Chỉ thị số 03 ngày 19-5-2021 của Ban Bí thư,
Quyết Định 386/QĐ/TTg ngày 17/3/2021 và Nghị định số 09/2019/NĐ-CP ngày 24/01/2019."""


def refs(text: str) -> dict[str, str | None]:
    return {normal(r.reference): r.date for r in parse_lines(text.splitlines()).citations}


def test_references_in_every_written_form_party_and_state():
    found = refs(PASTED)
    assert found == {
        "91/KH/HU": "2023-06-06",
        "28/CT/TTG": "2021-10-26",
        "1532/UBND/KT": None,
        "264/TB/TW": "2009-07-31",
        "115/HD/BTGTW": None,
        "1720/CV/BCĐ": None,
        "03": "2021-05-19",
        "386/QĐ/TTG": "2021-03-17",
        "09/2019/NĐ/CP": "2019-01-24",
    }
    kinds = {r.reference: r.kind for r in parse_lines(PASTED.splitlines()).citations}
    assert kinds["1720/CV-BCĐ"] == "Công văn" and kinds["264-TB/TW"] == "Thông báo kết luận"
    # "văn bản số 1532/UBND-KT": no type code, the issuer and its division — an official letter
    assert kinds["1532/UBND-KT"] == "Công văn"


def test_the_issuer_of_a_reference_and_a_kind_known_by_its_code():
    [ref] = parse_legal_bases("Thực hiện Kết luận số 107-KL/TW ngày 10/4/2015 của Ban Bí thư về …")
    assert (ref.kind, ref.number, ref.symbol, ref.date, ref.issuer) == (
        "Kết luận",
        "107",
        "KL/TW",
        "2015-04-10",
        "Ban Bí thư",
    )
    [bare] = parse_legal_bases("Theo tinh thần (28/CT-TTg), các sở triển khai ngay.")
    assert bare.kind == "Chỉ thị" and bare.reference == "28/CT-TTg"
    assert parse_legal_bases("ngày 5/3/2018 và 11/6/1948 - 11/6/2018") == []  # dates, not symbols


def test_a_header_table_pasted_on_one_line_and_bases_before_the_type():
    text = (
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 12/2024/QĐ-UBND | An Giang, ngày 05 tháng 3 năm 2024 |\n"
        "Căn cứ Quyết định số 72/2010/QĐ-TTg ngày 15 tháng 11 năm 2010 của Thủ tướng Chính phủ;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế …\n"
    )
    parsed = parse_lines(text.splitlines())
    assert (parsed.number, parsed.symbol) == ("12", "2024/QĐ-UBND")
    assert parsed.issued_on.isoformat() == "2024-03-05"
    assert [r.reference for r in parsed.citations] == ["72/2010/QĐ-TTg"]  # not its own number


def test_what_is_missing_is_listed_and_only_empty_text_is_refused():
    parsed = parse_lines(PASTED.splitlines())
    assert administrative_content(parsed)
    assert "signer" in " ".join(parsed.missing) or "người ký" in " ".join(parsed.missing)
    assert not administrative_content(parse_lines(["chỉ là một ghi chú", "hẹn gặp lại"]))


def test_import_plan_reads_a_pasted_text_without_refusing(tmp_path, world):
    path = tmp_path / "cong-van.txt"
    path.write_text(PASTED, encoding="utf-8")
    out = StringIO()
    call_command("import_plan", str(path), "--json", "--dry-run", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["citations"]) == 9 and data["missing"]


def test_the_evaluation_says_what_is_missing_and_scores_what_is_there(tmp_path):
    index = tmp_path / "documents.jsonl"
    rows = [
        {"id": "x1", "url": "u", "sha256": "0", "half": "tune", "own": None,
         "references": [{"kind": "Chỉ thị", "ref": "28/CT-TTg", "date": "2021-10-26"}]},
        {"id": "x2", "url": "u", "sha256": "0", "half": "blind", "own": None,
         "references": [{"kind": "Kế hoạch", "ref": "91-KH/HU", "date": None}]},
    ]  # fmt: skip
    index.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    (tmp_path / "x1.txt").write_text("Thực hiện Chỉ thị 28/CT-TTg ngày 26/10/2021 …", "utf-8")

    def reader(text: str) -> Found:
        return Found(references=[(r.reference, r.date) for r in parse_legal_bases(text)])

    score = evaluate(reader, tmp_path, index=index)
    assert score.missing == ["x2"] and score.changed == ["x1"]
    assert (score.found, score.expected, score.dated_right) == (1, 1, 1)
    assert evaluate(keyword_baseline, tmp_path, index=index).date_rate == 0.0


@pytest.mark.django_db
def test_the_evaluation_command_says_clearly_when_the_texts_are_absent(tmp_path):
    out = StringIO()
    call_command("evaluate_plans", "--dir", str(tmp_path), stdout=out)
    assert "texts are not in" in out.getvalue() and "r01" in out.getvalue()


def test_headers_a_web_page_wrapped_and_titles_with_the_number():
    """Legal databases cut header cells in two ("Số:" / the number, "Quảng Ninh, ngày" / the
    date), print a space before the year ("20 /2014/QĐ-UBND"), or give the number in the title
    ("THÔNG TƯ15/2017/TT-BCT"): the reader still finds the number, the date and the citations."""
    wrapped = parse_lines(
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH HÒA BÌNH",
            "Số:",
            "112/KH-UBND",
            "Hòa Bình, ngày",
            "04 tháng 3 năm 2025",
            "KẾ HOẠCH",
            "Tuyên truyền về sản phẩm OCOP",
            "Căn cứ Quyết định số 12 /2024/QĐ-UBND ngày 05 tháng 4 năm 2024 của UBND tỉnh;",
        ]
    )
    assert (wrapped.number, wrapped.symbol) == ("112", "KH-UBND")
    assert (wrapped.day, wrapped.month, wrapped.year) == (4, 3, 2025)
    assert [reference_key(c.reference) for c in wrapped.citations] == ["12/2024/QĐ/UBND"]
    assert wrapped.citations[0].date == "2024-04-05"
    titled = parse_lines(
        [
            "THÔNG TƯ07/2023/TT-BCT",
            "ngày",
            "15 tháng 3 năm 2023",
            "Căn cứ Nghị định số",
            "96/2022/NĐ-CP ngày 29 tháng 11 năm 2022 của Chính phủ;",
        ]
    )
    assert (titled.number, titled.symbol, titled.year) == ("07", "2023/TT-BCT", 2023)
    assert [reference_key(c.reference) for c in titled.citations] == ["96/2022/NĐ/CP"]


def test_an_official_letter_gives_its_task_deadline_and_ad_hoc_report():
    """A letter without numbered sections, as provinces write them: the task, its unit, its
    deadline (in the next sentence) and the report it asks for are read; "theo đề nghị của",
    "theo yêu cầu tại" and "Sở Giao thông vận tải" give no task."""
    letter = parse_lines(
        [
            "Ngày 03/3/2025, UBND tỉnh nhận được Công văn số 812/BCT-TTTN ngày 28/02/2025 của "
            "Bộ Công Thương. Theo đề nghị của Sở Tài chính tại Tờ trình số 15/TTr-STC, Chủ tịch "
            "UBND tỉnh có ý kiến như sau: Giao Sở Công Thương chủ trì, phối hợp với Sở Giao "
            "thông vận tải tổng hợp kết quả theo yêu cầu tại Công văn số 812/BCT-TTTN. Trình "
            "UBND tỉnh trước ngày 20/3/2025 để báo cáo Bộ Công Thương."
        ]
    )
    (task,) = letter.assignments
    assert task.assignee_text == "Sở Công Thương" and task.deadline == "2025-03-20"
    (duty,) = letter.obligations
    assert (duty.recipient.text, duty.cadences) == ("Bộ Công Thương", ["adhoc"])
    assert administrative_content(letter)


def test_news_that_gives_the_date_before_the_document_it_reports_signed():
    """Portal news states the signing date first; it belongs to the first document after the
    signing verb, within the sentence, and to no other."""
    text = (
        "(Cổng TTĐT) - Ngày 15/5/2024, Phó Chủ tịch UBND tỉnh ký ban hành Kế hoạch số "
        "77/KH-UBND thực hiện Chỉ thị số 03-CT/TW của Ban Bí thư. Để triển khai, ngày 20/5/2024, "
        "Sở Công Thương đã ban hành Hướng dẫn số 12/HD-SCT. Đến ngày 01/8/2024, chương trình "
        "tiếp tục được ban hành kèm theo Quyết định số 919/QĐ-UBND. Ngày 3/6/2024, huyện tổ "
        "chức hội nghị quán triệt Kế hoạch số 45/KH-UBND."
    )
    dates = {r.reference: r.date for r in parse_legal_bases(text)}
    assert dates == {
        "77/KH-UBND": "2024-05-15",
        "03-CT/TW": None,  # the plan took the date
        "12/HD-SCT": "2024-05-20",
        "919/QĐ-UBND": "2024-08-01",
        "45/KH-UBND": None,  # a conference on that day, not a signing
    }


def test_who_issued_a_cited_document_said_before_it_after_it_or_by_its_code():
    """News names the issuer before the document ("UBND tỉnh đã ban hành Kế hoạch số …"), a
    decision's preamble after a proposal ("Theo đề nghị của Giám đốc Sở … tại Tờ trình số …"),
    a title in capitals after it ("… CỦA CHÍNH PHỦ"); a symbol only one body writes names it
    (28/CT-TTg); a title's last words are not the next line's subject."""
    lines = [
        "HƯỚNG DẪN THỰC HIỆN NGHỊ ĐỊNH SỐ 68/2017/NĐ-CP NGÀY 25 THÁNG 5 NĂM 2017 CỦA CHÍNH PHỦ",
        "Chủ tịch UBND tỉnh yêu cầu các sở triển khai Nghị định số 68/2017/NĐ-CP của Chính phủ",
        "Chủ tịch UBND tỉnh yêu cầu các sở ngành phối hợp.",
        "Mới đây, UBND tỉnh Tiền Giang đã ban hành Kế hoạch số 151/KH-UBND về việc tổ chức lễ",
        "hội trái cây. Ban Tuyên giáo Trung ương vừa ban hành Hướng dẫn số 49-HD/BTGTW về đẩy",
        "mạnh tuyên truyền. Theo đề nghị của Giám đốc Sở Công Thương tại Tờ trình số",
        "1065/TTr-SCT ngày 03 tháng 7 năm 2014. Thực hiện Chỉ thị 28/CT-TTg, các xã tuyên truyền.",
        "Thực hiện văn bản số 1720/CV-BCĐ ngày 11/02/2022 của Ban Chỉ đạo Cuộc vận động tỉnh, Sở",
        "xây dựng kế hoạch.",
    ]
    found = {r.reference: r.issuer for r in parse_lines(lines).citations}
    assert found == {
        "68/2017/NĐ-CP": "Chính phủ",
        "151/KH-UBND": "UBND tỉnh Tiền Giang",
        "49-HD/BTGTW": "Ban Tuyên giáo Trung ương",
        "1065/TTr-SCT": "Giám đốc Sở Công Thương",
        "28/CT-TTg": "Thủ tướng Chính phủ",
        "1720/CV-BCĐ": "Ban Chỉ đạo Cuộc vận động tỉnh",
    }


def test_a_header_cut_into_cells_gives_the_issuer_whole_and_no_motto():
    """A page that cut the header's cells mid-name ("UỶ BAN NHÂN" / "DÂN" / "TỈNH …") and the
    motto ("CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM") still gives the issuing body whole; a
    department's header gives its parent body and itself; a header cut short is completed by
    the authority line under the title; a heading at the end of the page is no signature."""
    cut = parse_lines(
        [
            "UỶ BAN NHÂN", "DÂN", "TỈNH TUYÊN QUANG", "-------", "|", "CỘNG HÒA XÃ",
            "HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "|", "Số:",
            "07/2014/QĐ-UBND", "|", "Tuyên Quang,", "ngày 01 tháng 7 năm 2014", "|",
            "QUYẾT ĐỊNH", "VỀ VIỆC BAN HÀNH QUY CHẾ PHỐI HỢP", "ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
        ]
    )  # fmt: skip
    assert (cut.issuer_name, cut.parent_body) == ("UỶ BAN NHÂN DÂN TỈNH TUYÊN QUANG", "")
    assert cut.summary == "VỀ VIỆC BAN HÀNH QUY CHẾ PHỐI HỢP"  # not the authority line
    dept = parse_lines(
        ["UBND TỈNH THÁI NGUYÊN", "SỞ CÔNG THƯƠNG", "Số: 12/KH-SCT", "Thái Nguyên, ngày 3 "
         "tháng 4 năm 2024", "KẾ HOẠCH", "Tuyên truyền Cuộc vận động năm 2024"]
    )  # fmt: skip
    assert (dept.parent_body, dept.issuer_name) == ("UBND TỈNH THÁI NGUYÊN", "SỞ CÔNG THƯƠNG")
    short = parse_lines(
        ["ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
         "Số: 20/2014/QĐ-UBND | Đà Nẵng, ngày 28 tháng 7 năm 2014 |",
         "QUYẾT ĐỊNH", "Về việc ban hành Quy chế", "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
         "Căn cứ Luật Tổ chức chính quyền địa phương;", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]
    )  # fmt: skip
    assert short.issuer_name == "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG"
    assert short.signer_title == "" and short.signer_name == ""
    directive = parse_lines(["Số: 24/CT-TTg", "Hà Nội, ngày 17 tháng 9 năm 2012", "Về việc …"])
    assert directive.doc_type_name == "CHỈ THỊ"  # no type line: the symbol's code says it


def test_pages_that_glue_words_escape_line_breaks_or_print_the_kind_before_the_number():
    """Real pages drop spaces ("70-TB/TWngày", "ngày22", "vụTỉnh"), serve escaped line breaks
    ("\\r\\n" as text), put "&" in a symbol ("CNN&XD"), the issuer before the date ("… của Chính
    phủ ngày 24/6/2023"), the date on the next line ("số: 59/QĐ-UBND" / "Ngày 22 tháng" / "7
    năm 2021"), and "Nghị quyết số: …" for the number line."""
    glued = refs(
        "Căn cứ Chỉ thị số 45-CT/TW ngày22 tháng 7 năm 2010 của Bộ Chính trị; Căn cứ Thông báo "
        "số 70-TB/TWngày 06 tháng 01 năm 2012 của Ban Bí thư; Căn cứ kết luận của Ban Thường "
        "vụTỉnh ủy tại Thông báo số 842-TB/TU ngày 23/5/2013;"
    )
    assert glued == {"45/CT/TW": "2010-07-22", "70/TB/TW": "2012-01-06", "842/TB/TU": "2013-05-23"}
    by_line = parse_lines(
        [
            "ngày 20/10/2021, Ủy ban nhân dân tỉnh có Văn bản số 5115/ UBND-CNN&XD về phiên chợ; "
            "Nghị định số 38/2023/NĐ-CP của Chính phủ ngày 24 tháng 6 năm 2023 sửa đổi.",
            "(Ban hành kèm theo Quyết định số: 59/QĐ-UBND",
            "Ngày 22 tháng",
            "7 năm 2021 của Ủy ban nhân dân xã Xuân Phú)",
        ]
    ).citations
    got = {r.reference: (r.date, r.issuer) for r in by_line}
    assert got["5115/UBND-CNN&XD"] == ("2021-10-20", "Ủy ban nhân dân tỉnh")
    assert got["38/2023/NĐ-CP"] == ("2023-06-24", "Chính phủ")
    assert got["59/QĐ-UBND"] == ("2021-07-22", "Ủy ban nhân dân xã Xuân Phú")
    escaped = parse_lines(
        ["ỦY BAN NHÂN DÂN | CỘNG\\r\\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "\\r\\n Số: 54/KH-UBND "
         "\\r\\n | Lạng Sơn, ngày 27 tháng 3 năm 2020", "Thực hiện Quyết định số 1896/QĐ-TTg\\r\\n"
         "ngày 25/12/2019 của Thủ tướng Chính phủ, UBND tỉnh xây dựng Kế hoạch như sau:"]
    )  # fmt: skip
    assert (escaped.number, escaped.symbol, escaped.issued_on.isoformat()) == (
        "54", "KH-UBND", "2020-03-27"
    )  # fmt: skip
    assert escaped.issuer_name == "ỦY BAN NHÂN DÂN"  # "CỘNG" alone is the motto's first word
    assert [(r.reference, r.date) for r in escaped.citations] == [("1896/QĐ-TTg", "2019-12-25")]
    resolution = parse_lines(
        ["ỦY BAN THƯỜNG VỤ", "QUỐC HỘI", "Nghị quyết số: 653/2019/UBTVQH14",
         "Hà Nội, ngày 12 tháng 3 năm 2019", "Căn cứ Nghị quyết số 56/2017/QH14 ngày 24 tháng 11 "
         "năm 2017 của Quốc hội;"]
    )  # fmt: skip
    assert (resolution.doc_type_name, resolution.issuer_name) == (
        "NGHỊ QUYẾT", "ỦY BAN THƯỜNG VỤ QUỐC HỘI"
    )  # fmt: skip
    assert [r.reference for r in resolution.citations] == ["56/2017/QH14"]  # not its own number


def test_an_issuer_and_a_title_end_where_they_should():
    """An issuer stops at its document's title (quoted, or a verb in small letters) and at the
    next citation of a list; a body named with a quoted campaign keeps its name; a name a page
    wrapped ("Ban Thường vụ" / "Tỉnh ủy Bắc Kạn") is joined; a title may name the document it
    carries out but not the next item of the list."""
    cited = {
        r.reference: (r.issuer, r.title)
        for r in parse_lines(
            [
                "Quán triệt Kết luận số 100-KL/TW ngày 18/8/2014 của Ban Bí thư “về việc đổi mới "
                "công tác dư luận xã hội”, Kế hoạch số 25-KH/TU ngày 30/11/2016 của Ban Thường vụ "
                "Tỉnh ủy thực hiện Kết luận số 100-KL/TW của Ban Bí thư và Kết luận số 111-KL/TU "
                "ngày 14/8/2017 của Ban Thường vụ Tỉnh ủy; Hướng dẫn số 96-HD/BTGTW ngày "
                "22/02/2023 của Ban Tuyên giáo Trung ương tuyên truyền kỷ niệm ngày sinh; Hướng "
                "dẫn số 12-HD/BTCTW ngày 1/2/2023 của Ban Tổ chức Trung ương về công tác cán bộ;",
                "văn bản số 1720/CV-BCĐ ngày 11/02/2022 của Ban Chỉ đạo Cuộc vận động “Người Việt "
                "Nam ưu tiên dùng hàng Việt Nam” tỉnh; Kế hoạch số 172-KH/TU ngày 21/01/2020 của "
                "Ban Thường vụ",
                "Tỉnh ủy Bắc Kạn về “công tác tuyên giáo năm 2020”;",
            ]
        ).citations
    }
    assert cited["100-KL/TW"] == ("Ban Bí thư", "đổi mới công tác dư luận xã hội")
    assert cited["25-KH/TU"] == (
        "Ban Thường vụ Tỉnh ủy",
        "thực hiện Kết luận số 100-KL/TW của Ban Bí thư",
    )
    assert cited["96-HD/BTGTW"][0] == "Ban Tuyên giáo Trung ương"
    assert cited["12-HD/BTCTW"] == ("Ban Tổ chức Trung ương", "công tác cán bộ")
    assert cited["1720/CV-BCĐ"][0].startswith("Ban Chỉ đạo Cuộc vận động “Người Việt Nam")
    assert cited["172-KH/TU"] == ("Ban Thường vụ Tỉnh ủy Bắc Kạn", "công tác tuyên giáo năm 2020")


def test_the_evaluation_scores_the_units_given_work_and_refusals_of_work(tmp_path):
    index = tmp_path / "documents.jsonl"
    rows = [
        {"id": "w1", "url": "u", "sha256": "0", "half": "blind", "own": None, "references": [],
         "assignees": ["Sở Công Thương", "UBND các huyện, thành phố"], "assigns_work": True},
        {"id": "w2", "url": "u", "sha256": "0", "half": "blind", "own": None, "references": [],
         "assignees": ["Hội Liên hiệp Phụ nữ tỉnh"], "assigns_work": True},
    ]  # fmt: skip
    index.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    (tmp_path / "w1.txt").write_text(
        "Giao Sở Công Thương chủ trì. UBND các huyện, thành phố chỉ đạo các xã.", "utf-8"
    )
    (tmp_path / "w2.txt").write_text("Bản tin thời tiết.", "utf-8")

    def reader(text: str) -> Found:
        parsed = parse_lines(text.splitlines())
        return Found(
            refused=not administrative_content(parsed),
            assignees=[a.assignee_text for a in parsed.assignments],
        )

    score = evaluate(reader, tmp_path, index=index)
    assert (score.assignees_found, score.assignees_expected) == (2, 3)
    assert score.assigning_refused == ["w2"]
