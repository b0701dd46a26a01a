from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RadioConfig(AppConfig):
    name = "hangviet.radio"
    label = "radio"
    verbose_name = _("Grassroots radio")
