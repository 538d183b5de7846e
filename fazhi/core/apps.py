from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self) -> None:
        # Each app declares its report figures in its own statistics.py.
        autodiscover_modules("statistics")
