from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "fazhi.reviews"
    label = "reviews"
    verbose_name = _("合法性审查与重大行政决策")
