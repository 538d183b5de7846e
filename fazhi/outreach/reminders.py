"""Dashboard reminders of law education: a key date coming up with nothing planned for it.

It goes to those who plan activities (the office and department staff), not to every reader."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from fazhi.core.reminders import reminder
from fazhi.outreach.selectors import key_dates_unplanned


@reminder(
    "outreach.key_dates_unplanned",
    label=_("14天内到来、尚无活动安排的普法节点"),
    perm="outreach.add_activity",
    url_name="outreach:keydate_calendar",
)
def key_dates_unplanned_count(user: Any, today: date) -> int:
    return len(key_dates_unplanned(user, today))
