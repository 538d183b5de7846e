"""Shared helpers of the duty, suspension and booking tests: a fixed clock in June 2020 and
shifts and bookings made through the services."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fazhi.audit.models import AuditEntry
from fazhi.legal_services.models import Appointment, DutyShift, Topic
from fazhi.legal_services.services import duty

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Monday 1 June 2020, 10:00 in Tianjin: the tests' "now".
NOW = datetime(2020, 6, 1, 10, 0, tzinfo=SHANGHAI)
TODAY = NOW.date()
THURSDAY = date(2020, 6, 4)


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def make_shift(world: Any, legal: Any, **fields: Any) -> DutyShift:
    """A shift of street A's village with 王律师 (who has an account), through the service."""
    data: dict[str, Any] = {
        "village": world.a.village,
        "lawyer": legal.lawyer_a,
        "date": THURSDAY,
        "starts_at": time(9, 0),
        "ends_at": time(11, 30),
        "place": "幸福社区党群服务中心法律服务室",
        "capacity": 2,
    }
    data.update(fields)
    return duty.duty_shift_create(street=world.a.street, actor=world.clerk_a, **data)


def book(shift: DutyShift, **fields: Any) -> Appointment:
    """A resident's online booking, made at ``NOW`` unless told otherwise."""
    data: dict[str, Any] = {
        "shift": shift,
        "topic": Topic.LABOUR,
        "name": "张三丰",
        "mobile": "13812340001",
        "consent": True,
        "description": "工资被拖欠三个月",
        "now": NOW,
    }
    data.update(fields)
    return duty.appointment_book(**data)


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()
