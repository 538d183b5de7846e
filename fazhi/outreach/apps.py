from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "fazhi.outreach"
    label = "outreach"
    verbose_name = _("普法宣传")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        public_sections.register(
            "legal_faq",
            label=_("法律问答"),
            order=30,
            url_name="faq_public:index",
            description=_("群众身边的常见法律问题解答，可按关键词和分类查找。"),
        )
        public_sections.register(
            "quiz",
            label=_("知识竞答"),
            order=40,
            url_name="quiz_public:index",
            description=_("参加线上法律知识竞答，交卷即可查看成绩和答案解析。"),
        )
