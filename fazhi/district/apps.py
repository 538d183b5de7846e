from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictConfig(AppConfig):
    name = "fazhi.district"
    label = "district"
    verbose_name = _("区依法治区办")
