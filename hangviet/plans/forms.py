from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels
from hangviet.plans.models import Plan
from hangviet.plans.reading import max_bytes


class UploadForm(PlainLabels, forms.Form):
    file = forms.FileField(
        label=_("Document (.docx, .pdf, .txt, or an exchange package .edxml)"), required=False
    )
    text = forms.CharField(
        label=_("…or paste the text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Choose a file or paste the text of the plan."))
        if upload and upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(upload.size / 1048576, 1), "limit": max_bytes() // 1048576}
            )
        return data


class PlanHeaderForm(PlainLabels, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "number",
            "joiner",
            "symbol",
            "place",
            "issue_day",
            "issue_month",
            "issue_year",
            "summary",
            "status",
            "signer_authority",
            "signer_title",
            "signer_name",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joiner"].required = False  # a form sent without it keeps the slash

    def clean_joiner(self) -> str:
        return self.cleaned_data.get("joiner") or "/"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            date(
                data.get("issue_year") or 2000,
                data.get("issue_month") or 1,
                data.get("issue_day") or 1,
            )
        except (ValueError, TypeError) as exc:
            raise forms.ValidationError(
                _("The day, month and year do not make a real date.")
            ) from exc
        return data


class ThemeForm(PlainLabels, forms.Form):
    text = forms.CharField(
        label=_("Text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
