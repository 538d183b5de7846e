"""How dates and figures are written in the product: 2020年9月28日 in Chinese, 2020-09-28 in
the English interface."""

from __future__ import annotations

from datetime import date, datetime

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


# Written when turned into text: the audit log keeps them in the product's language
# (``audit.services.record``) whatever the language of the request that wrote the row.
cn_date_lazy = lazy(cn_date, str)
cn_datetime_lazy = lazy(cn_datetime, str)
