"""A text that gives a body work in words the duty grammar does not know is read, not refused:
the sentences are shown for the person to add the duties by hand (issue 31: "refuse a text only
when it has no administrative content at all")."""

import pytest
from django.core.exceptions import ValidationError

from hangviet.plans.importing import administrative_content, preview
from hangviet.plans.parsing import parse_lines
from hangviet.plans.prose import gives_work
from hangviet.plans.reading import DocumentError


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong thời gian tới, Ban Chỉ đạo 389 tỉnh huy động các lực lượng chức năng vào cuộc.",
        "Phó Chủ tịch tỉnh đề nghị thời gian tới các doanh nghiệp cần chú trọng thương hiệu.",
        "Đồng chí Chủ tịch UBND huyện giao cho Phòng Kinh tế và Hạ tầng theo dõi.",
        "UBND các xã cần quan tâm hơn nữa đến công tác tuyên truyền.",
        "Đoàn liên ngành có trách nhiệm kiểm tra các cơ sở kinh doanh.",
        # news of a directive: the body directed is given the work
        "Thứ trưởng Bộ Công Thương đã yêu cầu thành phố tiếp tục nghiên cứu mở thêm chợ.",
        "UBND huyện đã chỉ đạo các xã tổ chức tuyên truyền.",
    ],
)
def test_a_sentence_giving_a_body_work_is_recognised(sentence):
    assert gives_work(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "UBND các xã đã chủ trì tổ chức 20 buổi tuyên truyền.",  # what was done
        "Sở Công Thương đã tổ chức 5 phiên chợ hàng Việt.",
        "Theo đề nghị của Giám đốc Sở Công Thương.",  # a proposal, in a decision's preamble
        "Xét đề nghị của Cục trưởng Cục An toàn thực phẩm,",
        "Ban Chỉ đạo 389 tỉnh họp phiên thường kỳ.",  # "Chỉ đạo" is a name here
        "Người tiêu dùng ngày càng tin dùng hàng Việt.",  # no body
        "Sản phẩm được đánh giá 4 sao OCOP.",
        # words that fold like a body's: "các số" is not "các sở", "bạn đọc" not a "ban"
        "Công ty đề nghị người tiêu dùng đối chiếu các số ISBN, người tiêu dùng cần ngưng dùng.",
        "Tòa soạn đề nghị bạn đọc gửi ý kiến về chuyên mục.",
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


NEWS = """Thái Nguyên: siết chặt kiểm tra hàng giả dịp cuối năm
Chiều 12/3, Ban Chỉ đạo 389 tỉnh họp đánh giá tình hình buôn lậu và hàng giả.
Trong thời gian tới, Ban Chỉ đạo 389 tỉnh huy động các lực lượng chức năng vào cuộc quyết liệt.
"""


def _department(world):
    from hangviet.orgs.models import Unit

    return Unit.objects.get(name="Sở Văn hóa, Thể thao và Du lịch")


def test_news_of_work_given_is_saved_with_the_type_and_date_the_person_gives(
    world, people, client_for
):
    from hangviet.plans.models import Plan, PlanUpload

    carol = client_for(people["carol"])
    carol.post("/ke-hoach/nhap/", {"text": NEWS})
    draft = PlanUpload.objects.get()
    review = carol.get(f"/ke-hoach/nhap/{draft.pk}/").content.decode()
    assert 'name="doc_type"' in review and 'name="issued_on"' in review
    assert "huy động các lực lượng chức năng" in review
    issuer = _department(world)
    # Without the date: a clear message, nothing saved.
    page = carol.post(
        f"/ke-hoach/nhap/{draft.pk}/",
        {"issuer": issuer.pk, "confirm": "1", "doc_type": "TB", "issued_on": ""},
        follow=True,
    ).content.decode()
    assert "đề nghị nhập ngày ban hành" in page and not Plan.objects.exists()
    page = carol.post(
        f"/ke-hoach/nhap/{draft.pk}/",
        {"issuer": issuer.pk, "confirm": "1", "doc_type": "TB", "issued_on": "2026-31-12"},
        follow=True,
    ).content.decode()
    assert "Ngày không hợp lệ" in page
    assert not Plan.objects.exists()
    saved = carol.post(
        f"/ke-hoach/nhap/{draft.pk}/",
        {"issuer": issuer.pk, "confirm": "1", "doc_type": "TB", "issued_on": "2026-03-12"},
    )
    plan = Plan.objects.get()
    assert saved["Location"] == f"/ke-hoach/{plan.pk}/"
    assert (plan.doc_type, plan.doc_type_name) == ("TB", "THÔNG BÁO")
    assert plan.summary == "Thái Nguyên: siết chặt kiểm tra hàng giả dịp cuối năm"  # its headline
    assert plan.reference_date.isoformat() == "2026-03-12"
    assert any("huy động các lực lượng chức năng" in w for w in plan.import_warnings)
    detail = carol.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Thêm nhiệm vụ" in detail and "Chưa đọc được nhiệm vụ nào" in detail


def test_a_duty_added_by_hand_is_resolved_audited_and_kept_to_its_plan(world, people, client_for):
    from hangviet.core.models import AuditEvent
    from hangviet.plans.models import Assignment
    from hangviet.plans.tests.test_views import plan_for_commune

    plan = plan_for_commune(world)
    before = plan.assignments.count()
    carol = client_for(people["carol"])
    carol.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/",
        {
            "assignee_text": "Sở Công Thương; Đội quản lý thị trường số 9",
            "text": "Chủ trì kiểm tra hàng giả tại các chợ, tuyên truyền trên loa truyền thanh.",
            "deadline": "2026-06-30",
        },
    )
    added = plan.assignments.get(number=str(before + 1))
    assert added.deadline.isoformat() == "2026-06-30"
    assert list(added.units.all()) == [world["industry"]]
    texts = {m.text: m.resolved for m in added.mentions.all()}
    assert texts == {"Sở Công Thương": True, "Đội quản lý thị trường số 9": False}
    assert added.channels.exists()  # the loudspeakers, read from the duty's words
    assert AuditEvent.objects.filter(
        content_type__model="assignment", object_id=str(added.pk), action="create"
    ).exists()
    # Bad input: a message, nothing added.
    page = carol.post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/", {"assignee_text": " ", "text": "\u200b"}, follow=True
    ).content.decode()
    assert "Đề nghị ghi nội dung nhiệm vụ" in page
    assert plan.assignments.count() == before + 1
    # A commune editor may not add duties to the department's plan.
    refused = client_for(people["alice"]).post(
        f"/ke-hoach/{plan.pk}/nhiem-vu/", {"assignee_text": "UBND xã", "text": "Làm việc khác"}
    )
    assert refused.status_code in (403, 404)
    assert Assignment.objects.filter(plan=plan).count() == before + 1
