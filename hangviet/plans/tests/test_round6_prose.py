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
