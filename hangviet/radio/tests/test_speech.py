"""Text normalisation for speech: a table of Vietnamese cases."""

import pytest

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
        ("Chỉ thị số 03-CT/TW", "Chỉ thị số không ba"),
        ("Kế hoạch số 37-KH/TU", "Kế hoạch số ba mươi bảy"),
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
