import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hangviet.activities.models import Activity, ActivityUpload, Attachment
from hangviet.activities.services import activity_create

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (4, 4), (0, 128, 0, 255)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


@pytest.fixture
def owned(world, people, channel):
    return activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=channel,
        kind="loudspeaker",
        title='=HYPERLINK("http://x")',
        date=date(2026, 3, 2),
    )


def form(world, **extra):
    return {
        "unit": world["commune"].pk,
        "kind": "loudspeaker",
        "channel": "commune_radio",
        "title": "Phát loa tuần 11",
        "date": "2026-03-13",
        "quantity": "4",
        "measure": "broadcasts",
        "confirmed": "on",
        **extra,
    }


def test_quick_entry_records_a_confirmed_broadcast(world, people, client_for, plan2026):
    c = client_for(people["alice"])
    page = c.get("/hoat-dong/them/").content.decode()
    assert "Phát loa truyền thanh" in page and "UBND xã Tân Cương" in page
    response = c.post("/hoat-dong/them/", form(world))
    assert response.status_code == 302
    a = Activity.objects.get()
    assert a.status == "confirmed" and a.plan == plan2026 and a.unit == world["commune"]


def test_duplicate_warning_then_save_anyway(world, people, client_for, owned):
    c = client_for(people["alice"])
    first = c.post("/hoat-dong/them/", form(world, title=owned.title, date="2026-03-02"))
    assert first.status_code == 200 and "đã được ghi nhận" in first.content.decode()
    assert Activity.objects.count() == 1
    second = c.post(
        "/hoat-dong/them/", form(world, title=owned.title, date="2026-03-02", force="1")
    )
    assert second.status_code == 302 and Activity.objects.count() == 2


def test_list_is_scoped(world, people, client_for, owned):
    assert "=HYPERLINK(&quot;" in client_for(people["alice"]).get("/hoat-dong/").content.decode()
    assert "HYPERLINK" in client_for(people["carol"]).get("/hoat-dong/").content.decode()
    for name in ("bob", "charlie"):
        assert "HYPERLINK" not in client_for(people[name]).get("/hoat-dong/").content.decode()
        assert client_for(people[name]).get(f"/hoat-dong/{owned.pk}/").status_code == 404


def test_export_is_scoped_and_safe_from_formulas(world, people, client_for, owned):
    csv = client_for(people["alice"]).get("/hoat-dong/xuat.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    assert "HYPERLINK" not in client_for(people["bob"]).get("/hoat-dong/xuat.csv").content.decode()
    from openpyxl import load_workbook

    xlsx = client_for(people["alice"]).get("/hoat-dong/xuat.xlsx").content
    ws = load_workbook(io.BytesIO(xlsx)).active
    assert ws.cell(row=2, column=8).value.startswith("'=")


def test_evidence_is_checked_by_content(world, people, client_for):
    c = client_for(people["alice"])
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00\x03 a windows program", "image/jpeg")
    page = c.post("/hoat-dong/them/", {**form(world), "file": fake})
    assert page.status_code == 200 and "đã được kiểm tra" in page.content.decode()
    assert not Activity.objects.exists()
    good = SimpleUploadedFile("anh.png", PNG, "image/png")
    assert c.post("/hoat-dong/them/", {**form(world), "file": good}).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/png"
    assert c.get(f"/hoat-dong/tep/{attachment.pk}/").status_code == 200
    assert client_for(people["bob"]).get(f"/hoat-dong/tep/{attachment.pk}/").status_code == 404


def test_huge_upload_is_refused(world, people, client_for, settings):
    settings.ACTIVITY_ATTACHMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("anh.png", PNG + b"\x00" * 5000, "image/png")
    page = client_for(people["alice"]).post("/hoat-dong/them/", {**form(world), "file": big})
    assert page.status_code == 200 and not Activity.objects.exists()


def test_bulk_confirm_and_delete_restore(world, people, client_for, owned):
    c = client_for(people["alice"])
    c.post("/hoat-dong/xac-nhan/", {"ids": [owned.pk]})
    owned.refresh_from_db()
    assert owned.status == "confirmed"
    assert client_for(people["bob"]).post(f"/hoat-dong/{owned.pk}/xoa/").status_code == 404
    c.post(f"/hoat-dong/{owned.pk}/xoa/")
    assert not Activity.objects.filter(pk=owned.pk).exists()
    assert c.post(f"/hoat-dong/{owned.pk}/khoi-phuc/").status_code in (403, 404)
    client_for(people["carol"]).post(f"/hoat-dong/{owned.pk}/khoi-phuc/")
    assert Activity.objects.filter(pk=owned.pk).exists()


def test_excel_upload_preview_and_import(world, people, client_for, plan2026):
    from hangviet.activities.tests.test_excel import good_row, workbook

    c = client_for(people["alice"])
    template = c.get("/hoat-dong/mau-excel.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    data = workbook([good_row(world), good_row(world, quantity=-1, title="x")])
    response = c.post(
        "/hoat-dong/nhap-excel/", {"file": SimpleUploadedFile("a.xlsx", data), "plan": plan2026.pk}
    )
    draft = ActivityUpload.objects.get()
    assert response["Location"] == f"/hoat-dong/nhap-excel/{draft.pk}/"
    preview = c.get(f"/hoat-dong/nhap-excel/{draft.pk}/").content.decode()
    assert "Số lượng" in preview and not Activity.objects.exists()
    c.post(f"/hoat-dong/nhap-excel/{draft.pk}/", {"mode": "all"})
    assert not Activity.objects.exists()
    fix = c.get(f"/hoat-dong/nhap-excel/{draft.pk}/dong-can-sua.xlsx")
    assert fix.content.startswith(b"PK")
    c.post(f"/hoat-dong/nhap-excel/{draft.pk}/", {"mode": "valid_only"})
    assert Activity.objects.count() == 1
    assert client_for(people["bob"]).get(f"/hoat-dong/nhap-excel/{draft.pk}/").status_code == 404


def test_communes_reached_and_theme_filter(world, people, client_for, plan2026):
    c = client_for(people["carol"])
    theme = plan2026.themes.filter(parent=None).first()
    response = c.post(
        "/hoat-dong/them/",
        {**form(world), "theme": theme.pk, "communes": [world["commune"].pk, world["sibling"].pk]},
    )
    assert response.status_code == 302
    a = Activity.objects.get()
    assert set(a.communes.all()) == {world["commune"], world["sibling"]}
    listed = c.get("/hoat-dong/", {"theme": theme.pk}).content.decode()
    assert a.title in listed
    other = plan2026.themes.filter(parent=None).last()
    assert a.title not in c.get("/hoat-dong/", {"theme": other.pk}).content.decode()
    # Area filter: the sibling commune is mountainous in the demo registry.
    assert world["sibling"].is_mountainous
    assert a.title in c.get("/hoat-dong/", {"area": "is_mountainous"}).content.decode()
