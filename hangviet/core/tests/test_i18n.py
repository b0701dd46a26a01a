"""The interface speaks Vietnamese through translation files; English is available."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"


def test_every_message_is_translated_and_the_compiled_catalog_is_current():
    po = polib.pofile(str(LOCALE / "django.po"))
    untranslated = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert untranslated == []
    mo = {(e.msgid, e.msgstr) for e in polib.mofile(str(LOCALE / "django.mo")) if e.msgid}
    po_pairs = {(e.msgid, e.msgstr) for e in po if not e.msgid_plural and not e.obsolete}
    assert po_pairs <= mo, "run `make messages` to recompile the catalog"


@pytest.mark.django_db
def test_pages_speak_vietnamese_by_default_and_english_on_request(client):
    page = client.get("/").content.decode()
    assert "Tin tức" in page and "Danh bạ hàng Việt" in page and "Cuộc vận động" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "News" in english and "Tin tức" not in english


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tin tức" in page
