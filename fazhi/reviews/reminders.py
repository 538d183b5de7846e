"""Dashboard reminders of legality review: each links to its filtered list."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.reminders import reminder
from fazhi.reviews import selectors
from fazhi.reviews.models import ReviewRequest


@reminder(
    "reviews.overdue",
    label=_("已逾期未出具意见的合法性审查"),
    perm="reviews.view_reviewrequest",
    url_name="reviews:reviewrequest_list",
    query="deadline=overdue",
)
def overdue(user: Any, today: date) -> int:
    return selectors.overdue(ReviewRequest.objects.for_user(user), today).count()


@reminder(
    "reviews.due_soon",
    label=_("即将到期的合法性审查"),
    perm="reviews.view_reviewrequest",
    url_name="reviews:reviewrequest_list",
    query="deadline=due_soon",
)
def due_soon(user: Any, today: date) -> int:
    return selectors.due_soon(ReviewRequest.objects.for_user(user), today).count()
