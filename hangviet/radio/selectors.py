"""Reads of grassroots radio that several callers share."""

from hangviet.radio.models import SpokenForm


def spoken_forms() -> dict[str, str]:
    """The coordinator's spoken forms, written → read as (for `speech.normalize`)."""
    return dict(SpokenForm.objects.values_list("written", "spoken"))
