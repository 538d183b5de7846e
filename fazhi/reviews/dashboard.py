"""The dashboard's charts of legality review (``fazhi.core.dashboard``): each a breakdown of a
figure of ``statistics.py``, shown to those who may read the figures and the reviews counted."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.dashboard import dashboard_chart

_REVIEWS = "reviews.view_reviewrequest"

dashboard_chart(
    "review-requests-by-month",
    title=_("合法性审查（按月）"),
    kind="bar",
    series=[
        ("reviews.requests", "month", _("受理合法性审查")),
        ("reviews.completed", "month", _("出具合法性审查意见")),
    ],
    perm=_REVIEWS,
    order=10,
)
dashboard_chart(
    "review-requests-by-kind",
    title=_("出具审查意见的事项类别"),
    kind="pie",
    series=[("reviews.completed", "kind", _("出具合法性审查意见"))],
    perm=_REVIEWS,
    order=20,
)
dashboard_chart(
    "review-requests-by-conclusion",
    title=_("合法性审查结论"),
    kind="pie",
    series=[("reviews.completed", "conclusion", _("出具合法性审查意见"))],
    perm=_REVIEWS,
    order=30,
)
