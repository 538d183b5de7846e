"""Writes on the registry of legal services: law firms, lawyers, the standing adviser contract,
village advisers, consultations, and WeChat groups with their member counts (the pushes in
the groups are publicity items: ``fazhi.outreach.services.publicity_item_create``).

Views, the API, the Excel imports, the demo and tests call these. The model's ``clean()`` and
constraints hold the rules of one record; the rules that look beyond it (other assignments of a
village, the current time) live here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.files import fingerprint_into
from fazhi.core.formats import cn_date
from fazhi.core.imports.bulk import create_in_bulk
from fazhi.core.scoping import user_is_lawyer_scoped
from fazhi.core.services import model_create, model_delete, model_update
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.org.models import Street, User, Village
from fazhi.org.roles import Role

M = TypeVar("M", bound=models.Model)


# --- Generic update and delete ---------------------------------------------------------------


def record_update(instance: M, *, actor: User, **fields: Any) -> M:
    """Update a registry record that has no rule beyond its own (a firm, a WeChat group)."""
    return _update(instance, actor=actor, fields=fields)


def record_delete(instance: models.Model, *, actor: User) -> None:
    """Delete a registry record; refused with the reason while other records still use it."""
    model_delete(instance, actor=actor)


def _update(
    instance: M,
    *,
    actor: User,
    fields: dict[str, Any],
    check: Callable[[dict[str, Any], M], None] | None = None,
) -> M:
    """Apply ``fields`` to the locked record after ``check`` saw the record as it would become."""
    if "street" in fields and fields["street"] != getattr(instance, "street", None):
        raise ValidationError(_("记录所属街道不能修改。"))
    with transaction.atomic():
        locked = type(instance)._base_manager.select_for_update().get(pk=instance.pk)
        if check is not None:
            check(_merged(locked, fields), locked)
        return model_update(locked, actor=actor, data=fields)[0]


def _merged(instance: models.Model, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The record's field values with ``fields`` applied: what the record would become."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.name
        values[name] = fields[name] if name in fields else getattr(instance, name)
    return values


def _with_defaults(model: type[models.Model], fields: Mapping[str, Any]) -> dict[str, Any]:
    """A new record's values: those given, the model's defaults for the rest."""
    values: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.name in fields:
            values[field.name] = fields[field.name]
        elif field.has_default():
            values[field.name] = field.get_default()
        else:
            values[field.name] = None
    return values


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


# --- Law firms and lawyers --------------------------------------------------------------------


def law_firm_create(*, street: Street, actor: User | None, **fields: Any) -> LawFirm:
    """Register a law firm that serves the street."""
    return model_create(LawFirm, actor=actor, data={"street": street, **fields})


def _check_lawyer(values: Mapping[str, Any], current: Lawyer | None) -> None:
    account = values.get("user")
    if account is None or (current is not None and current.user_id == account.pk):
        return
    if not account.has_role(Role.LAWYER):
        raise ValidationError(
            {
                "user": _("账号“%(user)s”不是律师角色，不能关联为律师本人的账号。")
                % {"user": account}
            }
        )


def lawyer_create(*, street: Street, actor: User | None, **fields: Any) -> Lawyer:
    """Register a lawyer of a firm, optionally linked to the lawyer's own account (律师角色)."""
    _check_lawyer(fields, None)
    return model_create(Lawyer, actor=actor, data={"street": street, **fields})


def lawyer_create_many(
    *, street: Street, actor: User | None, rows: Sequence[Mapping[str, Any]]
) -> list[Lawyer]:
    """Register many lawyers at once (an import), each as ``lawyer_create`` registers one;
    RowsRejected names every refused row by its index, and nothing is written."""
    prepared: list[Lawyer | ValidationError] = []
    for row in rows:
        try:
            _check_lawyer(row, None)
        except ValidationError as exc:
            prepared.append(exc)
        else:
            prepared.append(Lawyer(street=street, **row))
    return create_in_bulk(prepared, actor=actor)


def lawyer_update(lawyer: Lawyer, *, actor: User, **fields: Any) -> Lawyer:
    return _update(lawyer, actor=actor, fields=fields, check=_check_lawyer)


# --- The standing adviser contract ------------------------------------------------------------


def _document_data(fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the contract file's fingerprint; a cleared file (False) as no file."""
    data = dict(fields)
    if data.get("document") is False:
        data["document"] = ""
    data.pop("document_sha256", None)  # only ever computed from the file itself
    fingerprint_into(data, "document")
    return data


def adviser_contract_create(
    *, street: Street, actor: User | None, **fields: Any
) -> AdviserContract:
    """Record a standing legal adviser contract (常年法律顾问合同), with its signed text if given.

    The file's SHA-256 is kept beside it, so a printed copy can be matched to the stored one.
    """
    return model_create(
        AdviserContract, actor=actor, data={"street": street, **_document_data(fields)}
    )


def adviser_contract_update(
    contract: AdviserContract, *, actor: User, **fields: Any
) -> AdviserContract:
    """Change a contract; a new file replaces the text and its fingerprint."""
    return _update(contract, actor=actor, fields=_document_data(fields))


# --- Village advisers (一村居一法律顾问) ---------------------------------------------------------


def _period_text(starts_on: date, ends_on: date | None) -> str:
    if ends_on is None:
        return _("自%(start)s起") % {"start": cn_date(starts_on)}
    return _("%(start)s至%(end)s") % {"start": cn_date(starts_on), "end": cn_date(ends_on)}


def _check_village_adviser(values: Mapping[str, Any], current: VillageAdviser | None) -> None:
    lawyer: Lawyer | None = values.get("lawyer")
    village: Village | None = values.get("village")
    starts_on: date | None = values.get("starts_on")
    ends_on: date | None = values.get("ends_on")
    if lawyer is None or village is None or starts_on is None:
        return  # the model's own validation names the missing field
    lawyer_changed = current is None or current.lawyer_id != lawyer.pk
    if lawyer_changed and not Lawyer.objects.filter(pk=lawyer.pk, is_active=True).exists():
        raise ValidationError(
            {"lawyer": _("律师%(name)s已不在册，不能担任村居法律顾问。") % {"name": lawyer.name}}
        )
    if village.dissolved_on is not None and starts_on >= village.dissolved_on:
        raise ValidationError(
            {
                "village": _("村居“%(name)s”已于%(date)s撤销。")
                % {"name": village.name, "date": cn_date(village.dissolved_on)}
            }
        )
    # One adviser per village at a time: a period ends on the day before ``ends_on``
    # (the rule of ``active_on``), so a successor may start on the predecessor's end date.
    others = VillageAdviser.objects.filter(village=village).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=starts_on)
    )
    if ends_on is not None:
        others = others.filter(starts_on__lt=ends_on)
    if current is not None:
        others = others.exclude(pk=current.pk)
    other = others.select_related("lawyer").order_by("starts_on").first()
    if other is not None:
        raise ValidationError(
            {
                "village": _(
                    "%(village)s在这一期间已有法律顾问%(lawyer)s（%(period)s）。"
                    "一个村居同一时期只配备一名法律顾问：请先填写原顾问的终止日期。"
                )
                % {
                    "village": village.name,
                    "lawyer": other.lawyer.name,
                    "period": _period_text(other.starts_on, other.ends_on),
                }
            }
        )


def village_adviser_create(*, street: Street, actor: User | None, **fields: Any) -> VillageAdviser:
    """Assign a lawyer as a village's legal adviser from ``starts_on`` (until ``ends_on``)."""
    with transaction.atomic():
        village = fields.get("village")
        if isinstance(village, Village):
            # Two assignments of the same village entered at once must not both pass the check.
            Village.objects.select_for_update().filter(pk=village.pk).first()
        _check_village_adviser(fields, None)
        return model_create(VillageAdviser, actor=actor, data={"street": street, **fields})


def village_adviser_update(
    adviser: VillageAdviser, *, actor: User, **fields: Any
) -> VillageAdviser:
    with transaction.atomic():
        village = fields.get("village", adviser.village)
        Village.objects.select_for_update().filter(pk=village.pk).first()
        return _update(adviser, actor=actor, fields=fields, check=_check_village_adviser)


# --- Consultations ----------------------------------------------------------------------------


def consultation_check(values: Mapping[str, Any], *, now: datetime | None = None) -> None:
    """The rules of a consultation beyond its fields: the 12348 ticket goes with a referral
    from or to the hotline, and nothing is recorded as answered in the future."""
    channel = values.get("channel")
    referral = values.get("referral") or ""
    ticket = (values.get("hotline_ticket") or "").strip()
    errors: dict[str, str] = {}
    from_hotline = channel == Consultation.Channel.HOTLINE_12348
    to_hotline = referral == Consultation.Referral.TO_12348
    if from_hotline and to_hotline:
        errors["referral"] = _("由12348热线转来的咨询不能再转回12348热线。")
    elif from_hotline and not ticket:
        errors["hotline_ticket"] = _("由12348热线转来的咨询请填写12348工单号。")
    elif to_hotline and not ticket:
        errors["hotline_ticket"] = _("转往12348热线的咨询请填写12348工单号。")
    elif ticket and not (from_hotline or to_hotline):
        errors["hotline_ticket"] = _(
            "只有由12348热线转来（渠道选“12348转办”）或转往12348热线的咨询才填写工单号。"
        )
    occurred_at = values.get("occurred_at")
    moment = now if now is not None else timezone.now()
    if isinstance(occurred_at, datetime) and occurred_at > moment:
        errors["occurred_at"] = _("咨询时间不能晚于当前时间。")
    if errors:
        raise ValidationError(errors)


def _as_own_lawyer(actor: User | None, fields: dict[str, Any], *, creating: bool) -> None:
    """An outside lawyer's account records and corrects only the consultations it answered:
    the answering lawyer is its own Lawyer, filled in when left empty and refused when another
    is named (the office records any lawyer's)."""
    if actor is None or not user_is_lawyer_scoped(actor):
        return
    if not creating and "lawyer" not in fields:
        return
    own = Lawyer.objects.filter(user=actor).first()
    if own is None:
        raise ValidationError(
            {"lawyer": _("您的账号尚未关联律师登记，不能登记咨询；请联系司法所。")}
        )
    lawyer = fields.get("lawyer")
    if lawyer is None:
        fields["lawyer"] = own
    elif lawyer.pk != own.pk:
        raise ValidationError(
            {
                "lawyer": _(
                    "律师账号只能登记本人解答的咨询：解答律师请选择“%(name)s”；"
                    "其他律师解答的咨询由该律师本人或司法所登记。"
                )
                % {"name": own.name}
            }
        )


def consultation_create(
    *, street: Street, actor: User | None, now: datetime | None = None, **fields: Any
) -> Consultation:
    """Record one consultation answered at a desk, on site or online.

    The person who records it (``handled_by``) is the actor; the time defaults to now. A
    lawyer's own account records its own consultations: the answering lawyer is itself.
    """
    data = _new_consultation(actor, fields, now=now)
    return model_create(
        Consultation, actor=actor, data={"street": street, **data, "handled_by": actor}
    )


def consultation_create_many(
    *,
    street: Street,
    actor: User | None,
    rows: Sequence[Mapping[str, Any]],
    now: datetime | None = None,
) -> list[Consultation]:
    """Record many consultations at once (an import), each under the rules of
    ``consultation_create``, written in bulk with an audit row each; RowsRejected names every
    refused row by its index, and nothing is written."""
    moment = now if now is not None else timezone.now()
    prepared: list[Consultation | ValidationError] = []
    for row in rows:
        try:
            data = _new_consultation(actor, dict(row), now=moment)
        except ValidationError as exc:
            prepared.append(exc)
        else:
            prepared.append(Consultation(street=street, **data, handled_by=actor))
    return create_in_bulk(prepared, actor=actor)


def _new_consultation(
    actor: User | None, fields: dict[str, Any], *, now: datetime | None
) -> dict[str, Any]:
    """A new consultation's fields, checked: its recorder is the actor, never given; a
    lawyer's account records its own; the time defaults to now."""
    if "handled_by" in fields:
        raise ValidationError(_("登记人由系统按登记的账号记录，不能指定。"))
    _as_own_lawyer(actor, fields, creating=True)
    data = {"occurred_at": now if now is not None else timezone.now(), **fields}
    consultation_check(_with_defaults(Consultation, data), now=now)
    return data


def consultation_update(
    consultation: Consultation, *, actor: User, now: datetime | None = None, **fields: Any
) -> Consultation:
    """Change a consultation (e.g. record the follow-up); who recorded it stays. A lawyer's own
    account changes only its own consultations and cannot hand one to another lawyer."""
    if "handled_by" in fields and fields["handled_by"] != consultation.handled_by:
        raise ValidationError(_("登记人不能修改。"))
    _as_own_lawyer(actor, fields, creating=False)

    def check(values: dict[str, Any], current: Consultation) -> None:
        # A lawyer's record as it stands must be the own one too (pages and API answer 404).
        lawyer = current.lawyer if current.lawyer_id else None
        not_own = lawyer is None or actor is None or lawyer.user_id != actor.pk
        if actor is not None and user_is_lawyer_scoped(actor) and not_own:
            raise ValidationError(_("律师账号只能修改本人解答的咨询。"))
        if "occurred_at" not in fields or fields["occurred_at"] == current.occurred_at:
            values = {**values, "occurred_at": None}  # an old record's time is not re-judged
        consultation_check(values, now=now)

    return _update(consultation, actor=actor, fields=fields, check=check)


# --- WeChat groups and their member counts ----------------------------------------------------


def wechat_group_create(*, street: Street, actor: User | None, **fields: Any) -> WechatGroup:
    """Register a legal-service WeChat group (微信群)."""
    return model_create(WechatGroup, actor=actor, data={"street": street, **fields})


def _check_in_group_life(group: WechatGroup, day: date, field: str, what: str, today: date) -> None:
    if day > today:
        raise ValidationError({field: _("%(what)s不能晚于今天。") % {"what": what}})
    if day < group.created_on:
        raise ValidationError(
            {
                field: _("%(what)s不能早于该群的建群日期（%(date)s）。")
                % {"what": what, "date": cn_date(group.created_on)}
            }
        )
    if group.closed_on is not None and day > group.closed_on:
        raise ValidationError(
            {
                field: _("该群已于%(date)s解散，%(what)s不能晚于解散日期。")
                % {"date": cn_date(group.closed_on), "what": what}
            }
        )


def wechat_group_count_record(
    group: WechatGroup,
    *,
    counted_on: date,
    members: int,
    actor: User | None,
    today: date | None = None,
) -> WechatGroupCount:
    """Record the group's member count as of ``counted_on``, replacing that day's count."""
    with transaction.atomic():
        locked = WechatGroup.objects.select_for_update().get(pk=group.pk)
        _check_in_group_life(locked, counted_on, "counted_on", _("统计日期"), _today(today))
        existing = WechatGroupCount.objects.filter(group=locked, counted_on=counted_on).first()
        if existing is not None:
            return model_update(existing, actor=actor, data={"members": members})[0]
        return model_create(
            WechatGroupCount,
            actor=actor,
            data={"group": locked, "counted_on": counted_on, "members": members},
        )


def wechat_group_count_delete(count: WechatGroupCount, *, actor: User) -> None:
    """Remove a count entered by mistake (a wrong date); the group's history keeps the rest."""
    model_delete(count, actor=actor)
