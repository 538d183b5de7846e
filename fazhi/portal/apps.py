from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The public chapters later releases open. Each app that serves one registers the same key
# with its URL name, which replaces the announcement here.
ANNOUNCED_SECTIONS = [
    ("enforcement", _("执法公示"), 10, _("本街道依法公开的行政执法决定。")),
    ("lawyer_booking", _("预约律师"), 20, _("预约村居法律顾问的现场法律服务。")),
    ("legal_faq", _("法律问答"), 30, _("群众身边的常见法律问题解答。")),
    ("quiz", _("知识竞答"), 40, _("参加线上法律知识竞答。")),
    ("annual_report", _("年度报告"), 50, _("本街道法治政府建设年度报告。")),
]


class PortalConfig(AppConfig):
    name = "fazhi.portal"
    label = "portal"
    verbose_name = _("公众服务网站")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        for key, label, order, description in ANNOUNCED_SECTIONS:
            public_sections.register(key, label=label, order=order, description=description)
