"""Duties in news prose and letters, in the general kinds earlier blind rounds missed (issue
31), written by the team: a short lead-in clause before the body, modal and passive words
between the body and its verb, a leader's "chỉ đạo", "chỉ đạo … đối với", groups named
without a body word, a letter's "đề nghị Quý cơ quan" meaning its addressees — and a body
that reports what it did is not given work."""

from hangviet.plans.importing import administrative_content
from hangviet.plans.parsing import parse_lines


def assignees(text: str) -> list[str]:
    return [a.assignee_text for a in parse_lines(text.splitlines()).assignments]


def test_a_lead_in_clause_before_the_body_and_modal_words_after_it():
    assert assignees(
        "Theo kế hoạch, thành viên Ban Chỉ đạo cấp tỉnh sẽ chủ trì kiểm tra tại các huyện. "
        "Đồng thời, Hiệp hội Doanh nghiệp tỉnh tiếp tục vận động hội viên tham gia."
    ) == ["thành viên Ban Chỉ đạo cấp tỉnh", "Hiệp hội Doanh nghiệp tỉnh"]


def test_a_passive_assignment_names_the_body():
    assert assignees("Sở Công Thương được giao chủ trì tổ chức hội chợ hàng Việt năm 2024.") == [
        "Sở Công Thương"
    ]


def test_what_a_body_did_is_reported_not_given():
    plan = parse_lines(
        [
            "Năm 2023, các cơ quan báo chí đã đăng tải 520 tin, bài về Cuộc vận động.",
            "Các doanh nghiệp vừa tổ chức 12 phiên chợ hàng Việt về nông thôn.",
        ]
    )
    assert plan.assignments == []


def test_a_leaders_instruction_gives_work_to_the_bodies_named_after_it():
    assert assignees(
        "Tại hội nghị, Phó Chủ tịch UBND tỉnh Nguyễn Văn Hùng chỉ đạo các sở, ngành, địa "
        "phương tăng cường kiểm tra thị trường dịp cuối năm."
    ) == ["các sở, ngành, địa phương"]
    assert assignees(
        "Đó là chỉ đạo của UBND tỉnh đối với các sở, ban, ngành, UBND các huyện, thành phố "
        "trong việc triển khai Cuộc vận động năm 2024."
    ) == ["các sở, ban, ngành, UBND các huyện, thành phố"]


def test_groups_named_without_a_body_word():
    assert assignees(
        "Doanh nghiệp cần chủ động xây dựng thương hiệu, nâng cao chất lượng sản phẩm."
    ) == ["Doanh nghiệp"]


def test_a_letter_asking_its_addressees_gives_them_the_work():
    plan = parse_lines(
        (
            "SỞ CÔNG THƯƠNG\nSố: 312/SCT-QLTM\nV/v triển khai Cuộc vận động năm 2024\n"
            "Kính gửi:\n- Phòng Kinh tế và Hạ tầng các huyện;\n- Phòng Kinh tế thành phố.\n"
            "Thực hiện Kế hoạch số 45/KH-UBND ngày 02/02/2024 của UBND tỉnh, Sở Công Thương "
            "đề nghị Quý cơ quan phối hợp tổ chức các phiên chợ hàng Việt, báo cáo kết quả "
            "trước ngày 15/11/2024."
        ).splitlines()
    )
    [task] = plan.assignments
    assert task.assignee_text == "Phòng Kinh tế và Hạ tầng các huyện; Phòng Kinh tế thành phố"
    assert [m.text for m in task.mentions] == [
        "Phòng Kinh tế và Hạ tầng các huyện",
        "Phòng Kinh tế thành phố",
    ]
    assert task.deadline == "2024-11-15"
    assert administrative_content(plan)


def test_a_decisions_closing_article_gives_work_to_every_body_it_names():
    plan = parse_lines(
        (
            "QUYẾT ĐỊNH\nBan hành Kế hoạch thực hiện Cuộc vận động năm 2024\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện Cuộc vận động.\n"
            "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
            "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở: Công Thương, Tài chính; Chủ "
            "tịch UBND các huyện, thành phố và Thủ trưởng các cơ quan, đơn vị có liên quan chịu "
            "trách nhiệm thi hành Quyết định này."
        ).splitlines()
    )
    [task] = plan.assignments  # "Ban hành kèm theo …" (Điều 1) gives nobody work
    named = {m.text: m.group for m in task.mentions}
    assert named["Chánh Văn phòng UBND tỉnh"] is None
    assert named["UBND các huyện, thành phố"] == "district_pc"
    assert named["các cơ quan, đơn vị có liên quan"] == "plan_units"


def test_a_request_with_a_colon_after_its_verb():
    assert assignees(
        "UBND huyện đề nghị: các cơ quan, đơn vị, UBND các xã, thị trấn tổ chức tuyên truyền "
        "trên hệ thống loa truyền thanh cơ sở."
    ) == ["các cơ quan, đơn vị, UBND các xã, thị trấn"]


def test_a_party_style_number_and_a_date_cell_wrapped_after_its_day():
    plan = parse_lines(
        "TỈNH ỦY THÁI NGUYÊN\nSố: 35-KH/TU\nThái Nguyên, ngày 02\ntháng 3 năm 2023\n"
        "KẾ HOẠCH\nThực hiện Chỉ thị số 03-CT/TW ngày 19/4/2021 của Ban Bí thư".splitlines()
    )
    assert (plan.number, plan.joiner, plan.symbol) == ("35", "-", "KH/TU")
    assert plan.own_reference == "35-KH/TU"
    assert (plan.day, plan.month, plan.year) == (2, 3, 2023)
    assert [r.reference for r in plan.citations] == ["03-CT/TW"]
    older = parse_lines(["HỘI ĐỒNG BỘ TRƯỞNG", "Số: 09-CT", "Hà Nội, ngày 05 tháng 01 năm 1985"])
    assert older.own_reference == "09-CT"


def test_a_title_line_stands_apart_from_the_news_under_it():
    """A page's title has no full stop: it is not the start of the first sentence."""
    assert assignees(
        "Gia Lai: đưa hàng Việt về nông thôn\n"
        "Thời gian qua, Sở Công Thương đã chỉ đạo Trung tâm Khuyến công và Xúc tiến thương mại "
        "tổ chức các phiên chợ hàng Việt."
    ) == ["Trung tâm Khuyến công và Xúc tiến thương mại"]


def test_what_was_directed_in_the_past_names_who_got_the_work():
    assert assignees(
        "Hằng năm, Ủy ban MTTQ tỉnh đã xây dựng kế hoạch, hướng dẫn MTTQ các cấp và các tổ "
        "chức thành viên đẩy mạnh tuyên truyền."
    ) == ["MTTQ các cấp và các tổ chức thành viên"]


def test_narration_and_the_issuers_own_acts_are_not_work_given():
    plan = parse_lines(
        [
            "SỞ CÔNG THƯƠNG",
            "Số: 40/SCT-QLTM",
            "Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh, Sở Công Thương gửi danh sách "
            "điểm bán hàng Việt.",
            "Ngày 20/12/2023, Chủ tịch UBND tỉnh ban hành Chỉ thị số 19/CT-UBND.",
            "Phó Chủ tịch UBND tỉnh đánh giá cao kết quả thực hiện Cuộc vận động.",
            "Các hoạt động hưởng ứng sẽ tổ chức trong tháng 3.",
        ]
    )
    assert plan.assignments == []
