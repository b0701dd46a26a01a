from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hangviet.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import pre_save
        from django_tasks.signals import task_finished, task_started

        from hangviet.core import heartbeat
        from hangviet.core.receivers import clean_before_save

        pre_save.connect(clean_before_save, dispatch_uid="hangviet.core.clean_text")
        task_started.connect(heartbeat.on_started, dispatch_uid="hangviet.core.task_beat")
        task_finished.connect(heartbeat.on_finished, dispatch_uid="hangviet.core.task_beat_end")
