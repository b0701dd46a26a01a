"""Form helpers shared by every app."""

from typing import Any


class PlainLabels:
    """Labels without Django's trailing colon: Vietnamese forms read "Tiêu đề", not
    "Tiêu đề:", and browser tests find fields by their exact label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
