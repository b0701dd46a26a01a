from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels
from hangviet.monitoring.models import Source
from hangviet.monitoring.relevance import TOPIC_LABELS


class SourceForm(PlainLabels, forms.ModelForm):
    url = forms.URLField(
        label=_("Address of the feed or sitemap"), max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Source
        fields = ["name", "url", "kind", "unit", "channel", "interval_minutes", "enabled"]

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        if units is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = units


class TermForm(PlainLabels, forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=list(TOPIC_LABELS.items()))
    phrase = forms.CharField(label=_("Phrase"), max_length=200)
    weight = forms.FloatField(label=_("Weight"), min_value=-10, max_value=10)
