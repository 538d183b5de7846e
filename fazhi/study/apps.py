from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "fazhi.study"
    label = "study"
    verbose_name = _("学法与法律明白人")
