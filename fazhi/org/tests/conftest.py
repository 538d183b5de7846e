"""Records of every org type in both streets, for the org API tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from fazhi.org import services
from fazhi.org.models import (
    Department,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
)


@dataclass
class StreetRecords:
    department: Department
    group: LeadingGroup
    member: LeadingGroupMember
    meeting: LeadingGroupMeeting


def _records(street: Any, clerk: Any) -> StreetRecords:
    department = services.department_create(
        street=street, actor=clerk, name=f"{street.name}司法所", head_name="王所长"
    )
    group = services.leading_group_create(
        street=street,
        actor=clerk,
        name=f"{street.name}法治政府建设领导小组",
        established_on=date(2020, 3, 1),
    )
    member = services.leading_group_member_create(
        street=street,
        actor=clerk,
        group=group,
        user=clerk,
        position=LeadingGroupMember.Position.OFFICE_DIRECTOR,
        appointed_on=date(2020, 3, 1),
    )
    meeting = services.meeting_create(
        street=street,
        actor=clerk,
        group=group,
        title="2020年第一次全体会议",
        held_on=date(2020, 4, 10),
        topics="学习法治政府建设实施纲要",
        attendees=[clerk],
    )
    return StreetRecords(department, group, member, meeting)


@pytest.fixture
def records(world):
    """Street A's and street B's department, leading group, member and meeting."""
    return {
        "a": _records(world.a.street, world.clerk_a),
        "b": _records(world.b.street, world.clerk_b),
    }
