from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hangviet.core.forms import PlainLabels, choice_field


class SignInForm(PlainLabels, AuthenticationForm):
    """The password step. Guessing is slowed down by `accounts.throttling` (django-axes)."""


class CodeForm(PlainLabels, forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app (or a recovery code)"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenForm(PlainLabels, forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
    units = forms.TypedMultipleChoiceField(
        label=_("Limit to these units (none: all of your units)"),
        coerce=int,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )

    def __init__(self, *args: Any, units: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "units").choices = [(u.pk, u.display_name) for u in units]
