from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "fazhi.reviews"
    label = "reviews"
    verbose_name = _("合法性审查与重大行政决策")

    def ready(self) -> None:
        from fazhi.portal.registry import public_sections

        public_sections.register(
            "major_decisions",
            label=_("重大行政决策征求意见"),
            order=25,
            url_name="reviews_public:index",
            description=_("对本街道重大行政决策草案发表意见，查看已公布的决策。"),
        )
