"""Report figures about people and places (keys under ``org.``), as of the period's end."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import Period, statistic
from fazhi.org.models import (
    Grid,
    GridWorker,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Street,
    Village,
)


@statistic("org.villages", label=_("村居数"), unit=_("个"), headline=True)
def villages(street: Street, period: Period) -> int:
    return Village.objects.for_street(street).active_on(period.end).count()


@statistic("org.grids", label=_("网格数"), unit=_("个"), headline=True)
def grids(street: Street, period: Period) -> int:
    return Grid.objects.for_street(street).active_on(period.end).count()


@statistic(
    "org.grid_workers",
    label=_("网格员人数"),
    unit=_("名"),
    description=_("统计期末在岗的专兼职网格员"),
    headline=True,
)
def grid_workers(street: Street, period: Period) -> int:
    return GridWorker.objects.for_street(street).active_on(period.end).count()


@statistic(
    "org.leading_group_members",
    label=_("法治政府建设领导小组成员"),
    unit=_("名"),
    description=_("统计期末在任的组长、副组长和成员（不含办公室工作人员）"),
)
def leading_group_members(street: Street, period: Period) -> int:
    seats = LeadingGroupMember.Position
    return (
        LeadingGroupMember.objects.for_street(street)
        .active_on(period.end)
        .filter(position__in=[seats.LEADER, seats.DEPUTY, seats.MEMBER])
        .values("user")
        .distinct()
        .count()
    )


@statistic(
    "org.leading_group_meetings", label=pgettext_lazy("plural", "领导小组会议"), unit=_("次")
)
def leading_group_meetings(street: Street, period: Period) -> int:
    return (
        LeadingGroupMeeting.objects.for_street(street)
        .filter(held_on__range=(period.start, period.end))
        .count()
    )
