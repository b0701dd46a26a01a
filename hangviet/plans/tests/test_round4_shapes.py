"""Document shapes of the fourth real-input round (issue 31), written by the team in the shapes
the blind set showed: the own number on a line with the place and date, with spaces around its
dash, after the date, after the issuer on the same line; "V/v" lines; "Kính gửi:" lists;
numbered task lists led by their unit; prose asking named bodies to act."""

from hangviet.plans.importing import administrative_content
from hangviet.plans.parsing import parse_lines, reference_key


def parse(text: str):
    return parse_lines(text.splitlines())


def own_is_not_cited(plan) -> bool:
    own = reference_key(f"{plan.number}/{plan.symbol}")
    return all(reference_key(r.reference) != own for r in plan.citations)


def test_number_place_and_date_on_one_line():
    plan = parse(
        "ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI TỪ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n"
        "Số: 215/KH-UBND    Đại Từ, ngày 14 tháng 3 năm 2023\n"
        "KẾ HOẠCH\nTuyên truyền Cuộc vận động năm 2023\n"
        "Thực hiện Kế hoạch số 37-KH/TU ngày 02/3/2023 của Tỉnh ủy Thái Nguyên."
    )
    assert (plan.number, plan.symbol) == ("215", "KH-UBND")
    assert (plan.place, plan.day, plan.month, plan.year) == ("Đại Từ", 14, 3, 2023)
    assert own_is_not_cited(plan) and [r.reference for r in plan.citations] == ["37-KH/TU"]


def test_a_symbol_with_spaces_around_its_dash_is_not_its_own_citation():
    plan = parse(
        "UBND XÃ TÂN CƯƠNG\nSố: 45/KH - UBND\nTân Cương, ngày 05 tháng 4 năm 2024\n"
        "KẾ HOẠCH\nTriển khai Cuộc vận động\n"
        "Căn cứ Kế hoạch số 45/KH - UBND của UBND xã; Kế hoạch số 18/KH-SVHTTDL ngày "
        "23/01/2024 của Sở Văn hóa, Thể thao và Du lịch."
    )
    assert (plan.number, plan.symbol) == ("45", "KH-UBND")
    assert own_is_not_cited(plan)
    assert [r.reference for r in plan.citations] == ["18/KH-SVHTTDL"]


def test_the_date_before_the_number_and_the_issuer_before_the_number_on_one_line():
    plan = parse(
        "Phú Bình, ngày 20 tháng 02 năm 2024\n"
        "ỦY BAN NHÂN DÂN HUYỆN PHÚ BÌNH Số: 88/UBND-VHTT\n"
        "V/v đẩy mạnh tuyên truyền Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”\n"
        "Kính gửi:\n- Phòng Văn hóa và Thông tin huyện;\n- Trung tâm Văn hóa, Thể thao và "
        "Truyền thông huyện;\n- UBND các xã, thị trấn.\n"
        "Thực hiện Công văn số 512/STTTT-TTBCXB ngày 10/02/2024 của Sở Thông tin và Truyền "
        "thông, UBND huyện đề nghị các cơ quan, đơn vị tăng cường tuyên truyền."
    )
    assert (plan.number, plan.symbol) == ("88", "UBND-VHTT")
    assert (plan.place, plan.year) == ("Phú Bình", 2024)
    assert plan.issuer_name == "ỦY BAN NHÂN DÂN HUYỆN PHÚ BÌNH"
    assert plan.summary.startswith("V/v đẩy mạnh tuyên truyền")
    assert [r.text for r in plan.recipients] == [
        "Phòng Văn hóa và Thông tin huyện",
        "Trung tâm Văn hóa, Thể thao và Truyền thông huyện",
        "UBND các xã, thị trấn",
    ]
    assert own_is_not_cited(plan)
    assert administrative_content(plan)


def test_a_numbered_task_list_led_by_the_units_gives_each_its_work():
    plan = parse(
        "KẾ HOẠCH\nTuyên truyền hàng Việt năm 2024\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao nhận thức của người tiêu dùng.\n"
        "II. NỘI DUNG\n1. Tuyên truyền về hàng Việt.\n"
        "III. NHIỆM VỤ CỤ THỂ\n"
        "1. Sở Công Thương: Chủ trì tổ chức các phiên chợ hàng Việt về nông thôn.\n"
        "2. Báo Thái Nguyên, Đài Phát thanh - Truyền hình tỉnh: Mở chuyên mục tuyên truyền.\n"
        "3. UBND các huyện, thành phố: Chỉ đạo đài truyền thanh cấp xã phát tin định kỳ."
    )
    assignees = [a.assignee_text for a in plan.assignments]
    assert assignees == [
        "Sở Công Thương",
        "Báo Thái Nguyên, Đài Phát thanh - Truyền hình tỉnh",
        "UBND các huyện, thành phố",
    ]
    assert [m.text for m in plan.assignments[1].mentions] == [
        "Báo Thái Nguyên",
        "Đài Phát thanh - Truyền hình tỉnh",
    ]


def test_prose_asking_named_bodies_to_act_gives_their_work_and_is_not_refused():
    plan = parse(
        "Để Cuộc vận động đi vào chiều sâu, UBND tỉnh yêu cầu Sở Công Thương, Sở Văn hóa, "
        "Thể thao và Du lịch tăng cường kiểm tra, tuyên truyền. Các cơ quan báo chí của tỉnh "
        "có trách nhiệm mở chuyên trang, chuyên mục về hàng Việt. UBND các huyện, thành phố "
        "chỉ đạo các xã treo băng rôn tại chợ."
    )
    assert [a.assignee_text for a in plan.assignments] == [
        "Sở Công Thương, Sở Văn hóa, Thể thao và Du lịch",
        "Các cơ quan báo chí của tỉnh",
        "UBND các huyện, thành phố",
    ]
    assert administrative_content(plan)
