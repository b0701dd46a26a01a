from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels, choice_field
from hangviet.directory.models import OcopGroup, ProducerKind, SalesPointKind


class SearchForm(PlainLabels, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "che tan cuong"}),
    )
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everything")),
            ("product", _("Products")),
            ("producer", _("Producers")),
            ("salespoint", _("Sales points")),
            ("fair", _("Fairs")),
            ("supplier", _("Suppliers of domestic inputs")),
        ],
    )
    commune = forms.TypedChoiceField(
        label=_("Commune / ward"), required=False, coerce=int, empty_value=None
    )
    ocop_group = forms.ChoiceField(
        label=_("OCOP group"), required=False, choices=[("", _("All groups")), *OcopGroup.choices]
    )
    stars = forms.TypedChoiceField(
        label=_("OCOP stars"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), (3, "3+"), (4, "4+"), (5, "5")],
    )
    key_product = forms.BooleanField(label=_("Key products of the province"), required=False)
    sales_kind = forms.ChoiceField(
        label=_("Sales point type"),
        required=False,
        choices=[("", _("All types")), *SalesPointKind.choices],
    )
    upcoming = forms.BooleanField(label=_("Upcoming fairs"), required=False)

    def __init__(self, *args: Any, communes: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "commune").choices = [
            ("", _("All communes")),
            *[(c.pk, c.area_name or c.name) for c in communes],
        ]


class ApplicationForm(PlainLabels, forms.Form):
    name = forms.CharField(label=_("Enterprise, cooperative or household business"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProducerKind.choices)
    tax_code = forms.CharField(label=_("Tax code"), max_length=20, required=False)
    commune = forms.TypedChoiceField(label=_("Commune / ward"), coerce=int)
    address = forms.CharField(label=_("Address"), max_length=300)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    email = forms.EmailField(label=_("Email"), required=False)
    description = forms.CharField(
        label=_("Products and services"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=120)
    # A field people never see: robots fill it in.
    website_url = forms.CharField(
        required=False,
        label="Website",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, communes: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # No commune chosen for the applicant: a preselected ward gets submitted unnoticed.
        choice_field(self, "commune").choices = [
            ("", _("— choose the commune or ward —")),
            *[(c.pk, c.area_name or c.name) for c in communes],
        ]


class ReportForm(PlainLabels, forms.Form):
    message = forms.CharField(
        label=_("What is wrong with this listing?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PhotoForm(PlainLabels, forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG or WebP)"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
