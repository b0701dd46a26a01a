"""Form helpers shared by every app."""

from typing import Any

from django import forms


class PlainLabels:
    """Labels without Django's trailing colon: Vietnamese forms read "Tiêu đề", not
    "Tiêu đề:", and browser tests find fields by their exact label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """Return the form's choice field `name`, to set its choices for this user (typed)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field
