"""One cleaning rule for every stored text, and exports that survive what was stored before it."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from docx import Document
from openpyxl import load_workbook

from hangviet.activities.models import Activity, Status
from hangviet.activities.services import activity_create
from hangviet.core.text import clean, is_blank
from hangviet.plans.importing import import_file
from hangviet.plans.models import Channel, Theme

pytestmark = pytest.mark.django_db


def test_clean_removes_controls_and_bidi_overrides_but_keeps_lines():
    assert (
        clean("Bản\x01 tin\x7f\u202e hàng Việt\r\nDòng hai\rba")
        == "Bản tin hàng Việt\nDòng hai\nba"
    )
    assert clean("a\tb\nc", multiline=False) == "a b c"
    assert clean("Đa\u0300") == "Đà"  # NFC
    assert is_blank("\u200b \u00ad\ufeff\n") and not is_blank("x")


def _activity(world, people, title: str) -> Activity:
    return activity_create(
        by=people["alice"],
        unit=world["commune"],
        channel=Channel.objects.get(code="commune_radio"),
        kind="loudspeaker",
        title=title,
        summary="Tóm tắt\x00 dòng một\r\ndòng hai",
        date=date(2026, 3, 2),
        status=Status.CONFIRMED,
    )


def test_every_saved_text_is_cleaned(world, people):
    activity = _activity(world, people, "\x01Bản tin \u202ehàng Việt")
    activity.refresh_from_db()
    assert activity.title == "Bản tin hàng Việt"
    assert activity.summary == "Tóm tắt dòng một\ndòng hai"


def test_a_title_of_only_invisible_characters_is_refused(world, people):
    with pytest.raises(ValidationError) as caught:
        _activity(world, people, "\u200b\u200c \ufeff")
    assert "không nhìn thấy" in str(caught.value)
    assert not Activity.objects.exists()


def _store_raw(table: str, column: str, pk: int, value: str) -> None:
    """Write as an old version (or a script) might have: past every service."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])


def test_exports_survive_control_characters_already_stored(world, people, client_for):
    activity = _activity(world, people, "Bản tin")
    _store_raw(Activity._meta.db_table, "title", activity.pk, "Bản\x01 tin\x1b[31m")
    c = client_for(people["alice"])
    xlsx = c.get("/hoat-dong/xuat.xlsx")
    assert xlsx.status_code == 200
    titles = [row[7] for row in load_workbook(io.BytesIO(xlsx.content)).active.values]
    assert any("Bản tin" in str(t) for t in titles)
    assert c.get("/hoat-dong/xuat.csv").status_code == 200


def test_the_plan_document_survives_a_control_character_in_a_theme(world, people, client_for):
    from hangviet.plans.demo import OWN_PLAN

    plan = import_file(OWN_PLAN.read_bytes(), filename="own.txt", by=None)[1]
    theme = Theme.objects.filter(plan=plan).first()
    _store_raw(Theme._meta.db_table, "text", theme.pk, "Tuyên\x01 truyền\x0b hàng Việt")
    page = client_for(people["carol"]).get(f"/ke-hoach/{plan.pk}/tai-ve.docx")
    assert page.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(page.content)).paragraphs)
    assert "Tuyên truyền hàng Việt" in text


def test_a_text_plan_with_control_characters_is_read_clean(world):
    from hangviet.plans.demo import OWN_PLAN

    dirty = OWN_PLAN.read_text(encoding="utf-8").replace("tuyên truyền", "tuyên\x01 truyền", 3)
    plan = import_file(dirty.encode(), filename="own.txt", by=None)[1]
    assert not any("\x01" in t.text for t in Theme.objects.filter(plan=plan))
