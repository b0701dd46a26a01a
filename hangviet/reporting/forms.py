from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels, choice_field


class CycleForm(PlainLabels, forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    deadline = forms.DateField(
        label=_("Deadline (default: 5 working days after the cut-off)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, periods: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = list(periods)


class AdhocForm(PlainLabels, forms.Form):
    title = forms.CharField(label=_("What is asked"), max_length=200)
    start = forms.DateField(
        label=_("Data from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Data until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    deadline = forms.DateField(
        label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Units"), coerce=int, widget=forms.SelectMultiple(attrs={"size": 10})
    )

    def __init__(self, *args: Any, units: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "units").choices = [(u.pk, u.display_name) for u in units]


class ConsolidationForm(PlainLabels, forms.Form):
    """The details of the consolidated report; its sections are edited one by one."""

    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        required=False,
        help_text=_("e.g. 125/BC-SVHTTDL, or the number alone (125)."),
    )
    sent_on = forms.DateField(
        label=_("Sent on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sent_to = forms.CharField(
        label=_("To (Kính gửi)"),
        max_length=255,
        required=False,
        help_text=_("Empty: the Fatherland Front committee of the province, in full."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=10**9)
