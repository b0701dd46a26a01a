"""Text normalisation for speech: a table of Vietnamese cases."""

import io
import re

import pytest
from django.core.management import call_command

from hangviet.radio.speech import normalize, read_number, sentences


@pytest.mark.parametrize(
    "n, spoken",
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1005, "một nghìn không trăm linh năm"),
        (2026, "hai nghìn không trăm hai mươi sáu"),
        (1_250_000, "một triệu hai trăm năm mươi nghìn"),
        (1_000_005, "một triệu không trăm linh năm"),
        (3_000_000_000, "ba tỷ"),
    ],
)
def test_numbers_are_read_the_northern_way(n, spoken):
    assert read_number(n) == spoken


@pytest.mark.parametrize(
    "text, spoken",
    [
        ("UBND xã Tân Cương", "Ủy ban nhân dân xã Tân Cương"),
        ("HĐND và MTTQ huyện", "Hội đồng nhân dân và Mặt trận Tổ quốc huyện"),
        ("HTX chè La Bằng", "hợp tác xã chè La Bằng"),
        ("sản phẩm OCOP 4 sao", "sản phẩm Ô-cốp bốn sao"),
        ("TP. Thái Nguyên", "thành phố Thái Nguyên"),
        ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
        ("lúc 7h30", "lúc bảy giờ ba mươi phút"),
        ("từ 14:00 đến 17:15", "từ mười bốn giờ đến mười bảy giờ mười lăm phút"),
        ("ngày 20/4/2026", "ngày hai mươi tháng tư năm hai nghìn không trăm hai mươi sáu"),
        ("sáng 2/3", "sáng ngày mồng hai tháng ba"),
        ("ngày mồng 2/3", "ngày mồng hai tháng ba"),
        ("giảm 10-30%", "giảm mười đến ba mươi phần trăm"),
        ("tăng 4,5%", "tăng bốn phẩy năm phần trăm"),
        ("doanh thu 12,5 tỷ đồng", "doanh thu mười hai phẩy năm tỷ đồng"),
        ("1.250 gian hàng", "một nghìn hai trăm năm mươi gian hàng"),
        ("giá 300.000đ/kg", "giá ba trăm nghìn đồng một ki-lô-gam"),
        ("7.000 ha chè", "bảy nghìn héc-ta chè"),
        ("gọi 0912 345 678", "gọi không chín một hai ba bốn năm sáu bảy tám"),
        ("Chỉ thị số 03-CT/TW", "Chỉ thị số không ba của Ban Bí thư"),
        ("Kế hoạch số 37-KH/TU", "Kế hoạch số ba mươi bảy của Tỉnh ủy"),
        # Round 4 (issue 31): the kinds of sentence bulletins really contain.
        ("thu hút 12.000, trong đó", "thu hút mười hai nghìn, trong đó"),
        ("đạt 1.500.000; tăng", "đạt một triệu năm trăm nghìn; tăng"),
        ("từ tháng 6/2022", "từ tháng sáu năm hai nghìn không trăm hai mươi hai"),
        ("đến 12/2025,", "đến tháng mười hai năm hai nghìn không trăm hai mươi lăm,"),
        ("TX. Phổ Yên, TT. Đình Cả", "thị xã Phổ Yên, thị trấn Đình Cả"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội"),
        ("Sở KH&ĐT, Sở GD&ĐT", "Sở Kế hoạch và Đầu tư, Sở Giáo dục và Đào tạo"),
        ("dọc QL3 và ĐT.261", "dọc quốc lộ ba và đường tỉnh hai trăm sáu mươi mốt"),
        ("tại Km 15", "tại ki-lô-mét mười lăm"),
        (
            "Nghị định số 09/2019/NĐ-CP",
            "Nghị định số không chín năm hai nghìn không trăm mười chín của Chính phủ",
        ),
        (
            "Quyết định 386/QĐ-TTg",
            "Quyết định ba trăm tám mươi sáu của Thủ tướng Chính phủ",
        ),
        ("Kế hoạch số 18/KH-SVHTTDL", "Kế hoạch số mười tám của Sở Văn hóa, Thể thao và Du lịch"),
        ("xem www.thainguyen.gov.vn.", "xem thainguyen chấm gốp chấm vê en."),
        (
            "tại https://hangviet.gov.vn/tin-tuc",
            "tại hangviet chấm gốp chấm vê en gạch chéo tin tuc",
        ),
        ("thư về so@thainguyen.gov.vn", "thư về so a còng thainguyen chấm gốp chấm vê en"),
        ("giảm 3/4 chi phí", "giảm ba phần tư chi phí"),
        ("1/2 số hộ", "một phần hai số hộ"),
        ("thứ 4 hằng tuần", "thứ tư hằng tuần"),
        (
            "“Người Việt Nam ưu tiên dùng hàng Việt Nam”",
            "Người Việt Nam ưu tiên dùng hàng Việt Nam",
        ),
    ],
)
def test_text_is_normalised_as_an_announcer_reads_it(text, spoken):
    assert normalize(text) == spoken


def test_what_is_not_a_date_or_a_clock_time_is_still_read():
    assert normalize("tỷ lệ 32/13") == "tỷ lệ ba mươi hai trên mười ba"
    assert normalize("trong 48h") == "trong bốn mươi tám giờ"


def test_long_texts_are_cut_at_sentence_boundaries():
    text = "Câu thứ nhất. Câu thứ hai! " + "một đoạn rất dài, " * 40 + "hết."
    pieces = sentences(text)
    assert pieces[:2] == ["Câu thứ nhất.", "Câu thứ hai!"]
    assert all(len(p) <= 250 for p in pieces)
    assert " ".join(pieces).replace(" ,", ",").count("một đoạn rất dài") == 40


ROUND_4 = [
    "Hội chợ thu hút 12.000 lượt khách, doanh thu đạt 1.250.000.000 đồng, tăng 12,5% so với "
    "tháng 6/2025.",
    "Thực hiện Chỉ thị số 03-CT/TW, Quyết định số 386/QĐ-TTg ngày 17/3/2021 và Kế hoạch số "
    "18/KH-SVHTTDL, UBND TX. Phổ Yên phối hợp với Sở NN&PTNT tổ chức phiên chợ tại Km 15, QL3.",
    "Giá chè 250.000đ/kg, giảm 1/4 so với năm trước; liên hệ 0208 3855 123 hoặc "
    "www.thainguyen.gov.vn, thư điện tử: so@thainguyen.gov.vn.",
    "Từ 14:00 đến 17h30 thứ 4 (20/4), tại nhà văn hóa tổ dân phố số 5 (TT. Đình Cả).",
]


@pytest.mark.parametrize("text", ROUND_4)
def test_no_digit_or_symbol_is_left_in_the_spoken_text(text):
    spoken = normalize(text)
    assert not re.search(r"[0-9/&@%+#*_=<>|\\]", spoken), spoken


@pytest.mark.django_db
def test_the_normalize_command_speaks_the_test_sentences(tmp_path):
    source = tmp_path / "ban-tin.txt"
    source.write_text("\n".join(ROUND_4), encoding="utf-8")
    out = io.StringIO()
    call_command("radio", "normalize", str(source), stdout=out)
    spoken = out.getvalue()
    assert "của Thủ tướng Chính phủ" in spoken and not re.search(r"\d", spoken)
