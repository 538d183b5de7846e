from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalServicesConfig(AppConfig):
    name = "fazhi.legal_services"
    label = "legal_services"
    verbose_name = _("公共法律服务")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        public_sections.register(
            "lawyer_booking",
            label=_("预约律师"),
            order=20,
            url_name="legal_services_public:index",
            description=_("查看村居法律顾问的值班安排，在线预约现场法律咨询。"),
        )
