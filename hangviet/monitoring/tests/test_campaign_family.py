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
    assert "texts are not in" in err.getvalue() and "a01" in err.getvalue()
