from collections.abc import Iterable
from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels, choice_field
from hangviet.radio.models import Priority
from hangviet.radio.speech import MAX_TEXT


class BulletinForm(PlainLabels, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text to be read"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_TEXT,
        help_text=_(
            "Write it as it should be heard; numbers, dates and UBND, HTX, OCOP… are read "
            "out correctly."
        ),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)
    theme = forms.TypedChoiceField(
        label=_("Theme of the plan"), coerce=int, required=False, empty_value=None
    )
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    communes = forms.TypedMultipleChoiceField(
        label=_("Communes"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(
        self, *args: Any, themes: Iterable[Any] = (), communes: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "theme").choices = [("", "—")] + [(t.pk, t.label) for t in themes]
        choice_field(self, "communes").choices = [(c.pk, c.area_name or c.name) for c in communes]


def _times(value: str) -> list[time]:
    out = []
    for part in value.replace(";", ",").split(","):
        part = part.strip().lower().replace("h", ":").replace("g", ":")
        if not part:
            continue
        hours, _sep, minutes = part.partition(":")
        try:
            out.append(time(int(hours), int(minutes or 0)))
        except ValueError:
            raise forms.ValidationError(
                _("“%(t)s” is not a time (write 6:30, 17:00).") % {"t": part}
            ) from None
    return out


class TimesField(forms.CharField):
    # CharField.to_python returns str in the stubs; this field turns the text into times.
    def to_python(self, value: Any) -> list[time]:  # type: ignore[override]
        # (A list of times from one text field: CharField's own type is a str.)
        return _times(super().to_python(value) or "")


class ScheduleForm(PlainLabels, forms.Form):
    commune = forms.TypedChoiceField(label=_("Commune"), coerce=int)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    times = TimesField(
        label=_("Times"), help_text=_("e.g. 6:30, 17:00"), max_length=200, initial="6:30, 17:00"
    )
    repetitions = forms.IntegerField(
        label=_("Repetitions each time"), min_value=1, max_value=20, initial=1
    )
    clusters = forms.CharField(label=_("Loudspeaker clusters"), max_length=200, required=False)

    def __init__(self, *args: Any, communes: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "commune").choices = [(c.pk, c.area_name or c.name) for c in communes]
