"""The coordinator's list of how the loudspeaker reads local abbreviations (issue 31: the
rules are data where they can be)."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from hangviet.core.models import AuditEvent
from hangviet.radio import services
from hangviet.radio.models import SpokenForm
from hangviet.radio.selectors import spoken_forms
from hangviet.radio.speech import normalize

pytestmark = pytest.mark.django_db


def test_a_coordinator_adds_a_form_and_every_reading_uses_it(people, client_for, tmp_path):
    services.spoken_form_save(written="HTX NN", spoken="hợp tác xã nông nghiệp", by=people["carol"])
    services.spoken_form_save(written="BQL", spoken="Ban quản lý", by=people["carol"])
    forms = spoken_forms()
    assert normalize("BQL chợ và HTX NN Tân Cương", forms) == (
        "Ban quản lý chợ và hợp tác xã nông nghiệp Tân Cương"
    )
    assert normalize("BQLX", forms) == "BQLX"  # whole words only
    source = tmp_path / "b.txt"
    source.write_text("BQL chợ Thái", encoding="utf-8")
    out = io.StringIO()
    call_command("radio", "normalize", str(source), stdout=out)
    assert out.getvalue().strip() == "Ban quản lý chợ Thái"
    page = client_for(people["carol"]).get("/truyen-thanh/cach-doc/", {"thu": "BQL chợ"})
    assert page.status_code == 200 and "Ban quản lý chợ" in page.content.decode()
    assert AuditEvent.objects.filter(content_type__model="spokenform").count() == 2


@pytest.mark.parametrize(
    ("written", "spoken"),
    [("", "ban"), ("   ", "ban"), ("BQL", ""), ("BQL", "ban 3"), ("x" * 41, "ban")],
)
def test_bad_forms_are_refused_and_nothing_saved(people, written, spoken):
    with pytest.raises(ValidationError):
        services.spoken_form_save(written=written, spoken=spoken, by=people["carol"])
    assert not SpokenForm.objects.exists()


def test_only_a_coordinator_keeps_the_list(people, client_for):
    with pytest.raises(PermissionDenied):
        services.spoken_form_save(written="BQL", spoken="Ban quản lý", by=people["alice"])
    assert client_for(people["alice"]).get("/truyen-thanh/cach-doc/").status_code == 403
    answer = client_for(people["alice"]).post(
        "/truyen-thanh/cach-doc/", {"written": "BQL", "spoken": "Ban quản lý"}
    )
    assert answer.status_code == 403 and not SpokenForm.objects.exists()
