"""One cleaning rule for every text hangviet stores (core.text.clean).

Applied to every character field of every hangviet model when it is saved, so no service,
admin form, command or task can store a control character or a bidirectional override: a
rule per service would be forgotten by the next one, and one stored "\\x01" used to break an
export for everyone who could see the row. Bulk writes call `clean_instance` themselves.
"""

from typing import Any

from django.db import models

from hangviet.core.text import clean


def _text_fields(model: type[models.Model]) -> list[tuple[str, bool]]:
    cached = getattr(model, "_hangviet_text_fields", None)
    if cached is None:
        cached = [
            (f.attname, isinstance(f, models.TextField))
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        setattr(model, "_hangviet_text_fields", cached)  # noqa: B010 — a cache on the class
    return cached


def clean_instance(instance: models.Model) -> models.Model:
    """Clean every text field of `instance` in place (multi-line for TextField); return it."""
    for attname, multiline in _text_fields(type(instance)):
        value = getattr(instance, attname, None)
        if isinstance(value, str) and value:
            cleaned = clean(value, multiline=multiline)
            if cleaned != value:
                setattr(instance, attname, cleaned)
    return instance


def clean_before_save(
    sender: type[models.Model], instance: Any, raw: bool = False, **_: Any
) -> None:
    if not raw and sender.__module__.startswith("hangviet."):
        clean_instance(instance)
