"""Duties in the general kinds round 7 showed missing (issue 31), written by the team: lists of
one kind of body written once ("các bộ Công an, Quốc phòng"), groups of every level of local
government ("Ủy ban MTTQ các tỉnh, thành phố"), a task list copied with each unit on a line of
its own, "đề nghị các đơn vị sau:" and the list under it, how-words in the middle of an
assignee, counted groups and "tổ chức đảng" as a body."""

from hangviet.plans.citations import reference_key
from hangviet.plans.duties import Assignment
from hangviet.plans.parsing import parse_lines


def read(text: str) -> list[tuple[str, list[str]]]:
    plan = parse_lines(text.splitlines())
    return [(a.assignee_text, [m.text for m in a.mentions]) for a in plan.assignments]


def only_duty(lines: list[str]) -> tuple[Assignment, list[str]]:
    """The one duty read from `lines` and the names of its units."""
    [duty] = parse_lines(lines).assignments
    return duty, [m.text for m in duty.mentions]


def test_a_list_of_ministries_written_once_names_each_ministry():
    assert read(
        "Thủ tướng yêu cầu các bộ Công an, Quốc phòng, Công Thương, Tài chính chỉ đạo lực "
        "lượng chức năng tăng cường kiểm tra."
    ) == [
        (
            "các bộ Công an, Quốc phòng, Công Thương, Tài chính",
            [
                "Bộ Công an",
                "Bộ Quốc phòng",
                "Bộ Công Thương",
                "Bộ Tài chính",
                "lực lượng chức năng",
            ],
        )
    ]


def test_every_level_of_local_government_is_one_group():
    assert read(
        "Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam đề nghị Ủy ban MTTQ các tỉnh, thành "
        "phố tiếp tục đẩy mạnh tuyên truyền Cuộc vận động."
    ) == [("Ủy ban MTTQ các tỉnh, thành phố", ["Ủy ban MTTQ các tỉnh, thành phố"])]
    assert read(
        "Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương chỉ đạo lực lượng chức năng "
        "phối hợp chặt chẽ."
    ) == [
        (
            "Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương",
            ["Chủ tịch UBND các tỉnh, thành phố trực thuộc Trung ương", "lực lượng chức năng"],
        )
    ]


def test_a_task_list_with_each_unit_on_a_line_of_its_own():
    assert read(
        "UBND tỉnh giao nhiệm vụ như sau:\n"
        "1. Sở Công Thương:\n"
        "- Chủ trì, phối hợp với các đơn vị tổ chức hội chợ hàng Việt.\n"
        "- Theo dõi, tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 15/12/2024.\n"
        "2. Sở Thông tin và Truyền thông:\n"
        "- Hướng dẫn các cơ quan báo chí tuyên truyền."
    ) == [
        ("Sở Công Thương", ["Sở Công Thương"]),
        ("Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"]),
    ]
    plan = parse_lines(["Kết quả như sau:", "1. Sở Công Thương:", "- 12 phiên chợ."])
    assert plan.assignments == []  # a unit heading over figures gives no work


def test_the_bodies_listed_under_de_nghi_cac_don_vi_sau():
    assert read(
        "Ban Chỉ đạo đề nghị các đơn vị sau triển khai thực hiện:\n"
        "- Hội Liên hiệp Phụ nữ tỉnh;\n"
        "- Tỉnh Đoàn;\n"
        "- Liên đoàn Lao động tỉnh."
    ) == [
        (
            "Hội Liên hiệp Phụ nữ tỉnh; Tỉnh Đoàn; Liên đoàn Lao động tỉnh",
            ["Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh Đoàn", "Liên đoàn Lao động tỉnh"],
        )
    ]


def test_how_words_end_the_body_whatever_verb_follows():
    assert read(
        "Kết luận hội nghị, đồng chí Chủ tịch Ủy ban MTTQ tỉnh yêu cầu Mặt trận các cấp tiếp "
        "tục đổi mới nội dung, phương thức tuyên truyền."
    ) == [("Mặt trận các cấp", ["Mặt trận các cấp"])]
    assert read("Sở Tài chính Cần Thơ cần bố trí kinh phí.")[0][0] == "Sở Tài chính Cần Thơ"


def test_qualifiers_counted_groups_and_party_organisations():
    assert read("Phó Chủ tịch UBND tỉnh đề nghị các sở, ngành liên quan phối hợp chặt chẽ.") == [
        ("các sở, ngành liên quan", ["các sở, ngành"])
    ]
    assert read(
        "UBND thành phố yêu cầu 13 doanh nghiệp tham gia chương trình bình ổn giá bảo đảm "
        "nguồn hàng."
    ) == [("13 doanh nghiệp", ["13 doanh nghiệp"])]
    assert read("Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng tăng cường lãnh đạo.") == [
        ("các cấp ủy, tổ chức đảng", ["các cấp ủy", "tổ chức đảng"])
    ]
    # "tổ chức hội nghị" is still organising
    assert read("Sở Công Thương tổ chức hội nghị quán triệt Kế hoạch.")[0][0] == "Sở Công Thương"
    assert (
        read("Các sở, ngành, địa phương được giao nhiệm vụ tổ chức tuyên truyền sâu rộng.")[0][0]
        == "Các sở, ngành, địa phương"
    )


def test_numbers_with_a_letter_and_symbols_written_with_tu():
    def cited(line: str) -> list[tuple[str, str | None, str]]:
        return [(c.reference, c.date, c.issuer) for c in parse_lines([line]).citations]

    assert cited("Thực hiện Nghị quyết số 30c/NQCP ngày 08/11/2011 của Chính phủ.") == [
        ("30c/NQCP", "2011-11-08", "Chính phủ")
    ]
    assert cited("Thực hiện Nghị quyết 30a/2008/NQ-CP của Chính phủ về giảm nghèo.") == [
        ("30a/2008/NQ-CP", None, "Chính phủ")
    ]
    assert cited("Căn cứ Chỉ thị số 03-CT/TƯ ngày 19/5/2021 của Ban Bí thư.") == [
        ("03-CT/TƯ", "2021-05-19", "Ban Bí thư")
    ]
    # the same directive written "TƯ" and "TW" is one document
    assert reference_key("03-CT/TƯ") == reference_key("03-CT/TW")


def test_a_sentence_that_opens_with_directing_gives_the_bodies_after_it_work():
    assert read(
        "Thủ tướng yêu cầu Bộ Công Thương bảo đảm nguồn hàng. Đồng thời, hướng dẫn các ngân "
        "hàng thương mại bảo đảm nguồn vốn. Chỉ đạo các lực lượng chức năng đẩy mạnh kiểm tra."
    ) == [
        ("Bộ Công Thương", ["Bộ Công Thương"]),
        ("các ngân hàng thương mại", ["các ngân hàng thương mại"]),
        ("các lực lượng chức năng", ["các lực lượng chức năng"]),
    ]


def test_the_bodies_a_body_is_asked_to_direct_share_the_work():
    assert read(
        "Chính phủ yêu cầu Bộ Công Thương chỉ đạo các đơn vị bảo đảm cân đối cung cầu."
    ) == [("Bộ Công Thương", ["Bộ Công Thương", "các đơn vị"])]
    assert (
        read(
            "Đó là yêu cầu Bộ Công Thương đưa ra khi chỉ đạo cho Cục Quản lý thị trường các tỉnh "
            "mở đợt cao điểm kiểm tra."
        )[0][0]
        == "Cục Quản lý thị trường các tỉnh"
    )
    assert read(
        "Quận ủy đã phân công trực tiếp đến các cấp ủy Đảng cơ sở lãnh đạo, chỉ đạo việc học tập."
    ) == [("các cấp ủy Đảng cơ sở", ["các cấp ủy Đảng cơ sở"])]


def test_a_capitalised_word_inside_a_list_of_names_is_a_name_not_a_verb():
    assert read(
        "Bộ trưởng các Bộ: Quốc phòng, Công an, Xây dựng, Công Thương; Bí thư, Chủ tịch Ủy ban "
        "nhân dân các tỉnh ven biển tiếp tục tập trung chỉ đạo ứng phó với bão."
    )[0][0] == (
        "Bộ trưởng các Bộ: Quốc phòng, Công an, Xây dựng, Công Thương; Bí thư, Chủ tịch Ủy ban "
        "nhân dân các tỉnh ven biển"
    )
    assert (
        read(
            "Thường trực Tỉnh ủy yêu cầu các Ban Cán sự Đảng, Đảng đoàn; các cơ quan tham mưu, "
            "giúp việc Tỉnh ủy tiếp tục quán triệt Nghị quyết."
        )[0][0]
        == "các Ban Cán sự Đảng, Đảng đoàn; các cơ quan tham mưu, giúp việc Tỉnh ủy"
    )


def test_numbered_items_in_news_and_the_body_that_leads():
    assert read(
        "Ban Thường vụ Quận ủy yêu cầu:\n"
        "1/ Các Chi Đảng bộ trực thuộc Quận ủy có trách nhiệm tổ chức quán triệt văn kiện.\n"
        "2/ Ban Tuyên giáo Quận ủy là cơ quan chủ trì hướng dẫn, theo dõi."
    ) == [
        ("Các Chi Đảng bộ trực thuộc Quận ủy", ["Các Chi Đảng bộ trực thuộc Quận ủy"]),
        ("Ban Tuyên giáo Quận ủy", ["Ban Tuyên giáo Quận ủy"]),
    ]
    # the item's number is not a reference
    assert parse_lines(["3/ UBND quận, các Ban Đảng Quận ủy phối hợp."]).citations == []


def test_kinh_gui_broken_over_lines_and_a_portals_table_before_the_header():
    plan = parse_lines(
        [
            "Kính",
            "gửi:",
            "|",
            "- Các bộ, cơ quan ngang bộ, cơ quan",
            "thuộc Chính phủ;",
            "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.",
            "|",
            "Bộ Thông tin và Truyền thông đề nghị Quý Cơ quan triển khai ngay các nhiệm vụ.",
        ]
    )
    assert [r.text for r in plan.recipients if r.addressed] == [
        "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
    ]
    assert "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương" in (
        plan.assignments[0].assignee_text
    )
    fields = ["Số hiệu", "0155/KH-UBND", "Ngày ban hành", "24/12/2025", "Loại văn bản"]
    fields += ["Kế hoạch", "Cơ quan ban hành", "Tỉnh Đắk Lắk", "Người ký", "Hồ Thị Nguyên Thảo"]
    fields += ["Lĩnh vực", "Công nghệ thông tin"]
    plan = parse_lines(
        ["Kế hoạch 0155/KH-UBND năm 2025 chuyển đổi số", *fields]
        + ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI", "CHỦ NGHĨA VIỆT NAM", "TỈNH ĐẮK LẮK"]
        + ["Độc lập - Tự do - Hạnh phúc", "Số: 0155/KH-UBND", "Đắk Lắk, ngày 24 tháng 12 năm 2025"]
        + ["CHUYỂN ĐỔI SỐ TỈNH ĐẮK LẮK NĂM 2026"]
    )
    assert (plan.own_reference, plan.issued_on and plan.issued_on.isoformat()) == (
        "0155/KH-UBND",
        "2025-12-24",
    )


def test_issuers_and_dates_said_around_a_reference_in_news():
    def cited(line: str) -> list[tuple[str, str | None, str]]:
        return [(c.reference, c.date, c.issuer) for c in parse_lines([line]).citations]

    assert cited(
        "Ngày 14 tháng 02 năm 2017 Bộ Thông tin và Truyền thông có Văn bản chỉ đạo số "
        "398/BTTTT-TTCS về việc tuyên truyền."
    ) == [("398/BTTTT-TTCS", "2017-02-14", "Bộ Thông tin và Truyền thông")]
    assert cited(
        "Đó là nội dung của Kế hoạch số 79-KH/BTGTU vừa được Ban Tuyên giáo Thành ủy Hà Nội "
        "ban hành."
    ) == [("79-KH/BTGTU", None, "Ban Tuyên giáo Thành ủy Hà Nội")]
    assert cited("Cục yêu cầu thực hiện nghiêm Chỉ thị số 04//CT-TTg ngày 20/1/2012.") == [
        ("04/CT-TTg", "2012-01-20", "Thủ tướng Chính phủ")
    ]


def test_each_clause_after_a_semicolon_that_gives_its_own_body_a_duty():
    assert [
        a
        for a, _ in read(
            "Ban Tuyên giáo Huyện ủy chủ trì tuyên truyền Đại hội; Ban Tổ chức Huyện ủy tham mưu "
            "củng cố cán bộ; Ủy ban kiểm tra Huyện ủy theo dõi giải quyết đơn, thư."
        )
    ] == ["Ban Tuyên giáo Huyện ủy", "Ban Tổ chức Huyện ủy", "Ủy ban kiểm tra Huyện ủy"]
    # a list of bodies over a semicolon is still one duty
    assert [
        a
        for a, _ in read(
            "Các sở, ban, ngành; Hiệp hội Doanh nghiệp tỉnh tiếp tục vận động hội viên."
        )
    ] == ["Các sở, ban, ngành; Hiệp hội Doanh nghiệp tỉnh"]


def test_connectors_partners_and_the_body_that_leads_after_do():
    assert (
        read(
            "Theo đó các sở thương mại, các doanh nghiệp nhà nước phải có kế hoạch bảo đảm hàng "
            "hóa."
        )[0][0]
        == "các sở thương mại, các doanh nghiệp nhà nước"
    )
    assert (
        read(
            "Quý I là thời điểm Tết Nguyên đán, vì vậy các ngành, địa phương cần phối hợp kiểm "
            "soát."
        )[0][0]
        == "các ngành, địa phương"
    )
    assert read(
        "Tỉnh ủy giao chỉ tiêu cho Hội Liên hiệp Phụ nữ tỉnh chủ trì và các ban, sở, ngành phối "
        "hợp thực hiện."
    ) == [("Hội Liên hiệp Phụ nữ tỉnh", ["Hội Liên hiệp Phụ nữ tỉnh", "các ban, sở, ngành"])]
    assert (
        read("Việc tổ chức Ngày hội ở khu dân cư do Ban công tác Mặt trận chủ trì.")[0][0]
        == "Ban công tác Mặt trận"
    )


def test_a_letter_sent_to_bodies_and_a_chairman_given_work():
    assert read(
        "Trước đó, Hội Nông dân tỉnh ban hành công văn số 71-CV/HNDT gửi Ban Thường vụ Hội Nông "
        "dân các huyện, thành phố; Ngân hàng Nông nghiệp chi nhánh tỉnh tuyên truyền vận động."
    )[0][0] == (
        "Ban Thường vụ Hội Nông dân các huyện, thành phố; Ngân hàng Nông nghiệp chi nhánh tỉnh"
    )
    assert read(
        "UBND tỉnh giao Chủ tịch UBND huyện Bình Xuyên chỉ đạo UBND xã Quất Lưu thực hiện."
    ) == [
        ("Chủ tịch UBND huyện Bình Xuyên", ["Chủ tịch UBND huyện Bình Xuyên", "UBND xã Quất Lưu"])
    ]
    assert read(
        "Chủ tịch UBND tỉnh giao Sở Thông tin và Truyền thông là cơ quan chủ trì, phối hợp, "
        "hướng dẫn các cơ quan thông tin đại chúng, UBND cấp huyện tổ chức thực hiện."
    )[0][1][1:] == ["UBND cấp huyện", "các cơ quan thông tin đại chúng"]
    # what one leader does is not work given
    assert (
        read("Chủ tịch UBND tỉnh tạm hoãn lịch tiếp công dân tháng 5 và tổ chức vào tháng 6.") == []
    )


def test_symbols_as_pages_write_them_and_a_legal_portals_particulars():
    def cited(line: str) -> list[tuple[str, str | None, str]]:
        return [(c.reference, c.date, c.issuer) for c in parse_lines([line]).citations]

    assert cited(
        "Căn cứ Kế hoạch số 298 KH/TWĐTN ngày 14/7/2011 của Ban Chấp hành Trung ương."
    ) == [("298 KH/TWĐTN", "2011-07-14", "Ban Chấp hành Trung ương")]
    assert cited("Căn cứ Chương trình phối hợp số 01/CTrPH-MTTQ-BĐ.TP ngày 27/5/2016.")[0][0] == (
        "01/CTrPH-MTTQ-BĐ.TP"
    )
    assert cited("Quyết định số 2035/QÐ-UBND ngày 1/2/2020 của UBND tỉnh.")[0][0] == "2035/QĐ-UBND"
    assert cited("Theo Quyết định 12/QĐ-UBND.Theo đó, các xã thực hiện.")[0][0] == "12/QĐ-UBND"
    assert cited(
        "Căn cứ các văn bản của Bộ Thông tin và Truyền thông: Công văn số 1178/BTTTT-THH ngày "
        "24/4/2015 ban hành Khung kiến trúc."
    ) == [("1178/BTTTT-THH", "2015-04-24", "Bộ Thông tin và Truyền thông")]
    plan = parse_lines(
        [
            "Thông tin văn bản",
            "• Thông tư liên tịch số 02/2011/TTLT-VPCP-BNV ngày 28/01/2011 hướng dẫn chức năng",
            "• Số hiệu văn bản: 02/2011/TTLT-VPCP-BNV",
            "• Loại văn bản: Thông tư liên tịch",
            "• Ngày ban hành: 28-01-2011",
        ]
    )
    assert (plan.own_reference, plan.issued_on and plan.issued_on.isoformat()) == (
        "02/2011/TTLT-VPCP-BNV",
        "2011-01-28",
    )
    assert plan.citations == []  # its own number is not a citation


def test_bodies_known_by_their_task_and_leaders_addressed():
    assert (
        read(
            "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh có nhiệm vụ tổ chức đánh giá các sản "
            "phẩm do cấp huyện đề xuất."
        )[0][0]
        == "Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh"
    )
    assert read("Ông Thiệu giao Tổ giúp việc khẩn trương hoàn chỉnh hồ sơ.")[0][0] == (
        "Tổ giúp việc"
    )
    assert (
        read(
            "Ông Mãi đề nghị lãnh đạo Ủy ban MTTQ Việt Nam thành phố, các đoàn thể vận động hội "
            "viên."
        )[0][0]
        == "lãnh đạo Ủy ban MTTQ Việt Nam thành phố, các đoàn thể"
    )
    assert read(
        "Lãnh đạo tỉnh yêu cầu Giám đốc Công an tỉnh chỉ đạo công an các đơn vị phối hợp kiểm tra."
    ) == [("Giám đốc Công an tỉnh", ["Giám đốc Công an tỉnh", "công an các đơn vị"])]
    assert (
        read(
            "Các cơ quan, đơn vị, trường học, bệnh viện và hộ nhân dân treo cờ Tổ quốc trong "
            "ngày này."
        )[0][0]
        == "Các cơ quan, đơn vị, trường học, bệnh viện và hộ nhân dân"
    )


def test_an_issuer_a_page_glued_together():
    assert (
        parse_lines(
            ["Căn cứ Quyết định số 34/2014/QĐ-TTg ngày 30/5/2014 của Thủ tướng chínhphủ về việc X."]
        )
        .citations[0]
        .issuer
        == "Thủ tướng Chính phủ"
    )


def test_a_decisions_closing_article_cut_before_its_verb_and_more_kinds():
    assert read(
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Công Thương, Tài chính; "
        "Giám đốc Công an tỉnh, Gi"
    )[0][0] == (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Công Thương, Tài chính; Giám đốc "
        "Công an tỉnh"
    )
    assert read(
        "2. Ban Quản lý chợ huyện, Ủy ban nhân dân các xã, thị trấn có trách nhiệm thông báo."
    )[0][1] == ["Ủy ban nhân dân các xã, thị trấn", "Ban Quản lý chợ huyện"]
    assert (
        read("Chủ tịch UBND huyện yêu cầu lãnh đạo xã Mỹ Quí chỉ đạo tăng cường tuyên truyền.")[0][
            0
        ]
        == "lãnh đạo xã Mỹ Quí"
    )
    assert read(
        "UBND tỉnh giao Sở Công Thương chủ trì, phối hợp với các đơn vị liên quan, chỉ đạo "
        "hướng dẫn Ủy ban nhân dân các huyện, thị xã, thành phố, thực hiện thủ tục."
    )[0][1] == [
        "Sở Công Thương",
        "Ủy ban nhân dân các huyện, thị xã, thành phố",
        "các đơn vị liên quan",  # "phối hợp với …": the partners share the work
    ]
    cited = parse_lines(["Theo Công văn số 11554/VPCP-V.I ngày 5/12/2019 về việc X."]).citations
    assert [(c.reference, c.issuer) for c in cited] == [("11554/VPCP-V.I", "Văn phòng Chính phủ")]


def test_a_place_broken_before_its_comma_and_a_joint_inspection_team():
    plan = parse_lines(
        ["ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "Số: 68/KH-UBND", "|", "Sơn", "La, ngày 11 tháng 3"]
        + ["năm 2020", "|", "KẾ HOẠCH", "Triển khai Chỉ thị số 37-CT/TW"]
    )
    assert (plan.place, plan.issued_on and plan.issued_on.isoformat()) == ("Sơn La", "2020-03-11")
    assert read("Đoàn liên ngành của tỉnh sẽ kiểm tra thường xuyên các cơ sở kinh doanh.") == [
        ("Đoàn liên ngành của tỉnh", ["Đoàn liên ngành của tỉnh"])
    ]


def test_a_purpose_clause_with_commas_of_its_own_before_the_body():
    assert read(
        "Để chủ động phòng ngừa, kịp thời phát hiện, đấu tranh, ngăn chặn các hành vi vi phạm, "
        "Ban Chỉ đạo 389 tỉnh chỉ đạo các lực lượng chức năng đẩy mạnh kiểm tra."
    ) == [("Ban Chỉ đạo 389 tỉnh", ["Ban Chỉ đạo 389 tỉnh", "các lực lượng chức năng"])]


def test_a_header_date_a_page_wrapped_after_the_month_word_is_read():
    plan = parse_lines(
        [
            "ỦY BAN NHÂN",
            "DÂN",
            "TỈNH THỪA THIÊN HUẾ",
            "Số: 115/KH-UBND",
            "Thừa Thiên",
            "Huế, ngày 08 tháng",
            "5 năm 2020",
            "KẾ",
            "HOẠCH",
            "Tổ chức đánh giá sản phẩm OCOP năm 2020",
        ]
    )
    assert (plan.own_reference, plan.issued_on.isoformat()) == ("115/KH-UBND", "2020-05-08")
    assert plan.place == "Thừa Thiên Huế"


def test_a_decisions_closing_article_read_past_its_salutation():
    for salutation in ("Các Ông (Bà):", "Các ông, bà:", "Các ông/bà"):
        assert read(
            f"Điều 3. {salutation} Chánh Văn phòng UBND tỉnh, Giám đốc Sở Công Thương chịu "
            "trách nhiệm thi hành Quyết định này."
        ) == [
            (
                "Chánh Văn phòng UBND tỉnh, Giám đốc Sở Công Thương",
                ["Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Công Thương"],
            )
        ]


def test_a_number_whose_symbol_has_u_horn_is_the_documents_own():
    plan = parse_lines(
        [
            "BAN CHỈ ĐẠO LIÊN NGÀNH TRUNG ƯƠNG VỀ AN TOÀN THỰC PHẨM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA "
            "VIỆT NAM |",
            "Số: 1751/KH-BCĐTƯATTP | Hà Nội, ngày 18 tháng 12 năm 2024 |",
            "KẾ HOẠCH",
            "Triển khai công tác bảo đảm an toàn thực phẩm Tết Nguyên đán",
        ]
    )
    assert (plan.own_reference, plan.issued_on.isoformat()) == (
        "1751/KH-BCĐTƯATTP",
        "2024-12-18",
    )


def test_the_bodies_directed_end_where_their_work_begins():
    plan = parse_lines(
        ["UBND tỉnh chỉ đạo UBND các xã, phường xử lý, giải tỏa triệt để các chợ cóc."]
    )
    [duty] = plan.assignments
    assert duty.directed_text == "UBND các xã, phường"
    assert [m.text for m in duty.mentions] == ["UBND tỉnh", "UBND các xã, phường"]


def test_a_head_of_police_and_a_body_asked_to_ask_in_turn_are_given_work():
    assert read(
        "Công an TP.HCM giao Trưởng Công an quận 7 và Trưởng Công an huyện Củ Chi phối hợp "
        "xây dựng phương án."
    ) == [
        (
            "Trưởng Công an quận 7 và Trưởng Công an huyện Củ Chi",
            ["Trưởng Công an quận 7", "Trưởng Công an huyện Củ Chi"],
        )
    ]
    assert read(
        "Sở Công Thương đề nghị các doanh nghiệp kinh doanh xăng dầu yêu cầu các cửa hàng "
        "bán lẻ niêm yết đường dây nóng."
    ) == [
        (
            "các doanh nghiệp kinh doanh xăng dầu",
            ["các doanh nghiệp kinh doanh xăng dầu"],
        )
    ]


def test_a_portals_title_above_the_header_and_particulars_two_to_a_line():
    plan = parse_lines(
        [
            "THÔNG BÁO",
            "V/v Tạm dừng họp chợ phiên xã Sơn Vĩ",
            "21/07/2021 08:25 145 lượt xem",
            "ỦY BAN NHÂN DÂN",
            "XÃ SƠN VĨ",
            "Số:   07 /TB-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Sơn Vĩ, ngày  21 tháng 7  năm 2021",
            "THÔNG BÁO",
            "V/v Tạm dừng họp chợ phiên xã Sơn Vĩ",
        ]
    )
    assert (plan.own_reference, plan.issued_on.isoformat()) == ("07/TB-UBND", "2021-07-21")
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN XÃ SƠN VĨ"  # not the portal's title
    cut = parse_lines(
        [
            "Số hiệu: 641/BNV-BCĐ Loại văn bản: Công văn",
            "Ngày ban hành: 10/02/2021 Ngày hiệu lực: Đã biết",
            "BỘ NỘI VỤ",
            "Số: 641/BNV-BCĐ",
            "CỘNG HÒA X",
        ]
    )
    assert (cut.own_reference, cut.issued_on.isoformat()) == ("641/BNV-BCĐ", "2021-02-10")
    assert reference_key("2529/VPCP-V .I") == reference_key("2529/VPCP-V.I")


def test_a_letter_sent_to_bodies_asking_them_and_a_state_group_as_a_body():
    [(assignee, mentions)] = read(
        "Bộ Công Thương vừa có công văn gửi tới các Bộ, ngành gồm Bộ Công an, Bộ Tài chính, "
        "UBND các tỉnh, thành phố đề nghị tăng cường các biện pháp bảo đảm nguồn cung xăng dầu."
    )
    assert assignee == "các Bộ, ngành gồm Bộ Công an, Bộ Tài chính, UBND các tỉnh, thành phố"
    assert "Bộ Tài chính" in mentions and "UBND các tỉnh, thành phố" in mentions
    assert read(
        "Phó Bí thư Tỉnh ủy đã đề nghị Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam tăng "
        "cường tiêu thụ các sản phẩm OCOP của tỉnh."
    ) == [
        (
            "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
            ["Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam"],
        )
    ]


def test_staff_abbreviated_groups_and_counted_ministries_are_given_work():
    assert read(
        "UBND xã giao chuyên viên Văn phòng HĐND & UBND xã theo dõi, tổng hợp kết quả thực hiện "
        "Cuộc vận động."
    ) == [("chuyên viên Văn phòng HĐND & UBND xã", ["chuyên viên Văn phòng HĐND & UBND xã"])]
    # "đang" (what they are doing) is not part of the group; "Đảng" is a word of a body
    assert read(
        "Sở Giáo dục và Đào tạo yêu cầu các CSGD đang tổ chức bữa ăn bán trú tăng cường kiểm "
        "tra nguồn gốc thực phẩm."
    ) == [("các CSGD", ["các CSGD"])]
    assert read("Hai bộ Y tế và Công thương kiểm tra an toàn thực phẩm dịp Tết.") == [
        ("Hai bộ Y tế và Công thương", ["Hai bộ Y tế và Công thương"])
    ]


def test_a_letter_the_page_cut_before_its_request_is_its_addressees_duty():
    duty, mentions = only_duty(
        [
            "SỞ CÔNG THƯƠNG",
            "Số: 88/SCT-QLTM",
            "V/v tăng cường kiểm soát thị trường dịp Tết",
            "Kính gửi:",
            "- Sở Nông nghiệp và Phát triển nông thôn;",
            "- UBND các huyện, thành phố.",
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 10/01/2022 của UBND tỉnh về",
        ]
    )
    assert mentions == [
        "Sở Nông nghiệp và Phát triển nông thôn",
        "UBND các huyện, thành phố",
    ]
    assert duty.text.startswith(
        "Thực hiện Công văn số 88/SCT-QLTM về việc tăng cường kiểm soát thị trường dịp Tết"
    )
    # a report goes up: those it is addressed to are given nothing
    report = parse_lines(["BÁO CÁO", "Kính gửi: UBND tỉnh", "Kết quả thực hiện Cuộc vận động"])
    assert report.assignments == []


def test_partners_forces_heads_and_abbreviated_places_are_given_work():
    """Round 18's general kinds, in the team's own sentences."""
    [(assignee, mentions)] = read(
        "Giao Chi cục Quản lý thị trường là cơ quan đầu mối, chủ trì phối hợp với các hợp tác "
        "xã làm việc với các siêu thị… để nắm nhu cầu và phối hợp với Bưu điện tỉnh tổ chức "
        "giao hàng; phối hợp với Hội Liên hiệp Phụ nữ tỉnh triển khai điểm bán lưu động."
    )
    assert assignee == "Chi cục Quản lý thị trường"
    assert {"Bưu điện tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"} <= set(mentions)
    assert read("Chủ tịch UBND tỉnh yêu cầu TP. Pleiku khẩn trương bàn giao mặt bằng.") == [
        ("TP. Pleiku", ["TP. Pleiku"])
    ]
    assert read(
        "Ban Chỉ đạo đề nghị lực lượng Bộ đội Biên phòng, Hải quan xây dựng phương án kiểm "
        "soát hàng lậu."
    )[0][1] == ["lực lượng Bộ đội Biên phòng", "Hải quan"]
    assert read(
        "Đội Quản lý thị trường số 3 đã chỉ đạo các tổ công tác phối hợp với UBND xã Hòa Bình "
        "tổ chức ký cam kết với các hộ kinh doanh."
    )[0][1] == ["các tổ công tác", "UBND xã Hòa Bình"]
    [directing] = parse_lines(
        [
            "UBND thành phố giao Sở Công Thương chủ trì chỉ đạo các Tcty, các doanh nghiệp giết "
            "mổ thu mua heo thịt."
        ]
    ).assignments
    assert "các Tcty" in [m.text for m in directing.mentions]
    # "truyền thông báo chí" is a kind of body, not "thông báo" (announce)
    assert read("Các cơ quan truyền thông báo chí của tỉnh tăng cường tuyên truyền.") == [
        (
            "Các cơ quan truyền thông báo chí của tỉnh",
            ["Các cơ quan truyền thông báo chí của tỉnh"],
        )
    ]


def test_a_closing_article_wrapped_by_the_page_and_a_number_spaced_from_its_symbol():
    _duty, mentions = only_duty(
        [
            "Điều 3. Chánh Văn phòng Bộ, Chánh Thanh tra",
            "Bộ Công Thương, Vụ trưởng Vụ Thị trường trong nước, Cục trưởng",
            "Cục Xúc tiến thương mại chịu trách nhiệm thi",
            "hành Quyết định này./.",
        ]
    )
    assert mentions == [
        "Chánh Văn phòng Bộ",
        "Chánh Thanh tra Bộ Công Thương",
        "Vụ trưởng Vụ Thị trường trong nước",
        "Cục trưởng Cục Xúc tiến thương mại",
    ]
    letter = parse_lines(["BỘ THƯƠNG MẠI", "Số: 1450 TM/XNK", "Hà Nội, ngày 3 tháng 6 năm 2004"])
    assert (letter.own_reference, letter.issued_on.isoformat()) == ("1450 TM/XNK", "2004-06-03")
    assert parse_lines(["Số: 12 người tham dự"]).own_reference == ""


def test_what_an_official_said_after_cho_biet_is_read_as_its_own_sentence():
    # the bodies directed in a reported statement are given work; the reporting body's own
    # partners ("phối hợp với các cơ quan liên quan") are not theirs
    assert read(
        "Ông Lê Văn Bình, Phó Giám đốc Sở Công Thương cho biết: Thực hiện chỉ đạo của Bộ, Sở đã "
        "có văn bản phối hợp với các cơ quan liên quan và chỉ đạo các huyện vận động doanh "
        "nghiệp dự trữ hàng hóa."
    ) == [("các huyện", ["các huyện"])]


def test_more_verbs_of_enforcement_and_one_kind_of_body_over_a_comma():
    assert read("Yêu cầu UBND các xã xử lý nghiêm các trường hợp vi phạm.") == [
        ("UBND các xã", ["UBND các xã"])
    ]
    assert read(
        "UBND tỉnh đề nghị các cơ quan, đơn vị của tỉnh thông tin, vận động cán bộ hưởng ứng."
    ) == [("các cơ quan, đơn vị của tỉnh", ["các cơ quan, đơn vị"])]
    assert read(
        "Đề nghị các cơ quan thông tin, tuyên truyền của tỉnh phối hợp thực hiện tuyên truyền."
    ) == [
        (
            "các cơ quan thông tin, tuyên truyền của tỉnh",
            ["các cơ quan thông tin, tuyên truyền của tỉnh"],
        )
    ]


def test_what_bodies_did_or_are_doing_is_reported_not_work_given():
    for news in [
        "Các đơn vị kinh doanh đang chuẩn bị kế hoạch dự trữ hàng hóa Tết.",
        "UBND Thành phố ban hành Kế hoạch triển khai các hoạt động bảo vệ người tiêu dùng.",
        "Mặt trận các cấp và các tổ chức thành viên đã góp phần nâng cao ý thức, tuyên truyền "
        "sâu rộng Cuộc vận động.",
        "Tại đây, lực lượng Công an phát hiện nhiều sản phẩm không rõ nguồn gốc.",
        "Trong hai ngày 29 và 30/11, Đội Quản lý thị trường số 2 tăng cường kiểm tra các chợ.",
        "Tổng cục Quản lý thị trường có Quyết định số 15/QĐ-TCQLTT về việc hỗ trợ tiêu thụ.",
    ]:
        assert read(news) == [], news
    # … but what a body called on others to do gives them work
    assert read(
        "Chi cục Quản lý thị trường đã kêu gọi các sở, ban, ngành và UBND các huyện cùng chung "
        "tay hỗ trợ tiêu thụ nông sản."
    )[0][1] == ["các sở, ban, ngành", "UBND các huyện"]


def test_round_19_kinds_of_work_given_in_news_and_decisions():
    """Round 19's general kinds, in the team's own sentences."""
    assert read(
        "Cụ thể, tỉnh đã chỉ đạo Chi cục Thú y phối hợp với Công an tỉnh kiểm tra các lò mổ."
    ) == [("Chi cục Thú y", ["Chi cục Thú y", "Công an tỉnh"])]
    assert read(
        "Đối với Sở Công Thương, UBND tỉnh yêu cầu đẩy mạnh xúc tiến thương mại sản phẩm OCOP."
    ) == [("Sở Công Thương", ["Sở Công Thương"])]
    assert read("2. Cơ quan thực hiện: Sở Công Thương.") == [("Sở Công Thương", ["Sở Công Thương"])]
    assert read("Tăng cường chỉ đạo các cơ quan chuyên môn đẩy mạnh tuyên truyền.")[0][0] == (
        "các cơ quan chuyên môn"
    )
    assert read("Đồng thời chỉ đạo lực lượng chức năng hỗ trợ phân luồng giao thông.") == [
        ("lực lượng chức năng", ["lực lượng chức năng"])
    ]
    assert read(
        "Cục đã có văn bản hỏa tốc gửi các sở công thương, nhằm xác định khả năng cung ứng."
    ) == [("các sở công thương", ["các sở công thương"])]
    assert read("Cục đã giao nhiệm vụ cụ thể cho các đơn vị trực thuộc.") == [
        ("các đơn vị trực thuộc", ["các đơn vị trực thuộc"])
    ]
    # not bodies: a reader addressed ("Bạn"), the last of a list, a failing reported
    assert read("Bạn cũng có thể dừng bất kỳ lúc nào để gửi kết quả.") == []
    assert read("UBND các huyện, thành phố chỉ đạo các xã treo băng rôn.")[0][0] == (
        "UBND các huyện, thành phố"
    )
    assert read("UBND một số tỉnh chưa bố trí kinh phí cho công tác an toàn thực phẩm.") == []


def test_round_19_citations_and_a_header_after_a_portals_list_of_related_documents():
    plan = parse_lines(
        [
            "- 1Nghị định 02/2003/NĐ-CP về phát triển và quản lý chợ",
            "- 2Văn bản hợp nhất 11/VBHN-BCT năm 2014 hợp nhất Nghị định về phát triển và quản "
            "lý chợ do Bộ Công thương ban hành, nội dung được tổng hợp từ các văn bản sửa đổi, "
            "bổ sung qua các thời kỳ để người đọc tiện tra cứu và áp dụng",
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
            "Số: 715/QĐ-UBND | Hòa Bình, ngày 3 tháng 4 năm 2019 |",
            "Căn cứ Văn bản hợp nhất số 11/VBHN-BCT ngày 23/11/2014 của Bộ Công Thương;",
            "Ngày 07⁄12⁄2016, UBND tỉnh ban hành Kế hoạch số 2453⁄KH-UBND về Ngày Quyền của "
            "người tiêu dùng.",
            "Thực hiện Công văn số 3364/BCĐ-QLTT ngày 27/9/2023, Công văn số 03/BCĐ-QLTT ngày "
            "05/02/2024 của Ban Chỉ đạo 389 tỉnh.",
        ]
    )
    assert (plan.own_reference, plan.issued_on.isoformat()) == ("715/QĐ-UBND", "2019-04-03")
    cited = {c.reference: c for c in plan.citations}
    assert cited["11/VBHN-BCT"].date == "2014-11-23"  # completed from its second mention
    assert "2453/KH-UBND" in cited  # a fraction slash is a slash
    assert cited["3364/BCĐ-QLTT"].issuer == "Ban Chỉ đạo 389 tỉnh"  # the list's issuer


def test_the_ministries_a_letter_is_addressed_to_are_the_ministries_it_asks():
    plan = parse_lines(
        [
            "VĂN PHÒNG CHÍNH PHỦ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
            "Số: 210/VPCP-KGVX | Hà Nội, ngày 10 tháng 01 năm 2019 |",
            "Kính gửi: | - Các Bộ: Y tế, Công Thương, Công an, Tài chính; |",
            "Thủ tướng Chính phủ có ý kiến chỉ đạo như sau:",
            "1. Các bộ, cơ quan liên quan tập trung chỉ đạo kiểm tra an toàn thực phẩm dịp Tết.",
        ]
    )
    mentions = [m.text for m in plan.assignments[0].mentions]
    assert {"Bộ Y tế", "Bộ Công Thương", "Bộ Công an", "Bộ Tài chính"} <= set(mentions)


def test_bodies_bound_by_a_rule_without_a_duty_verb():
    assert read("2/ Thương nhân kinh doanh rượu không được bán rượu tại bệnh viện.") == [
        ("Thương nhân kinh doanh rượu", ["Thương nhân kinh doanh rượu"])
    ]
    assert read("Tất cả các hộ kinh doanh tại chợ chỉ được bày bán trong khu vực quy định.") == [
        ("Tất cả các hộ kinh doanh tại chợ", ["Tất cả các hộ kinh doanh tại chợ"])
    ]
    # a duty verb after the rule keeps the bodies directed
    assert read("UBND các huyện phải chỉ đạo các xã treo băng rôn.")[0][1] == [
        "UBND các huyện",
        "các xã",
    ]


def test_an_ask_passed_down_a_level_gives_both_levels_work():
    [(assignee, mentions)] = read(
        "Bộ Tài chính đề nghị Sở Tài chính các địa phương chủ động có công văn yêu cầu các "
        "doanh nghiệp kinh doanh sữa thực hiện kê khai giá."
    )
    assert assignee == "Sở Tài chính các địa phương"
    assert "các doanh nghiệp kinh doanh sữa" in mentions


def test_round_20_dates_and_issuers_of_citations():
    plan = parse_lines(
        [
            "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
            "Số: 812/QĐ-UBND | Cao Bằng, ngày 12 tháng 6 năm 2021 |",
            "BAN HÀNH KẾ HOẠCH THỰC HIỆN QUYẾT ĐỊNH SỐ 100/QĐ-TTG CỦA THỦ TƯỚNG CHÍNH PHỦ",
            "Căn cứ Quyết định số 100/QĐ-TTg ngày 19/01/2019 của Thủ tướng Chính phủ;",
            "Sở Y tế vừa ban hành Công văn đề nghị UBND các huyện, thành phố tăng cường quản lý "
            "quảng cáo (Công văn số 798/SYT-QLHN, ngày 24/5/2019).",
            "Cục Quản lý và Phát triển thị trường trong nước (Bộ Công Thương) vừa ban hành Công "
            "văn số 563/TTTN-XD ngày 26/4/2025 về nguồn cung xăng dầu.",
        ]
    )
    cited = {reference_key(c.reference): c for c in plan.citations}
    # the header's own date is not the date of the document its title names
    assert cited[reference_key("100/QĐ-TTg")].date == "2019-01-19"
    assert cited[reference_key("798/SYT-QLHN")].issuer == "Sở Y tế"
    assert cited[reference_key("563/TTTN-XD")].issuer == (
        "Cục Quản lý và Phát triển thị trường trong nước (Bộ Công Thương)"
    )


def test_round_20_kinds_of_work_given():
    [(assignee, mentions)] = read(
        "UBND các tỉnh chỉ đạo sát sao các Sở và Ban, ngành của tỉnh phối hợp kiểm tra."
    )
    assert assignee == "UBND các tỉnh" and "các Sở" in mentions  # "sát sao" is how, not whom
    assert read("UBND thành phố đã có văn bản gửi Sở Tài chính, yêu cầu giữ giá bình ổn.") == [
        ("Sở Tài chính", ["Sở Tài chính"])
    ]
    assert read("Ông Lê Hoàng Quân chỉ đạo Công an thành phố tăng cường tuần tra.")[0][0] == (
        "Công an thành phố"
    )
    assert (
        "Công an huyện"
        in read(
            "Đội Quản lý thị trường số 2 chủ trì cùng Công an huyện phối hợp kiểm tra các chợ."
        )[0][1]
    )
    partners = read(
        "UBND tỉnh giao Sở Y tế chủ trì, phối hợp các sở, ban, ngành, đoàn thể nghiên cứu."
    )[0][1]
    assert "các sở, ban, ngành" in partners
    assert (
        read(
            "Bộ Công Thương đã chỉ đạo các thương vụ Việt Nam tại các nước giới thiệu nguồn hàng."
        )[0][0]
        == "các thương vụ Việt Nam tại các nước"
    )


def test_what_a_review_found_the_reader_misread():
    # partners belong to the body of their own clause
    assert read(
        "Giao Sở Y tế chủ trì, phối hợp các cơ quan báo chí tuyên truyền; Sở Tài chính phối hợp "
        "Công an tỉnh bố trí kinh phí."
    ) == [
        ("Sở Y tế", ["Sở Y tế", "các cơ quan báo chí"]),
        ("Sở Tài chính", ["Sở Tài chính", "Công an tỉnh"]),
    ]
    # a place named "Bà …", "… La", "Cần …" keeps its name; "Cần bổ sung" is no "cán bộ"
    assert read("UBND tỉnh Bà Rịa - Vũng Tàu chỉ đạo các sở, ngành tăng cường kiểm tra.")[0][0] == (
        "UBND tỉnh Bà Rịa - Vũng Tàu"
    )
    assert read("Giao Sở Công Thương tỉnh Sơn La chủ trì kiểm tra.")[0][0] == (
        "Sở Công Thương tỉnh Sơn La"
    )
    assert read("Đề nghị UBND huyện Cần Đước phối hợp kiểm tra.")[0][0] == "UBND huyện Cần Đước"
    assert read("Cần bổ sung kinh phí cho các xã.") == []
    assert read("Lực lượng lao động phải được đào tạo nghề.") == []
    # a report sent up asks nothing of the body it goes to
    assert read("Sở Y tế đã có văn bản gửi Bộ Y tế báo cáo tình hình dịch bệnh.") == []


def test_a_long_sentence_of_many_openers_is_read():
    # (no longer read again and again to its end for each opener; a body is named within its
    # first 600 characters)
    plan = parse_lines(["Văn bản gửi Sở Công Thương " * 200])
    assert plan.assignments[0].assignee_text.startswith("Sở Công Thương")
