"""How dates and figures are written in the product: 2020年9月28日 in Chinese, 2020-09-28 in
the English interface; a length of time as 8分5秒 or 8:05."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if not _chinese():
        return f"{value:%Y-%m-%d}"
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)} {local:%H:%M}"


def cn_duration(value: timedelta | None) -> str:
    """A length of time to the second: 8分5秒, 1小时2分0秒 (8:05, 1:02:00 in English)."""
    if value is None:
        return ""
    hours, rest = divmod(max(int(value.total_seconds()), 0), 3600)
    minutes, seconds = divmod(rest, 60)
    if not _chinese():
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    if hours:
        return f"{hours}小时{minutes}分{seconds}秒"
    return f"{minutes}分{seconds}秒"


# Written when turned into text: the audit log keeps them in the product's language
# (``audit.services.record``) whatever the language of the request that wrote the row.
cn_date_lazy = lazy(cn_date, str)
cn_datetime_lazy = lazy(cn_datetime, str)
