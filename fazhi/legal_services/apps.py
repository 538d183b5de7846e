from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalServicesConfig(AppConfig):
    name = "fazhi.legal_services"
    label = "legal_services"
    verbose_name = _("公共法律服务")
