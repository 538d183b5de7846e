"""Identity numbers of the people and organisations the street deals with: the citizen ID
number (公民身份号码, GB 11643) and the unified social credit code (统一社会信用代码, GB 32100),
checked by their check digits."""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_number_error(value: str) -> str | None:
    """Why ``value`` is not a valid 18-digit citizen ID number (GB 11643), or None."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return _("身份证号码应为18位，前17位为数字，最后一位为数字或X。")
    try:
        datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return _("身份证号码中的出生日期无效。")
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        return _("身份证号码校验位不正确，请核对。")
    return None


def credit_code_error(value: str) -> str | None:
    """Why ``value`` is not a valid unified social credit code (GB 32100), or None."""
    if len(value) != 18 or any(c not in CREDIT_CHARS for c in value):
        return _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。")
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(value[:17], CREDIT_WEIGHTS, strict=True))
    if CREDIT_CHARS[(31 - total % 31) % 31] != value[17]:
        return _("统一社会信用代码校验位不正确，请核对。")
    return None


def id_check_digit(first17: str) -> str:
    """The check digit (GB 11643) of an ID number's first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def credit_check_digit(first17: str) -> str:
    """The check character (GB 32100) of a unified social credit code's first 17 characters."""
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]
