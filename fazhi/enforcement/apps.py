from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "fazhi.enforcement"
    label = "enforcement"
    verbose_name = _("行政执法")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        public_sections.register(
            "enforcement",
            label=_("执法公示"),
            order=10,
            url_name="enforcement_public:index",
            description=_(
                "本街道的执法主体、执法人员、执法职权和依据、执法程序和救济渠道，"
                "依法公开的行政执法决定；也可以在这里举报市容环境问题。"
            ),
        )
