"""How dates and figures are written in the product: 2020年9月28日."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"
