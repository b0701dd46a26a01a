from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels
from hangviet.orgs.models import Unit, UnitKind


class UnitFilterForm(PlainLabels, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *UnitKind.choices]
    )
    on = forms.DateField(
        label=_("On date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_on(self) -> date | None:
        day = self.cleaned_data.get("on")
        if day and not (date(1945, 9, 2) <= day <= date(2100, 12, 31)):
            raise forms.ValidationError(_("Choose a date between 1945 and 2100."))
        return day


class UnitEditForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "abbreviation",
            "agency_code",
            "email",
            "is_mountainous",
            "is_remote",
            "is_ethnic_minority",
            "is_dense",
            "valid_from",
            "valid_to",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, reserved: Iterable[str] = (), **kwargs: Any) -> None:
        """`reserved`: fields shown but not changed by this person (the agency code, which
        only an administrator sets)."""
        super().__init__(*args, **kwargs)
        for name in reserved:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Only an administrator changes this code.")


class SubtreeForm(PlainLabels, forms.Form):
    on = forms.DateField(
        label=_("Map on date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
