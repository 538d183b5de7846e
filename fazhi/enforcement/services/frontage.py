"""Writes on 门前三包: the register of responsibility units (责任单位) and their self-checks (自查).

Pages, the API, the Excel import and tests call these. The model's ``clean()`` holds the rules
of one record; the rules that look beyond it (today's date, the credit code's check digit, the
phone number's form, who may record a unit's self-check) live here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.files import fingerprint_into
from fazhi.core.identity import credit_code_error
from fazhi.core.services import model_create, model_update, refuse_unknown_fields
from fazhi.enforcement.models import FrontageSelfCheck, FrontageUnit
from fazhi.org.models import Street, User

# A mobile number, or a landline with its area code (022-63123456, 02263123456-801).
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
_PHONE_SEPARATORS = re.compile(r"[\s－—]")

UNIT_FIELDS = frozenset(
    {
        "name",
        "kind",
        "credit_code",
        "address",
        "key_area",
        "grid",
        "zone",
        "contact_name",
        "contact_phone",
        "letter_signed_on",
        "letter",
        "in_use",
    }
)
SELF_CHECK_FIELDS = frozenset({"checked_on", "result", "problems", "rectified_on"})


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def phone_error(value: str) -> str | None:
    """Why ``value`` is neither a mobile number nor a landline with its area code, or None."""
    if not _PHONE.match(value):
        return _("请填写11位手机号码或带区号的固定电话，例如 13812345678 或 022-63123456。")
    return None


def normalise_phone(value: str) -> str:
    """The number as stored: spaces and full-width dashes dropped (022 6312 3456 → 02263123456)."""
    return _PHONE_SEPARATORS.sub("", value or "")


# --- responsibility units ------------------------------------------------------------------------


def frontage_unit_clean(
    fields: Mapping[str, Any], *, today: date | None = None, current: FrontageUnit | None = None
) -> dict[str, Any]:
    """``fields`` trimmed and checked beyond the model: a credit code passing its GB 32100
    check digit, a mobile or landline number, a letter signed no later than today and a
    letter file only with its signed date. Raises ValidationError naming the fields."""
    refuse_unknown_fields(FrontageUnit, fields, UNIT_FIELDS)
    data: dict[str, Any] = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    errors: dict[str, str] = {}
    if data.get("credit_code"):
        data["credit_code"] = data["credit_code"].upper()
        if problem := credit_code_error(data["credit_code"]):
            errors["credit_code"] = problem
    if data.get("contact_phone"):
        data["contact_phone"] = normalise_phone(data["contact_phone"])
        if problem := phone_error(data["contact_phone"]):
            errors["contact_phone"] = problem
    signed_on = data.get("letter_signed_on", current.letter_signed_on if current else None)
    if "letter_signed_on" in data and signed_on is not None and signed_on > _today(today):
        errors["letter_signed_on"] = _("责任书签订日期不能晚于今天。")
    if data.get("letter") is False:  # the form's "clear" box
        data["letter"] = ""
    letter = data.get("letter", current.letter if current else None)
    if letter and signed_on is None:
        errors["letter_signed_on"] = _("上传了责任书的，请填写签订日期。")
    if errors:
        raise ValidationError(errors)
    data.pop("letter_sha256", None)  # only ever computed from the file itself
    fingerprint_into(data, "letter")
    return data


def frontage_unit_create(
    *, street: Street, actor: User | None, today: date | None = None, **fields: Any
) -> FrontageUnit:
    """Register a 门前三包 responsibility unit, with its signed letter if given (the file's
    SHA-256 kept beside it)."""
    data = frontage_unit_clean(fields, today=today)
    return model_create(FrontageUnit, actor=actor, data={"street": street, **data})


def frontage_unit_update(
    unit: FrontageUnit, *, actor: User | None, today: date | None = None, **fields: Any
) -> FrontageUnit:
    """Change a unit's particulars; a new letter file replaces the old one and its fingerprint.
    A unit no longer on the street is taken off the register (``in_use``), never deleted: its
    self-checks and cases keep their history."""
    if "street" in fields:
        raise ValidationError(_("记录所属街道不能修改。"))
    with transaction.atomic():
        locked = FrontageUnit._base_manager.select_for_update().get(pk=unit.pk)
        data = frontage_unit_clean(fields, today=today, current=locked)
        return model_update(locked, actor=actor, data=data)[0]


# --- self-checks -----------------------------------------------------------------------------------


def _check_self_check(values: Mapping[str, Any], today: date) -> None:
    errors: dict[str, str] = {}
    checked_on: date | None = values.get("checked_on")
    rectified_on: date | None = values.get("rectified_on")
    if checked_on is not None and checked_on > today:
        errors["checked_on"] = _("自查日期不能晚于今天。")
    if rectified_on is not None:
        if values.get("result") == FrontageSelfCheck.Result.PASSED:
            errors["rectified_on"] = _("自查达标的，无需填写整改完成日期。")
        elif rectified_on > today:
            errors["rectified_on"] = _("整改完成日期不能晚于今天；尚未整改完成的请留空。")
    if errors:
        raise ValidationError(errors)


def _require_unit_in_scope(unit: FrontageUnit, actor: User | None) -> None:
    """A grid worker records self-checks of the own grid's units only (the office: any)."""
    if actor is None or actor.is_superuser:
        return
    if not FrontageUnit.objects.for_user(actor).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("责任单位“%(unit)s”不在您的管辖范围内，不能登记其自查。") % {"unit": unit}}
        )


def frontage_self_check_create(
    *, actor: User, unit: FrontageUnit, today: date | None = None, **fields: Any
) -> FrontageSelfCheck:
    """Record a unit's self-check of its frontage zone: the date (not in the future), the
    result, the problems when it failed and the date they were put right."""
    refuse_unknown_fields(FrontageSelfCheck, fields, SELF_CHECK_FIELDS)
    data = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    _require_unit_in_scope(unit, actor)
    if not unit.in_use:
        raise ValidationError({"unit": _("责任单位“%(unit)s”已不在册。") % {"unit": unit}})
    _check_self_check(data, _today(today))
    return model_create(
        FrontageSelfCheck, actor=actor, data={"unit": unit, **data, "recorded_by": actor}
    )


def frontage_self_check_update(
    check: FrontageSelfCheck, *, actor: User, today: date | None = None, **fields: Any
) -> FrontageSelfCheck:
    """Correct a self-check or record its rectification; its unit and recorder stay."""
    if "unit" in fields and fields["unit"] != check.unit:
        raise ValidationError({"unit": _("自查记录所属的责任单位不能修改。")})
    fields = {k: v for k, v in fields.items() if k != "unit"}
    refuse_unknown_fields(FrontageSelfCheck, fields, SELF_CHECK_FIELDS)
    data = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    with transaction.atomic():
        locked = FrontageSelfCheck._base_manager.select_for_update().get(pk=check.pk)
        _require_unit_in_scope(locked.unit, actor)
        merged = {name: getattr(locked, name) for name in SELF_CHECK_FIELDS} | data
        if "checked_on" not in data or data["checked_on"] == locked.checked_on:
            merged["checked_on"] = None  # an old record's date is not judged again
        _check_self_check(merged, _today(today))
        return model_update(locked, actor=actor, data=data)[0]
