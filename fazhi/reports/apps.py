from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "fazhi.reports"
    label = "reports"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        public_sections.register(
            "annual_report",
            label=_("年度报告"),
            order=50,
            url_name="reports_public:index",
            description=_("本街道法治政府建设年度报告全文，报告中的数字可下载为开放数据。"),
        )
