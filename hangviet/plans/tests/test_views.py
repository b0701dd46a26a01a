import pytest

from hangviet.core.models import AuditEvent
from hangviet.plans.importing import import_file
from hangviet.plans.models import Mention, Plan, PlanUpload, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world, own_plan_bytes):
    return import_file(own_plan_bytes, filename="own.txt", by=None)[1]


def test_plan_list_is_scoped(plan, people, client_for):
    # The 2026 plan assigns duties to every commune: both communes' editors see it.
    for name in ("alice", "bob", "carol", "vera"):
        assert plan.summary in client_for(people[name]).get("/ke-hoach/").content.decode(), name
    assert plan.summary not in client_for(people["charlie"]).get("/ke-hoach/").content.decode()
    assert client_for(people["charlie"]).get(f"/ke-hoach/{plan.pk}/").status_code == 404


def test_a_plan_for_other_units_is_invisible_to_a_commune(world, people, client_for, seed_bytes):
    _p, old = import_file(seed_bytes, filename="seed.txt", by=None)
    # 2022: districts, not today's communes, carry the duties.
    assert client_for(people["alice"]).get(f"/ke-hoach/{old.pk}/").status_code == 404
    assert client_for(people["carol"]).get(f"/ke-hoach/{old.pk}/").status_code == 200


def test_plan_page_shows_duties_and_downloads_docx(plan, people, client_for):
    c = client_for(people["alice"])
    page = c.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "UBND các xã, phường" in page and "92" in page
    assert "Sửa thông tin" not in page  # no edit button for an editor
    response = c.get(f"/ke-hoach/{plan.pk}/tai-ve.docx")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_only_the_coordinator_edits(plan, people, client_for):
    url = f"/ke-hoach/{plan.pk}/sua/"
    for name in ("alice", "bob", "hank", "vera"):
        assert client_for(people[name]).post(url, {"number": "99"}).status_code == 403
    carol = client_for(people["carol"])
    form = {
        "number": "19",
        "symbol": plan.symbol,
        "place": plan.place,
        "issue_day": "23",
        "issue_month": "1",
        "issue_year": "2026",
        "summary": plan.summary,
        "status": "issued",
        "signer_authority": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An",
    }
    assert carol.post(url, form).status_code == 302
    plan.refresh_from_db()
    assert plan.number == "19" and plan.status == "issued"
    assert AuditEvent.objects.filter(object_id=str(plan.pk), action="update").exists()
    bad = carol.post(url, {**form, "issue_day": "31", "issue_month": "2"})
    assert bad.status_code == 200
    plan.refresh_from_db()
    assert plan.issue_day == 23


def test_coordinator_adds_and_edits_sub_items(world, people, client_for, seed_bytes):
    _p, plan = import_file(seed_bytes, filename="seed.txt", by=None)
    first = plan.themes.filter(parent=None).first()
    carol = client_for(people["carol"])
    for i in range(6):
        carol.post(
            f"/ke-hoach/{plan.pk}/noi-dung/", {"text": f"Nhiệm vụ {i + 1}", "parent": first.pk}
        )
    assert first.children.count() == 6
    child = first.children.first()
    carol.post(f"/ke-hoach/{plan.pk}/noi-dung/{child.pk}/", {"text": "Nâng cao nhận thức"})
    child.refresh_from_db()
    assert child.text == "Nâng cao nhận thức"
    carol.post(f"/ke-hoach/{plan.pk}/noi-dung/{child.pk}/", {"delete": "1"})
    assert not Theme.objects.filter(pk=child.pk).exists()
    empty = carol.post(f"/ke-hoach/{plan.pk}/noi-dung/", {"text": "  "})
    assert empty.status_code == 302 and first.children.count() == 5
    assert (
        client_for(people["alice"])
        .post(f"/ke-hoach/{plan.pk}/noi-dung/", {"text": "x"})
        .status_code
        == 404
    )


def test_amendment_keeps_the_earlier_version_readable_and_frozen(plan, people, client_for):
    carol = client_for(people["carol"])
    response = carol.post(f"/ke-hoach/{plan.pk}/sua-doi/")
    new = Plan.objects.get(previous=plan)
    assert response["Location"] == f"/ke-hoach/{new.pk}/"
    assert new.version == 2 and new.assignments.count() == plan.assignments.count()
    assert new.assignments.get(number="5").units.count() == 92
    plan.refresh_from_db()
    assert plan.superseded_at is not None
    old_page = carol.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "chỉ đọc" in old_page
    assert carol.post(f"/ke-hoach/{plan.pk}/sua/", {"number": "1"}).status_code == 200
    plan.refresh_from_db()
    assert plan.number == "18"


def test_unresolved_names_are_mapped_by_hand(world, people, client_for, own_plan_bytes):
    text = own_plan_bytes.decode().replace(
        "Sở Công Thương chủ trì", "Phòng Kinh tế hạ tầng chủ trì"
    )
    _p, plan = import_file(text.encode(), filename="x.txt", by=None)
    mention = plan.mentions.get(resolved=False, text="Phòng Kinh tế hạ tầng")
    carol = client_for(people["carol"])
    page = carol.get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert "Phòng Kinh tế hạ tầng" in page
    options = carol.get(
        f"/ke-hoach/{plan.pk}/tim-don-vi/", {"q": "cong thuong", "mention": mention.pk}
    )
    assert "Sở Công Thương" in options.content.decode()
    carol.post(f"/ke-hoach/{plan.pk}/anh-xa/{mention.pk}/", {"units": [world["industry"].pk]})
    mention.refresh_from_db()
    assert mention.resolved
    assert world["industry"] in mention.assignment.units.all()
    outsider = world["bac_kan"]  # not of this province's current map, but a root: refused
    assert Mention.objects.get(pk=mention.pk).units.count() == 1
    del outsider


def test_upload_review_and_save(world, people, client_for, own_plan_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    carol = client_for(people["carol"])
    response = carol.post(
        "/ke-hoach/nhap/",
        {"file": SimpleUploadedFile("kh.txt", own_plan_bytes, content_type="text/plain")},
    )
    draft = PlanUpload.objects.get()
    assert response["Location"] == f"/ke-hoach/nhap/{draft.pk}/"
    review = carol.get(f"/ke-hoach/nhap/{draft.pk}/").content.decode()
    assert "KH-SVHTTDL" in review and "Sở Công Thương" in review
    assert not Plan.objects.exists()
    issuer = Plan._meta.get_field("issuing_unit").related_model.objects.get(
        name="Sở Văn hóa, Thể thao và Du lịch"
    )
    saved = carol.post(f"/ke-hoach/nhap/{draft.pk}/", {"issuer": issuer.pk, "confirm": "1"})
    plan = Plan.objects.get()
    assert saved["Location"] == f"/ke-hoach/{plan.pk}/"
    # The review page of someone else's upload is not reachable.
    assert client_for(people["vera"]).get(f"/ke-hoach/nhap/{draft.pk}/").status_code == 404


def test_upload_refuses_bad_input_with_a_vietnamese_message(world, people, client_for):
    carol = client_for(people["carol"])
    page = carol.post("/ke-hoach/nhap/", {"text": "chỉ là một ghi chú"}).content.decode()
    assert "không có nội dung của một văn bản hành chính" in page
    assert not PlanUpload.objects.exists()
    assert client_for(people["alice"]).get("/ke-hoach/nhap/").status_code == 403


def plan_for_commune(world) -> Plan:
    """Return a small plan issued by the coordinator's department with one duty for Xã Tân
    Cương only, so its sibling commune has no business with it."""
    text = """UBND TỈNH THÁI NGUYÊN
SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH
Số: /KH-SVHTTDL
Thái Nguyên, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Tuyên truyền hàng Việt tại xã Tân Cương

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Quảng bá chè Tân Cương.
2. Yêu cầu
Thiết thực, hiệu quả.

II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN
1. Nội dung tuyên truyền
- Giới thiệu sản phẩm chè OCOP.
- Giới thiệu điểm bán hàng Việt.
2. Hình thức tuyên truyền
- Loa truyền thanh cấp xã.

III. TỔ CHỨC THỰC HIỆN
1. Đề nghị UBND xã Tân Cương tuyên truyền trên đài truyền thanh cấp xã mỗi tuần một lần.
2. UBND xã Tân Cương gửi báo cáo định kỳ 06 tháng về Sở Văn hóa, Thể thao và Du lịch.

Nơi nhận:
- UBND xã Tân Cương;
- Lưu: VT.

GIÁM ĐỐC

Nguyễn Văn An
"""
    return import_file(text.encode(), filename="tan-cuong.txt", by=None)[1]


def test_the_same_plan_imported_again_is_offered_as_already_there(
    world, people, client_for, own_plan_bytes, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command

    carol = client_for(people["carol"])
    issuer = Plan._meta.get_field("issuing_unit").related_model.objects.get(
        name="Sở Văn hóa, Thể thao và Du lịch"
    )

    def upload(name: str, data: bytes) -> int:
        carol.post(
            "/ke-hoach/nhap/", {"file": SimpleUploadedFile(name, data, content_type="text/plain")}
        )
        return PlanUpload.objects.filter(plan__isnull=True).latest("pk").pk

    first = upload("kh.txt", own_plan_bytes)
    carol.post(f"/ke-hoach/nhap/{first}/", {"issuer": issuer.pk, "confirm": "1"})
    plan = Plan.objects.get()

    # The same document again, and the same plan retyped (another file, same number and date).
    for name, data in (("kh.txt", own_plan_bytes), ("go-lai.txt", own_plan_bytes + b"\n\n")):
        again = upload(name, data)
        review = carol.get(f"/ke-hoach/nhap/{again}/").content.decode()
        assert "Kế hoạch này đã có" in review
        assert f'href="/ke-hoach/{plan.pk}/"' in review
        refused = carol.post(
            f"/ke-hoach/nhap/{again}/", {"issuer": issuer.pk, "confirm": "1"}, follow=True
        )
        assert "Kế hoạch này đã có: Kế hoạch số 18/KH-SVHTTDL" in refused.content.decode()
        assert Plan.objects.count() == 1
    # Asked for, a second plan is made.
    carol.post(f"/ke-hoach/nhap/{again}/", {"issuer": issuer.pk, "confirm": "again"})
    assert Plan.objects.count() == 2

    # The command line refuses the same way, and says how to insist.
    path = tmp_path / "kh.txt"
    path.write_bytes(own_plan_bytes)
    with pytest.raises(CommandError, match="Kế hoạch này đã có"):
        call_command("import_plan", str(path), "--issuer", str(issuer.pk))
    assert Plan.objects.count() == 2
