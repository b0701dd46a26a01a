from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "hangviet.analytics"
    label = "analytics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from hangviet.analytics import receivers  # noqa: F401 — connects the signal
