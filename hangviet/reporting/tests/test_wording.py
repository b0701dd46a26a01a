"""Writing for the reader: merged statements naming their units, no sentence twice."""

from hangviet.reporting.wording import (
    Deduplicator,
    Named,
    attribute,
    merge,
    name_units,
    sentences,
)


def commune(area: str) -> Named:
    return Named(f"UBND {area[:1].lower()}{area[1:]}", "commune_pc", area)


A, B, C = commune("Xã Tân Cương"), commune("Xã Phú Đình"), commune("Xã La Bằng")
WARD = commune("Phường Đức Xuân")
INDUSTRY = Named("Sở Công Thương", "department")
HEALTH = Named("Sở Y tế", "department")


def test_units_are_named_as_a_report_names_them():
    assert name_units([A]) == "UBND xã Tân Cương"
    assert name_units([A, B, C]) == "UBND các xã Tân Cương, Phú Đình và La Bằng"
    assert name_units([A, WARD]) == "UBND các xã, phường: Tân Cương và Đức Xuân"
    assert name_units([INDUSTRY, HEALTH]) == "Sở Công Thương và Sở Y tế"
    many = [commune(f"Xã Số {i}") for i in range(12)]
    # Many communes are counted with three examples, never a list cut with "…"; other bodies
    # are all named; a list of late or missing units names every one.
    assert name_units(many) == "UBND 12 xã (như Số 0, Số 1 và Số 2)"
    assert name_units(many, every=True).endswith("Số 10 và Số 11")
    assert "…" not in name_units([*many, INDUSTRY, HEALTH])
    assert name_units([*many[:2], *[INDUSTRY] * 9]).count("Sở Công Thương") == 9


def test_identical_and_near_identical_requests_become_one_sentence():
    merged = merge(
        [
            (A, "Đề nghị hỗ trợ thay thế cụm loa hỏng và tài liệu tuyên truyền mẫu."),
            (B, "Đề nghị hỗ trợ thay thế các cụm loa hỏng và tài liệu tuyên truyền mẫu."),
            (C, "Đề nghị hỗ trợ thay thế cụm loa hỏng và tài liệu tuyên truyền mẫu.\r\n"),
            (INDUSTRY, "Đề nghị cung cấp tài liệu định hướng hằng quý."),
        ]
    )
    assert len(merged) == 2
    assert attribute(merged[0]) == (
        "UBND các xã Tân Cương, Phú Đình và La Bằng đề nghị hỗ trợ thay thế cụm loa hỏng và "
        "tài liệu tuyên truyền mẫu."
    )
    assert attribute(merged[1]) == "Sở Công Thương đề nghị cung cấp tài liệu định hướng hằng quý."


def test_statements_with_different_figures_stay_apart():
    merged = merge(
        [
            (A, "Đài truyền thanh xã đã phát 15 lượt tin, bài."),
            (B, "Đài truyền thanh xã đã phát 40 lượt tin, bài."),
        ]
    )
    assert len(merged) == 2
    assert merge([(A, "Đã phát 15 lượt.")], without_figures=True) == []


def test_a_units_own_subject_is_replaced_by_its_name():
    [s] = merge(
        [
            (A, "Đơn vị đã quán triệt Kế hoạch tới cán bộ."),
            (B, "Xã đã quán triệt Kế hoạch tới cán bộ."),
        ]
    )
    assert attribute(s) == "UBND các xã Tân Cương và Phú Đình đã quán triệt Kế hoạch tới cán bộ."
    [s] = merge([(INDUSTRY, "Số lượng tin, bài còn ít.")])  # "Số" is not "Sở"
    assert attribute(s) == "Theo báo cáo của Sở Công Thương, số lượng tin, bài còn ít."
    [s] = merge([(A, "Ủy ban MTTQ và các đoàn thể phối hợp chặt chẽ.")])
    assert attribute(s).endswith(", Ủy ban MTTQ và các đoàn thể phối hợp chặt chẽ.")
    [s] = merge([(A, "Phối hợp tổ chức phiên chợ hàng Việt tại xã.")])
    assert attribute(s, framing="plan") == (
        "UBND xã Tân Cương đề ra nhiệm vụ: phối hợp tổ chức phiên chợ hàng Việt tại xã."
    )


def test_lines_and_items_are_statements():
    text = "- Nội dung phong phú;\r\n- Nhân dân quan tâm.\n\nCó 2 thôn chưa có loa. Cần hỗ trợ"
    assert sentences(text) == [
        "Nội dung phong phú.",
        "Nhân dân quan tâm.",
        "Có 2 thôn chưa có loa.",
        "Cần hỗ trợ.",
    ]


def test_no_sentence_is_written_twice():
    once = Deduplicator()
    assert once.keep("Các xã đã phát tin. Nội dung phong phú.") == (
        "Các xã đã phát tin. Nội dung phong phú."
    )
    assert once.keep("Nội dung  phong phú. Có thêm điều mới.") == "Có thêm điều mới."
    assert once.keep("Các xã đã phát tin.") == ""
