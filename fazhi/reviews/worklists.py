"""The first screen's legality reviews: the requests the reviewer or the legal adviser is to
give an opinion on, the nearest deadline first."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.worklists import Work, WorkItem, collect, worklist
from fazhi.reviews import selectors


@worklist(
    "reviews.mine",
    label=gettext_lazy("待我审查的合法性审查"),
    perm="reviews.view_reviewrequest",
    order=35,
)
def mine(user: Any, today: date) -> Work | None:
    qs = selectors.awaiting_opinion_of(selectors.review_request_list(user), user)
    return collect(
        qs.order_by("due_on", "id"),
        lambda request: WorkItem(
            title=request.title,
            url=reverse("reviews:reviewrequest_detail", args=[request.pk]),
            facts=[request.get_kind_display(), str(request.department or "")],
            due=request.due_on,
            due_label=_("审查期限"),
            flag=selectors.deadline_flag(request, today),
        ),
        f"{reverse('reviews:reviewrequest_list')}?mine=yes",
    )
