"""Writes on reports (问题线索): a problem reported by a grid worker's phone, a resident on the
portal, a 12345 hotline transfer or from a patrol; accepted, it becomes a case, otherwise it
is dismissed with the reason.

``report_create`` is the one way a report comes in, whatever the page, the API or the demo;
``report_accept`` hands it to ``cases.case_register`` (which marks it accepted in the same
transaction) and ``report_dismiss`` closes it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import files
from fazhi.core.scoping import user_is_grid_scoped
from fazhi.core.services import model_create, model_transition, model_update
from fazhi.enforcement.models import Report
from fazhi.org.models import Street, User

if TYPE_CHECKING:
    from fazhi.enforcement.models import Case

# The resident's tracking code: 8 characters without 0/O and 1/I, which are easily confused.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A mobile number, or a landline with or without its area code (022-12345678, 12345678).
_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})$")
_PHOTO_TYPES = {"image/jpeg", "image/png", "image/heic", "image/heif"}

# The fields a report takes from its ``data``; the rest are set by the service.
_DATA_FIELDS = (
    "source",
    "reported_at",
    "category",
    "grid",
    "patrol",
    "address",
    "latitude",
    "longitude",
    "description",
    "reporter_name",
    "reporter_phone",
    "hotline_ticket",
)
# What may still be corrected on a pending report.
_EDITABLE = (
    "category",
    "grid",
    "patrol",
    "address",
    "latitude",
    "longitude",
    "description",
    "reporter_name",
    "reporter_phone",
    "hotline_ticket",
)


def normalise_code(text: str) -> str:
    """A tracking code as typed (lower case, spaces, a dash) in its stored form."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def photo_kind(file: Any) -> tuple[str, str] | None:
    """The (extension, content type) of a photo judged by its content and structure, or None
    when it is not a JPEG, PNG or HEIC picture."""
    found = files.sniff_evidence(file)
    if found is None or found[2] != files.EVIDENCE_PHOTO or found[1] not in _PHOTO_TYPES:
        return None
    return found[0], found[1]


def _check_photo(photo: Any) -> None:
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {"photo": _("照片不能超过%(size)dMB。") % {"size": MAX_PHOTO_BYTES // (1024 * 1024)}}
        )
    if photo_kind(photo) is None:
        raise ValidationError({"photo": _("现场照片只能是JPG、PNG或HEIC格式的图片。")})


def _check_phone(phone: str) -> None:
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            {"reporter_phone": _("请填写正确的联系电话：11位手机号码，或固定电话号码。")}
        )


def _check_source(actor: User | None, data: dict[str, Any]) -> None:
    """Who may report from which source, and into which grid."""
    source = data.get("source")
    if actor is None:
        if source != Report.Source.RESIDENT:
            raise ValidationError(_("没有账号时只能以群众举报的方式上报。"))
        return
    if not user_is_grid_scoped(actor):
        return
    # A grid worker: the own grid's problems, found on the own round or on a patrol of the grid.
    if source not in (Report.Source.GRID_WORKER, Report.Source.PATROL):
        raise ValidationError({"source": _("网格员上报的线索，来源只能是网格员上报或巡查发现。")})
    if actor.grid_id is None:
        raise ValidationError(_("您的账号尚未分配网格，不能上报线索；请联系街道办公室。"))
    grid = data.get("grid")
    if grid is not None and grid.pk != actor.grid_id:
        raise ValidationError(
            {"grid": _("网格员只能上报本网格（%(grid)s）的问题。") % {"grid": actor.grid}}
        )
    data["grid"] = actor.grid
    patrol = data.get("patrol")
    if patrol is not None and patrol.grid_id != actor.grid_id:
        raise ValidationError({"patrol": _("只能关联本网格的巡查记录。")})


def report_create(
    *,
    actor: User | None,
    street: Street,
    data: Mapping[str, Any],
    photo: Any = None,
    now: datetime | None = None,
) -> Report:
    """Take in one report.

    ``actor`` is the staff member or grid worker who reports (None: a resident on the portal).
    A grid worker's report belongs to the own grid; a 12345 transfer names its ticket; a report
    from a patrol names the patrol; a resident's contact is optional (the phone checked when
    given) and the resident gets a tracking code. The photo is checked by its content and
    fingerprinted (SHA-256). Refused with a Chinese message and nothing written otherwise.
    """
    unknown = set(data) - set(_DATA_FIELDS) - {"consent"}
    if unknown:
        raise ValidationError(
            _("不能指定以下内容：%(names)s。") % {"names": "、".join(sorted(unknown))}
        )
    values = {k: v for k, v in data.items() if k in _DATA_FIELDS}
    moment = now or timezone.now()
    source = values.get("source") or (
        Report.Source.RESIDENT if actor is None else Report.Source.OTHER
    )
    values["source"] = source
    _check_source(actor, values)
    errors: dict[str, str] = {}
    for name in ("address", "description", "reporter_name", "reporter_phone", "hotline_ticket"):
        values[name] = (values.get(name) or "").strip()
    if not values["address"]:
        errors["address"] = _("请填写问题发生的地点。")
    if not values["description"]:
        errors["description"] = _("请描述发现的问题。")
    if values.get("category") is None and source in (
        Report.Source.GRID_WORKER,
        Report.Source.PATROL,
    ):
        errors["category"] = _("请选择问题类别。")
    category = values.get("category")
    if category is not None and not category.in_use:
        errors["category"] = _("问题类别“%(name)s”已停用。") % {"name": category.name}
    if source == Report.Source.PATROL and values.get("patrol") is None:
        errors["patrol"] = _("巡查发现的问题请选择巡查记录。")
    if source != Report.Source.HOTLINE and values["hotline_ticket"]:
        errors["hotline_ticket"] = _("只有12345热线转办的线索才填写工单号。")
    reported_at = values.get("reported_at") or moment
    if reported_at > moment:
        errors["reported_at"] = _("上报时间不能晚于当前时间。")
    values["reported_at"] = reported_at
    if errors:
        raise ValidationError(errors)
    _check_phone(values["reporter_phone"])
    contact = values["reporter_name"] or values["reporter_phone"]
    if actor is None and contact and not data.get("consent"):
        raise ValidationError(
            {"consent": _("留下姓名或电话的，请阅读并勾选同意个人信息使用说明。")}
        )
    patrol = values.get("patrol")
    if patrol is not None and values.get("grid") is None and patrol.grid_id:
        values["grid"] = patrol.grid
    if photo:
        _check_photo(photo)
        values["photo"] = photo
        values["photo_sha256"] = files.fingerprint(photo)
    # Staff and grid workers report under their account; a resident and a hotline transfer
    # have no account behind them (the audit row still names who entered the transfer).
    reporter = None if actor is None or source == Report.Source.HOTLINE else actor
    base = {"street": street, **values, "reporter": reporter, "status": Report.Status.PENDING}
    if source == Report.Source.RESIDENT:
        base["tracking_code"] = _unused_code(street)
    return model_create(Report, actor=actor, data=base)


def _unused_code(street: Street) -> str:
    """A tracking code no report of the street has (32^8 codes: a clash is all but impossible,
    and the unique constraint still guards the last moment)."""
    while True:
        code = _new_code()
        if not Report.objects.filter(street=street, tracking_code=code).exists():
            return code


def report_update(report: Report, *, actor: User | None, **fields: Any) -> Report:
    """Correct a pending report (category, grid, place, description, contact, ticket)."""
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise ValidationError(
            _("不能修改以下内容：%(names)s。") % {"names": "、".join(sorted(unknown))}
        )
    with transaction.atomic():
        locked = Report._base_manager.select_for_update().get(pk=report.pk)
        _require_pending(locked, _("修改"))
        if "reporter_phone" in fields:
            fields["reporter_phone"] = (fields["reporter_phone"] or "").strip()
            _check_phone(fields["reporter_phone"])
        if fields.get("hotline_ticket") and locked.source != Report.Source.HOTLINE:
            raise ValidationError({"hotline_ticket": _("只有12345热线转办的线索才填写工单号。")})
        if actor is not None and user_is_grid_scoped(actor):
            grid = fields.get("grid", locked.grid)
            if grid is None or grid.pk != actor.grid_id:
                raise ValidationError({"grid": _("网格员只能上报本网格的问题。")})
        return model_update(locked, actor=actor, data=fields)[0]


def _require_pending(locked: Report, action: str) -> None:
    if locked.status != Report.Status.PENDING:
        raise ValidationError(
            _("该线索已处理（%(status)s），不能再%(action)s。")
            % {"status": locked.get_status_display(), "action": action},
            code="invalid_state",
        )


def report_accept(
    *,
    actor: User,
    report: Report,
    officers: Iterable[User],
    data: Mapping[str, Any],
    now: datetime | None = None,
) -> Case:
    """Register the pending report as a case (发现登记) handled by ``officers``.

    What the report says (category, place, time, description, grid, patrol, source) fills the
    case's fields ``data`` leaves out. ``cases.case_register`` checks the officers (at least
    two, certified) and marks the report accepted in the same transaction.
    """
    from fazhi.enforcement.services.cases import case_register

    with transaction.atomic():
        locked = Report._base_manager.select_for_update().get(pk=report.pk)
        _require_pending(locked, _("登记为案件"))
        patrol = locked.patrol
        case_data: dict[str, Any] = {
            "source": locked.source,
            "category": locked.category,
            "location": locked.address,
            "found_at": locked.reported_at,
            "facts": locked.description,
            "grid": locked.grid,
            "patrol": patrol,
            "campaign": patrol.campaign if patrol is not None else None,
            "key_area": patrol.key_area if patrol is not None else None,
        }
        # What the officers entered wins; a field they left empty keeps the report's value.
        case_data.update(
            {k: v for k, v in data.items() if v not in (None, "") or k not in case_data}
        )
        return case_register(
            actor=actor,
            street=locked.street,
            data=case_data,
            officers=list(officers),
            report=locked,
            now=now,
        )


def report_dismiss(
    *, actor: User, report: Report, reason: str, now: datetime | None = None
) -> Report:
    """Close a pending report without a case (不予登记), with the reason recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写不予登记的理由。")})
    with transaction.atomic():
        locked = Report._base_manager.select_for_update().get(pk=report.pk)
        _require_pending(locked, _("作不予登记处理"))
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": Report.Status.DISMISSED,
                "dismiss_reason": reason,
                "handled_by": actor,
                "handled_at": now or timezone.now(),
            },
            extra={"action": "dismiss"},
        )
    return locked
