from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hangviet.activities.models import Kind, Measure, Source, Status
from hangviet.activities.selectors import AREA_FLAGS
from hangviet.core.forms import PlainLabels, choice_field
from hangviet.core.periods import Period, PeriodError, period_for_code
from hangviet.plans.models import Channel

AREA_CHOICES = [
    ("", _("All areas")),
    ("is_mountainous", _("mountainous")),
    ("is_remote", _("remote / disadvantaged")),
    ("is_ethnic_minority", _("ethnic-minority area")),
    ("is_dense", _("densely populated")),
]
assert {c for c, _l in AREA_CHOICES if c} == set(AREA_FLAGS)


class FilterForm(PlainLabels, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2026H1"}),
    )
    area = forms.ChoiceField(label=_("Area"), required=False, choices=AREA_CHOICES)
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources")), *Source.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )

    def __init__(
        self, *args: Any, units: Iterable[Any] = (), themes: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "theme").choices = [
            ("", _("All themes")),
            *[(t.pk, f"{t.plan.issue_year} · {t.label}") for t in themes],
        ]
        choice_field(self, "unit").choices = [
            ("", _("All my units")),
            *[(u.pk, u.display_name) for u in units],
        ]
        choice_field(self, "channel").choices = [
            ("", _("All channels")),
            *[(c.code, c.name) for c in Channel.objects.all()],
        ]

    def clean_period(self) -> Period | None:
        code = self.cleaned_data.get("period", "").strip()
        if not code:
            return None
        try:
            return period_for_code(code)
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from exc


class ActivityForm(PlainLabels, forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    kind = forms.ChoiceField(label=_("What was done"), choices=Kind.choices)
    channel = forms.ChoiceField(label=_("Channel"))
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Until (if several days)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), initial=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    measure = forms.ChoiceField(label=_("Measure"), choices=Measure.choices)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    communes = forms.TypedMultipleChoiceField(
        label=_("Communes reached"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.CharField(label=_("Link"), required=False, max_length=500, widget=forms.URLInput())
    confirmed = forms.BooleanField(label=_("Confirm now"), required=False, initial=True)
    file = forms.FileField(label=_("Evidence (photo, PDF, audio, video)"), required=False)
    force = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        units: Iterable[Any] = (),
        themes: Iterable[Any] = (),
        communes: Iterable[Any] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [(u.pk, u.display_name) for u in units]
        choice_field(self, "channel").choices = [(c.code, c.name) for c in Channel.objects.all()]
        choice_field(self, "theme").choices = [
            ("", _("— none —")),
            *[(t.pk, t.label) for t in themes],
        ]
        choice_field(self, "communes").choices = [(c.pk, c.display_name) for c in communes]
        self.fields["date"].initial = timezone.localdate()


class ExcelUploadForm(PlainLabels, forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    plan = forms.TypedChoiceField(label=_("Plan"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, plans: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "plan").choices = [
            ("", _("— none —")),
            *[(p.pk, f"{p.issue_year} · {p.summary[:80]}") for p in plans],
        ]
