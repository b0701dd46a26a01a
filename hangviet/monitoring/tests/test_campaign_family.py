"""The kinds of real press the first lexicon got wrong, in texts the team wrote in their style:
the campaign's sister campaigns and domestic-consumption promotion are about the campaign;
Vietnamese goods abroad, counterfeits passed off as Vietnamese and trade statistics are not."""

import pytest

from hangviet.monitoring.relevance import Lexicon

ABOUT_THE_CAMPAIGN = [
    (
        "Bệnh viện tỉnh ưu tiên dùng thuốc Việt",
        "Thực hiện Đề án “Người Việt Nam ưu tiên dùng thuốc Việt Nam”, bệnh viện đa khoa tỉnh "
        "đưa tỷ lệ thuốc sản xuất trong nước trong tổng giá trị thuốc đấu thầu lên 62%.",
    ),
    (
        "Khai mạc Tuần lễ sản phẩm OCOP và nông sản tỉnh",
        "Tuần lễ sản phẩm diễn ra tại quảng trường trung tâm với 120 gian hàng, nhằm kích cầu "
        "tiêu dùng nội địa, hỗ trợ tiêu thụ nông sản cho bà con.",
    ),
    (
        "Trao chứng nhận sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
        "UBND tỉnh trao giấy chứng nhận cho 25 sản phẩm công nghiệp nông thôn tiêu biểu năm "
        "2025, trong đó có chè, miến dong và đồ mây tre đan.",
    ),
]

NOT_ABOUT_IT = [
    (
        "Hàng Việt đắt khách ở chợ biên giới nước bạn",
        "Tại chợ trung tâm tỉnh bạn, hàng Việt Nam được người tiêu dùng bản địa ưa chuộng: "
        "bánh kẹo, dầu ăn, nông cụ chiếm lĩnh thị trường ngoại.",
    ),
    (
        "Hàng Việt chiếm lĩnh kệ hàng tại Campuchia",
        "Nhiều mặt hàng tiêu dùng của Việt Nam được bày bán tại Campuchia; kim ngạch xuất khẩu "
        "sang thị trường này tăng 12% so với cùng kỳ năm trước.",
    ),
    (
        "Thu giữ 3.000 sản phẩm giả mạo xuất xứ hàng Việt",
        "Đội quản lý thị trường tạm giữ 3.000 sản phẩm gắn nhãn “hàng Việt Nam chất lượng cao” "
        "nhưng giả mạo xuất xứ, nhập lậu qua biên giới; chủ hàng bị xử phạt 60 triệu đồng.",
    ),
    (
        "Kim ngạch nhập khẩu hàng tiêu dùng tăng mạnh",
        "Theo Tổng cục Thống kê, kim ngạch nhập khẩu hàng tiêu dùng 10 tháng tăng 8% so với "
        "cùng kỳ năm trước; cán cân thương mại hàng hóa xuất siêu 20 tỷ USD.",
    ),
]


ABOUT_THE_CAMPAIGN.append(
    (
        "Thuốc nội vẫn khó vào bệnh viện",
        "Dù có chính sách ưu tiên, tỷ trọng thuốc nội trúng thầu tại các bệnh viện còn thấp; "
        "Bộ Y tế yêu cầu tăng sử dụng thuốc sản xuất trong nước.",
    )
)


# Round 2 of the real press (issue 20): the national sale month and the domestic market named
# without "hàng Việt", provincial awards titled without "tiêu biểu"; OCOP goods exported and
# Vietnamese goods weeks run by the trade offices abroad.
ABOUT_THE_CAMPAIGN += [
    (
        "Khởi động tháng khuyến mại tập trung quốc gia",
        "Chương trình khuyến mại tập trung quốc gia năm nay kéo dài đến Tết, nhằm kích cầu "
        "thị trường tiêu dùng trong nước sau một năm sức mua còn yếu.",
    ),
    (
        "Bình chọn sản phẩm công nghiệp nông thôn năm 2025",
        "Hội đồng cấp tỉnh chấm 40 sản phẩm của các cơ sở công nghiệp nông thôn, gồm đồ gỗ, "
        "chè búp và bánh đa nem; kết quả công bố vào tháng 9.",
    ),
]
NOT_ABOUT_IT += [
    (
        "Sản phẩm OCOP xuất khẩu vươn ra thế giới",
        "Nhiều sản phẩm OCOP 4 sao của tỉnh đã vào thị trường khó tính; hội chợ OCOP xuất "
        "khẩu kết nối chủ thể với nhà nhập khẩu Nhật Bản và châu Âu.",
    ),
    (
        "Tuần hàng Việt Nam tại Pháp",
        "Thương vụ Việt Nam tại Pháp phối hợp một chuỗi siêu thị tổ chức tuần hàng Việt, giới "
        "thiệu nước mắm, cà phê, gian hàng đặc sản cho người tiêu dùng châu Âu.",
    ),
]


# Round 2 opened for tuning: supply-and-demand conferences and trade links for the home market,
# fruit festivals, helping farmers sell a harvest that lost its price; official ("chính ngạch")
# exports and news from France are not about the campaign.
ABOUT_THE_CAMPAIGN += [
    (
        "Hội nghị kết nối cung cầu hàng hóa giữa các tỉnh",
        "Hơn 200 doanh nghiệp, hợp tác xã tham gia hội nghị, ký 45 biên bản hợp tác đưa nông "
        "sản, đặc sản vùng miền vào hệ thống siêu thị và chợ đầu mối.",
    ),
    (
        "Khai mạc Festival trái cây và sản phẩm OCOP",
        "Festival diễn ra trong bốn ngày với 150 gian hàng trái cây, đặc sản của các huyện; "
        "nhà vườn được hỗ trợ tiêu thụ vải thiều, nhãn trong mùa thu hoạch.",
    ),
    (
        "Chung tay giải cứu dưa hấu được mùa mất giá",
        "Các cơ quan, trường học đặt mua hơn 300 tấn; doanh nghiệp cam kết bao tiêu sản phẩm "
        "cho hợp tác xã theo hợp đồng kết nối cung-cầu năm sau.",
    ),
]
NOT_ABOUT_IT += [
    (
        "Xuất khẩu chè sang Trung Quốc qua đường chính ngạch",
        "Năm tháng đầu năm, chè xuất khẩu chính ngạch đạt 12 nghìn tấn, giá bình quân tăng 5%; "
        "doanh nghiệp cần truy xuất nguồn gốc để giữ thị trường.",
    ),
    (
        "Cà phê Việt đến với người tiêu dùng nước Pháp",
        "Tại hội chợ ở Paris, gian hàng cà phê Việt Nam thu hút khách; doanh nghiệp mong tìm "
        "nhà phân phối để mở rộng thị trường nước Pháp và châu Âu.",
    ),
]


# Round 3 scored: a trade department's Tết market report shares "kích cầu tiêu dùng" with the
# campaign; its words of market supervision say what it is.
NOT_ABOUT_IT.append(
    (
        "Tập trung kích cầu tiêu dùng sau Tết",
        "Sở Công Thương đánh giá thị trường ổn định, không xảy ra tình trạng khan hàng, sốt giá, "
        "đầu cơ, găm hàng; tổng mức bán lẻ hàng hóa tháng cao điểm tăng 10% so với cùng kỳ.",
    )
)


def test_words_joined_by_a_hyphen_are_their_words():
    from hangviet.monitoring.relevance import syllables

    assert syllables("kết nối cung-cầu, văn bản 03-CT/TW") == [
        "kết", "nối", "cung", "cầu", "văn", "bản", "03-ct/tw",
    ]  # fmt: skip


def test_a_vietnamese_place_is_not_a_foreign_country():
    """ "tại Lào Cai", "tại Mỹ Tho" are ours: no country phrase pulls a fair there down."""
    verdict = Lexicon.default().judge(
        "Phiên chợ hàng Việt về nông thôn diễn ra tại Lào Cai và tại Mỹ Tho với 80 gian hàng.",
        "Phiên chợ hàng Việt tại Lào Cai",
    )
    assert verdict.relevant and not [m for m in verdict.matches if m.topic == "negative"]


def test_a_title_about_another_subject_halves_the_content_lines():
    verdict = Lexicon.default().judge(
        "Các sản phẩm OCOP, đặc sản của tỉnh được giới thiệu tại hội chợ OCOP.",
        "Xuất khẩu sang thị trường nước ngoài",
    )
    subject = [m for m in verdict.matches if m.phrase == "tiêu đề nói về chủ đề khác"]
    assert subject and subject[0].weight < 0 and not verdict.relevant
    named = Lexicon.default().judge(
        "Hưởng ứng Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”, sản phẩm OCOP "
        "được giới thiệu tại hội chợ.",
        "Xuất khẩu sang thị trường nước ngoài",
    )
    assert not [m for m in named.matches if m.phrase == "tiêu đề nói về chủ đề khác"]


@pytest.mark.parametrize("title, text", ABOUT_THE_CAMPAIGN)
def test_the_campaign_family_is_recognised(title, text):
    verdict = Lexicon.default().judge(text, title)
    assert verdict.relevant, verdict.explain()


@pytest.mark.parametrize("title, text", NOT_ABOUT_IT)
def test_goods_abroad_counterfeits_and_statistics_are_not_campaign_news(title, text):
    verdict = Lexicon.default().judge(text, title)
    assert not verdict.relevant, verdict.explain()
    assert verdict.explain()  # and the judgement says why, phrase by phrase


def test_the_real_press_evaluation_says_what_is_missing(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    err = StringIO()
    call_command("monitor", "evaluate", "--real", "--dir", str(tmp_path), stderr=err)
    assert "texts are not in" in err.getvalue() and "p001" in err.getvalue()


def test_the_real_press_evaluation_reads_one_round_and_checks_hashes(tmp_path):
    """Only the texts of the round asked for are read; a text changed since it was labelled is
    named; the scores come with the keyword baseline."""
    import hashlib
    import json

    from hangviet.monitoring import evaluation

    index = tmp_path / "press.jsonl"
    texts = {
        "a1": ("Phiên chợ hàng Việt về xã vùng cao", True, 2),
        "b1": ("Giá lợn hơi hôm nay tăng nhẹ", False, 3),
        "b2": ("Khai mạc Tuần lễ sản phẩm OCOP của tỉnh", True, 3),
    }
    rows = []
    for ident, (text, label, rnd) in texts.items():
        data = f"{text}\n{text}.".encode()
        (tmp_path / f"{ident}.txt").write_bytes(data)
        digest = hashlib.sha256(data).hexdigest() if ident != "b2" else "0" * 64
        rows.append({"id": ident, "label": label, "half": "blind", "round": rnd, "sha256": digest})
    index.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    found, missing, changed = evaluation.load_real(tmp_path, "blind", index=index, round=3)
    assert [r["id"] for r in found] == ["b1", "b2"] and not missing and changed == ["b2"]
    report = evaluation.evaluate(found)
    assert report["lexicon"]["tp"] == 1 and report["lexicon"]["fp"] == 0
    assert evaluation.keyword_baseline(found)["tp"] == 0  # neither says "hàng Việt"
