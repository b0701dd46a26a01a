"""A text that gives a body work in words the duty grammar does not know is read, not refused:
the sentences are shown for the person to add the duties by hand (issue 31: "refuse a text only
when it has no administrative content at all")."""

import pytest
from django.core.exceptions import ValidationError

from hangviet.plans.duties import gives_work
from hangviet.plans.importing import administrative_content, preview
from hangviet.plans.parsing import parse_lines
from hangviet.plans.reading import DocumentError


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong thời gian tới, Ban Chỉ đạo 389 tỉnh huy động các lực lượng chức năng vào cuộc.",
        "Phó Chủ tịch tỉnh đề nghị thời gian tới các doanh nghiệp cần chú trọng thương hiệu.",
        "Đồng chí Chủ tịch UBND huyện giao cho Phòng Kinh tế và Hạ tầng theo dõi.",
        "UBND các xã cần quan tâm hơn nữa đến công tác tuyên truyền.",
        "Đoàn liên ngành có trách nhiệm kiểm tra các cơ sở kinh doanh.",
    ],
)
def test_a_sentence_giving_a_body_work_is_recognised(sentence):
    assert gives_work(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "UBND huyện đã chỉ đạo các xã tổ chức tuyên truyền.",  # what was done
        "Sở Công Thương đã tổ chức 5 phiên chợ hàng Việt.",
        "Ban Chỉ đạo 389 tỉnh họp phiên thường kỳ.",  # "Chỉ đạo" is a name here
        "Người tiêu dùng ngày càng tin dùng hàng Việt.",  # no body
        "Sản phẩm được đánh giá 4 sao OCOP.",
    ],
)
def test_news_of_what_was_done_and_consumer_news_give_no_work(sentence):
    assert not gives_work(sentence)


def test_a_text_giving_work_in_unknown_words_is_read_with_the_sentence_shown():
    text = (
        "Chiều 12/3, Ban Chỉ đạo 389 tỉnh họp đánh giá tình hình buôn lậu.\n"
        "Trong thời gian tới, Ban Chỉ đạo 389 tỉnh huy động các lực lượng chức năng vào cuộc "
        "quyết liệt hơn nữa."
    )
    plan = parse_lines(text.splitlines())
    assert not plan.assignments
    assert plan.unread_duties == [text.splitlines()[1]]
    assert administrative_content(plan)
    assert any("huy động các lực lượng chức năng" in w for w in plan.warnings)


def test_only_a_text_with_nothing_administrative_is_refused_and_says_what_it_lacks(world):
    with pytest.raises((DocumentError, ValidationError)) as refused:
        preview(
            "Sáng 12/3, người dân đã đến chợ rất đông. Các gian hàng đã bán hết.".encode(),
            "tin.txt",
        )
    message = " ".join(getattr(refused.value, "messages", [str(refused.value)]))
    assert "không có câu nào giao việc" in message
    kept = preview(
        "Thời gian tới, Đoàn liên ngành có trách nhiệm kiểm tra các cơ sở kinh doanh.".encode(),
        "tin.txt",
    )
    assert kept.parsed.unread_duties or kept.parsed.assignments
