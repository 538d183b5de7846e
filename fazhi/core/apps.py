import os

from django.apps import AppConfig
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fazhi.core"
    label = "core"
    verbose_name = _("平台基础")

    def ready(self) -> None:
        # Each app declares its report figures in its own statistics.py.
        autodiscover_modules("statistics")
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The development server under its autoreloader: the reloader's thread imports the
            # URLconf (every view) while the server's thread runs the system checks (every
            # template tag library). Two threads importing the same modules can meet inside a
            # library's own circular imports (openpyxl's) and one fails with "partially
            # initialized module", so the server does not start. Import the URLconf here,
            # before both threads start.
            from django.urls import get_resolver

            get_resolver().urlconf_module  # noqa: B018
