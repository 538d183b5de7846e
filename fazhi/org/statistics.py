"""Report figures about people and places (keys under ``org.``), as of the period's end."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fazhi.core.stats import AsOf, CountDistinct, Dimension, During, RecordSet, statistic
from fazhi.org.models import (
    Grid,
    GridWorker,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Village,
)

VILLAGES = RecordSet(
    Village,
    dimensions={"kind": Dimension(_("类型"), "kind")},
    columns=("kind", "established_on"),
)
GRIDS = RecordSet(Grid, village="village", grid="id", columns=("village", "established_on"))
GRID_WORKERS = RecordSet(
    GridWorker,
    village="grid__village",
    grid="grid",
    dimensions={"kind": Dimension(_("类别"), "kind")},
    columns=("grid", "kind", "started_on"),
)
LEADING_GROUP_SEATS = RecordSet(
    LeadingGroupMember,
    dimensions={"position": Dimension(_("小组职务"), "position")},
    columns=("position", "title", "appointed_on"),
)
MEETINGS = RecordSet(
    LeadingGroupMeeting,
    dimensions={"kind": Dimension(_("会议类型"), "kind")},
    columns=("held_on", "kind"),
)

statistic(
    "org.villages",
    label=_("村居数"),
    unit=_("个"),
    records=VILLAGES,
    period=AsOf(),
    description=_("统计期末在册的村和社区"),
    headline=True,
)
statistic(
    "org.grids",
    label=_("网格数"),
    unit=_("个"),
    records=GRIDS,
    period=AsOf(),
    description=_("统计期末在用的网格"),
    headline=True,
)
statistic(
    "org.grid_workers",
    label=_("网格员人数"),
    unit=_("名"),
    records=GRID_WORKERS,
    period=AsOf(),
    description=_("统计期末在岗的专兼职网格员"),
    headline=True,
)
_seats = LeadingGroupMember.Position
statistic(
    "org.leading_group_members",
    label=_("法治政府建设领导小组成员"),
    unit=_("名"),
    records=LEADING_GROUP_SEATS,
    period=AsOf(),
    filters=Q(position__in=[_seats.LEADER, _seats.DEPUTY, _seats.MEMBER]),
    aggregate=CountDistinct("user"),
    description=_("统计期末在任的组长、副组长和成员（不含办公室工作人员）"),
)
statistic(
    "org.leading_group_meetings",
    label=pgettext_lazy("plural", "领导小组会议"),
    unit=_("次"),
    records=MEETINGS,
    period=During("held_on"),
    description=_("期间内召开的领导小组会议（含专题会议和会前学法）"),
)
