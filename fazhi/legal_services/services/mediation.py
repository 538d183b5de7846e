"""Writes on people's mediation (人民调解): the case and its parties, the sessions, the agreement
(人民调解法 第二十八条), closing the case, judicial confirmation (第三十三条) and performance.

Every state change locks the case (or the agreement), checks the state it starts from, changes
it, adds a dated step to the case file (``MediationStep``) and an audit row, in one transaction.
Services that compare with today take ``today=`` so that past years can be entered as they
happened.

The rule for closing a case as 调解成功 (第二十八条): the parties either signed a written
agreement (``mediation_agreement_record`` first), or agreed orally, in which case the mediator
records what they agreed in the outcome text; a case closed as succeeded without an agreement
and without that text is refused.

A written agreement takes effect when it is signed (第二十九条), not when the case is closed:
judicial confirmation may be applied for, and performance recorded, from the signing on, and
the 30-day window (第三十三条) runs from it (``confirmation_deadline_for``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.formats import cn_date
from fazhi.core.identity import credit_code_error, id_number_error
from fazhi.core.services import model_create, model_delete, model_update, snapshot
from fazhi.core.workdays import CalendarUnknown, WorkCalendar, is_workday, next_workday
from fazhi.legal_services.models import (
    JUDICIAL_CONFIRMATION_DAYS,
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
    MediationStep,
)
from fazhi.org.models import Street, User

Status = Mediation.Status
Side = MediationParty.Side
Kind = MediationParty.Kind
Confirmation = MediationAgreement.Confirmation

# What the case form may set; the status, closing date and outcome change only by the actions.
CASE_FIELDS = frozenset(
    {
        "case_no",
        "title",
        "dispute_type",
        "source",
        "village",
        "received_on",
        "summary",
        "mediators",
        "lawyer",
    }
)
PARTY_FIELDS = frozenset(
    {"side", "kind", "name", "gender", "id_number", "phone", "address", "representative"}
)
SESSION_FIELDS = frozenset({"held_on", "place", "participants", "record", "lawyer_present"})
AGREEMENT_FIELDS = frozenset(
    {
        "signed_on",
        "facts",
        "disputed_points",
        "responsibilities",
        "terms",
        "performance_manner",
        "performance_deadline",
    }
)
GENDERS = ("男", "女")


# --- identity numbers --------------------------------------------------------------------------


def party_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """A party's particulars, trimmed and checked: a citizen ID number or credit code that
    passes its check digit, a person's gender matching the ID number (taken from it when left
    blank), no gender for an organisation. Raises ValidationError naming the fields."""
    unknown = set(data) - PARTY_FIELDS
    if unknown:
        raise ValidationError(
            _("不能设置的当事人信息：%(f)s。") % {"f": "、".join(sorted(unknown))}
        )
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
    kind = cleaned.get("kind") or Kind.PERSON
    number = (cleaned.get("id_number") or "").upper()
    gender = cleaned.get("gender") or ""
    errors: dict[str, str] = {}
    if kind == Kind.ORGANISATION:
        if gender:
            errors["gender"] = _("法人或其他组织不填写性别。")
        if number and (problem := credit_code_error(number)):
            errors["id_number"] = problem
    else:
        if gender and gender not in GENDERS:
            errors["gender"] = _("性别请填写“男”或“女”。")
        if number and (problem := id_number_error(number)):
            errors["id_number"] = problem
        elif number:
            from_id = GENDERS[0] if int(number[16]) % 2 else GENDERS[1]
            if not gender:
                gender = from_id
            elif gender != from_id:
                errors["gender"] = _("性别与身份证号码不符。")
    if errors:
        raise ValidationError(errors)
    if "id_number" in cleaned:
        cleaned["id_number"] = number
    if "gender" in cleaned or gender:
        cleaned["gender"] = gender
    return cleaned


# --- helpers ------------------------------------------------------------------------------------


def _today(today: datetime.date | None) -> datetime.date:
    return today if today is not None else timezone.localdate()


def _only(fields: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("%(what)s不能通过此操作设置：%(fields)s。")
            % {"what": what, "fields": "、".join(sorted(unknown))}
        )


def _lock(mediation: Mediation) -> Mediation:
    return Mediation.objects.select_related("street").select_for_update().get(pk=mediation.pk)


def _require_open(mediation: Mediation, message: Any) -> None:
    if mediation.status in Mediation.CLOSED:
        raise ValidationError(
            message % {"status": mediation.get_status_display(), "case": mediation.case_no}
        )


def _not_future(day: datetime.date | None, today: datetime.date, field: str, label: str) -> None:
    if day is not None and day > today:
        raise ValidationError(
            {
                field: _("%(label)s不能晚于今天（%(today)s）。")
                % {"label": label, "today": cn_date(today)}
            }
        )


def _actor_name(actor: User | None) -> str:
    return actor.display_name if actor is not None else "系统"


def _step(
    mediation: Mediation,
    *,
    kind: str,
    on: datetime.date,
    actor: User | None,
    before: str = "",
    after: str = "",
    note: str = "",
) -> MediationStep:
    return MediationStep.objects.create(
        mediation=mediation,
        kind=kind,
        on=on,
        status_before=before,
        status_after=after,
        note=note[:500],
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=_actor_name(actor),
    )


def _transition(
    obj: Mediation | MediationAgreement,
    *,
    actor: User | None,
    street_id: int,
    before: dict[str, Any],
    fields: dict[str, Any],
    step: str,
) -> None:
    """Save ``fields`` on the locked ``obj`` and write the audit row of the state change."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    update = list(fields)
    if isinstance(obj, Mediation):
        update.append("updated_at")
    obj.save(update_fields=update)
    record(
        actor=actor,
        action=Action.TRANSITION,
        obj=obj,
        street=street_id,
        before=before,
        after=snapshot(obj, fields),
        extra={"step": step},
    )


def _check_sides(sides: Iterable[str]) -> None:
    present = set(sides)
    missing = [label for side, label in Side.choices[:2] if side not in present]
    if missing:
        raise ValidationError(
            {
                "parties": _("调解案件至少要有一名申请人和一名被申请人，尚缺：%(missing)s。")
                % {"missing": "、".join(str(m) for m in missing)}
            }
        )


def _check_lawyer(mediation: Mediation, new_lawyer: Any) -> None:
    if new_lawyer is not None and new_lawyer.pk != mediation.lawyer_id and not new_lawyer.is_active:
        raise ValidationError({"lawyer": _("所选律师已不在册，不能指定为参与律师。")})


def next_case_no(street: Street, year: int) -> str:
    """The next free automatic case number of ``street`` for ``year``: （2020）调字第5号."""
    taken = set(
        Mediation.objects.for_street(street)
        .filter(case_no__startswith=f"（{year}）调字第")
        .values_list("case_no", flat=True)
    )
    number = len(taken) + 1
    while f"（{year}）调字第{number}号" in taken:
        number += 1
    return f"（{year}）调字第{number}号"


def confirmation_deadline_for(signed_on: datetime.date) -> datetime.date:
    """The last day to apply for judicial confirmation of an agreement signed on ``signed_on``.

    The 30 days run from the day after the signing (民法典第二百零一条) and the 30th is the last
    one; when it is a rest day or a public holiday, the period ends on the first working day
    after it (民事诉讼法第八十五条, 民法典第二百零三条). Where the holiday arrangement of that
    year is not known yet (``CalendarUnknown``) the 30th day itself is kept: the earlier date,
    so that no reminder comes too late.
    """
    last = signed_on + datetime.timedelta(days=JUDICIAL_CONFIRMATION_DAYS)
    calendar = WorkCalendar.load()
    try:
        return last if is_workday(last, calendar) else next_workday(last, calendar)
    except CalendarUnknown:
        return last


# --- the case and its parties -------------------------------------------------------------------


def mediation_create(
    *,
    street: Street,
    actor: User | None,
    parties: list[dict[str, Any]],
    today: datetime.date | None = None,
    **fields: Any,
) -> Mediation:
    """Accept a dispute for mediation with its parties: at least one applicant and one
    respondent. All or nothing: a refused party leaves no case behind.

    A blank ``case_no`` is numbered automatically (（2020）调字第1号 …).
    """
    _only(fields, CASE_FIELDS, _("调解案件的状态、结案日期和调解结果"))
    today = _today(today)
    _not_future(fields.get("received_on"), today, "received_on", _("受理日期"))
    cleaned_parties: list[dict[str, Any]] = []
    problems: list[str] = []
    for number, data in enumerate(parties, start=1):
        try:
            party = party_clean(data)
            MediationParty(**party).full_clean(exclude=["mediation"])
        except ValidationError as exc:
            problems.extend(
                _("第%(n)s位当事人：%(error)s") % {"n": number, "error": message}
                for message in _messages(exc, MediationParty)
            )
        else:
            cleaned_parties.append(party)
    if problems:
        raise ValidationError({"parties": problems})
    _check_sides(p.get("side", "") for p in cleaned_parties)
    lawyer = fields.get("lawyer")
    if lawyer is not None and not lawyer.is_active:
        raise ValidationError({"lawyer": _("所选律师已不在册，不能指定为参与律师。")})
    with transaction.atomic():
        if not fields.get("case_no"):
            # Numbering is serialised per street: two cases entered at once get two numbers.
            Street.objects.select_for_update().filter(pk=street.pk).first()
            year = (fields.get("received_on") or today).year
            fields["case_no"] = next_case_no(street, year)
        mediation = model_create(
            Mediation, actor=actor, data={"street": street, **fields, "status": Status.ACCEPTED}
        )
        for party in cleaned_parties:
            model_create(MediationParty, actor=actor, data={"mediation": mediation, **party})
        _step(
            mediation,
            kind=MediationStep.Kind.ACCEPTED,
            on=mediation.received_on,
            actor=actor,
            after=Status.ACCEPTED,
            note=mediation.get_source_display(),
        )
    return mediation


def _messages(exc: ValidationError, model: type[Any]) -> list[str]:
    """A party's errors as "label: message" lines, for the list of parties of a new case."""
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    lines = []
    for name, errors in exc.error_dict.items():
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = ""
        for error in errors:
            for message in error.messages:
                lines.append(f"{label}：{message}" if label else message)
    return lines


def mediation_update(
    mediation: Mediation, *, actor: User | None, today: datetime.date | None = None, **fields: Any
) -> Mediation:
    """Correct the case's particulars (number, title, type, village, mediators, lawyer …).

    The status, closing date and outcome change only through the case's actions.
    """
    _only(fields, CASE_FIELDS, _("调解案件的状态、结案日期和调解结果"))
    today = _today(today)
    with transaction.atomic():
        locked = _lock(mediation)
        _check_lawyer(locked, fields.get("lawyer"))
        received = fields.get("received_on")
        if received is not None and received != locked.received_on:
            _not_future(received, today, "received_on", _("受理日期"))
            first = locked.sessions.order_by("held_on").values_list("held_on", flat=True).first()
            if first is not None and received > first:
                raise ValidationError(
                    {
                        "received_on": _("受理日期不能晚于第一次调解的日期（%(date)s）。")
                        % {"date": cn_date(first)}
                    }
                )
            signed = MediationAgreement.objects.filter(mediation=locked).values_list(
                "signed_on", flat=True
            )
            if signed and received > signed[0]:
                raise ValidationError(
                    {
                        "received_on": _("受理日期不能晚于调解协议签订日期（%(date)s）。")
                        % {"date": cn_date(signed[0])}
                    }
                )
        updated, _changed = model_update(locked, actor=actor, data=fields)
        if "received_on" in fields:
            MediationStep.objects.filter(
                mediation=updated, kind=MediationStep.Kind.ACCEPTED
            ).update(on=updated.received_on)
    return updated


def mediation_delete(mediation: Mediation, *, actor: User | None) -> None:
    """Delete a case entered by mistake: only while accepted, before any session."""
    with transaction.atomic():
        locked = _lock(mediation)
        if locked.status != Status.ACCEPTED or locked.sessions.exists():
            raise ValidationError(
                _("只能删除尚未开始调解的案件；已有调解记录的案件请以“已终止”结案并写明原因。")
            )
        for party in locked.parties.all():
            model_delete(party, actor=actor)
        locked.steps.all().delete()
        model_delete(locked, actor=actor)


_PARTIES_FROZEN = gettext_lazy("%(case)s已%(status)s，不能再变更当事人。")


def mediation_party_add(
    mediation: Mediation, *, actor: User | None, **fields: Any
) -> MediationParty:
    """Add a party (applicant, respondent or third party) to a case not yet closed."""
    data = party_clean(fields)
    with transaction.atomic():
        locked = _lock(mediation)
        _require_open(locked, _PARTIES_FROZEN)
        return model_create(MediationParty, actor=actor, data={"mediation": locked, **data})


def mediation_party_update(
    party: MediationParty, *, actor: User | None, **fields: Any
) -> MediationParty:
    """Correct a party's particulars; the case keeps an applicant and a respondent."""
    with transaction.atomic():
        locked = _lock(party.mediation)
        _require_open(locked, _PARTIES_FROZEN)
        current = MediationParty.objects.select_for_update().get(pk=party.pk)
        merged = {name: getattr(current, name) for name in PARTY_FIELDS} | dict(fields)
        data = party_clean(merged)
        changes = {k: v for k, v in data.items() if k in fields or k == "gender"}
        if "side" in changes:
            others = locked.parties.exclude(pk=current.pk).values_list("side", flat=True)
            _check_sides([*others, changes["side"]])
        return model_update(current, actor=actor, data=changes)[0]


def mediation_party_remove(party: MediationParty, *, actor: User | None) -> None:
    """Remove a party entered by mistake; the case keeps an applicant and a respondent."""
    with transaction.atomic():
        locked = _lock(party.mediation)
        _require_open(locked, _PARTIES_FROZEN)
        others = locked.parties.exclude(pk=party.pk).values_list("side", flat=True)
        _check_sides(others)
        model_delete(party, actor=actor)


# --- sessions -------------------------------------------------------------------------------------


def _check_session(mediation: Mediation, fields: Mapping[str, Any], today: datetime.date) -> None:
    held_on = fields.get("held_on")
    if held_on is not None:
        if held_on < mediation.received_on:
            raise ValidationError(
                {
                    "held_on": _("调解日期不能早于受理日期（%(date)s）。")
                    % {"date": cn_date(mediation.received_on)}
                }
            )
        _not_future(held_on, today, "held_on", _("调解日期"))
    if fields.get("lawyer_present") and mediation.lawyer_id is None:
        raise ValidationError(
            {"lawyer_present": _("本案未指定参与律师，请先在案件信息中指定参与律师。")}
        )


def mediation_session_add(
    mediation: Mediation, *, actor: User | None, today: datetime.date | None = None, **fields: Any
) -> MediationSession:
    """Record a mediation session; the first one moves an accepted case to 调解中.

    Refused on a closed case.
    """
    _only(fields, SESSION_FIELDS, _("调解记录"))
    today = _today(today)
    with transaction.atomic():
        locked = _lock(mediation)
        _require_open(locked, _("%(case)s已%(status)s，不能再记录调解情况。"))
        _check_session(locked, fields, today)
        session = model_create(MediationSession, actor=actor, data={"mediation": locked, **fields})
        if locked.status == Status.ACCEPTED:
            _transition(
                locked,
                actor=actor,
                street_id=locked.street_id,
                before={"status": locked.status},
                fields={"status": Status.IN_PROGRESS},
                step=MediationStep.Kind.STARTED,
            )
            _step(
                locked,
                kind=MediationStep.Kind.STARTED,
                on=session.held_on,
                actor=actor,
                before=Status.ACCEPTED,
                after=Status.IN_PROGRESS,
                note=session.place,
            )
    mediation.status = locked.status
    return session


def mediation_session_update(
    session: MediationSession,
    *,
    actor: User | None,
    today: datetime.date | None = None,
    **fields: Any,
) -> MediationSession:
    """Correct a session's record while the case is open."""
    _only(fields, SESSION_FIELDS, _("调解记录"))
    today = _today(today)
    with transaction.atomic():
        locked = _lock(session.mediation)
        _require_open(locked, _("%(case)s已%(status)s，不能再修改调解记录。"))
        _check_session(locked, fields, today)
        return model_update(session, actor=actor, data=fields)[0]


# --- the agreement --------------------------------------------------------------------------------


def mediation_agreement_record(
    mediation: Mediation, *, actor: User | None, today: datetime.date | None = None, **fields: Any
) -> MediationAgreement:
    """Record (or, before the case closes, correct) the agreement the parties reached, with what
    人民调解法 第二十八条 requires: the parties (those of the case), the main facts, the
    disputed points and each side's responsibilities, the terms, and the manner and deadline of
    performance. Only for a case being mediated, and not once taken to court; the deadline is
    not before the signing. The last day to apply for judicial confirmation is kept with it."""
    _only(fields, AGREEMENT_FIELDS, _("调解协议"))
    today = _today(today)
    with transaction.atomic():
        locked = _lock(mediation)
        if locked.status == Status.ACCEPTED:
            raise ValidationError(_("尚未进行调解的案件不能记录调解协议，请先记录调解情况。"))
        _require_open(locked, _("%(case)s已%(status)s，不能再记录或修改调解协议。"))
        existing = MediationAgreement.objects.select_for_update().filter(mediation=locked).first()
        if existing is not None and existing.confirmation != Confirmation.NOT_APPLIED:
            raise ValidationError(
                _("该调解协议已于%(date)s申请司法确认，不能再修改。")
                % {"date": cn_date(existing.confirmation_applied_on)}
            )
        if existing is not None and existing.performed:
            raise ValidationError(_("该调解协议已登记履行完毕，不能再修改。"))
        merged = {
            name: fields.get(name, getattr(existing, name, None)) for name in AGREEMENT_FIELDS
        }
        signed_on, deadline = merged["signed_on"], merged["performance_deadline"]
        if not isinstance(signed_on, datetime.date):
            raise ValidationError({"signed_on": _("请填写协议签订日期。")})
        if signed_on < locked.received_on:
            raise ValidationError(
                {
                    "signed_on": _("协议签订日期不能早于受理日期（%(date)s）。")
                    % {"date": cn_date(locked.received_on)}
                }
            )
        _not_future(signed_on, today, "signed_on", _("协议签订日期"))
        if deadline is not None and deadline < signed_on:
            raise ValidationError({"performance_deadline": _("履行期限不能早于协议签订日期。")})
        data = dict(fields)
        if existing is None or signed_on != existing.signed_on:
            data["confirmation_deadline"] = confirmation_deadline_for(signed_on)
        if existing is not None:
            return model_update(existing, actor=actor, data=data)[0]
        agreement = model_create(
            MediationAgreement, actor=actor, data={"mediation": locked, **data}
        )
        _step(
            locked,
            kind=MediationStep.Kind.AGREEMENT,
            on=agreement.signed_on,
            actor=actor,
        )
    return agreement


# --- closing ----------------------------------------------------------------------------------------


def mediation_close(
    mediation: Mediation,
    *,
    actor: User | None,
    status: str,
    closed_on: datetime.date,
    outcome: str,
    today: datetime.date | None = None,
) -> Mediation:
    """Close the case as 调解成功, 调解不成 or 已终止.

    调解成功 needs a mediation held and either a written agreement (signed on or before the
    closing) or an oral agreement whose content the outcome records (第二十八条); 调解不成 and
    已终止 need the outcome to say why.
    """
    today = _today(today)
    outcome = (outcome or "").strip()
    if status not in Mediation.CLOSED:
        raise ValidationError({"status": _("结案结果须为调解成功、调解不成或已终止。")})
    with transaction.atomic():
        locked = _lock(mediation)
        _require_open(locked, _("%(case)s已%(status)s，不能重复结案。"))
        if closed_on < locked.received_on:
            raise ValidationError(
                {
                    "closed_on": _("结案日期不能早于受理日期（%(date)s）。")
                    % {"date": cn_date(locked.received_on)}
                }
            )
        _not_future(closed_on, today, "closed_on", _("结案日期"))
        last = locked.sessions.aggregate(last=Max("held_on"))["last"]
        if last is not None and closed_on < last:
            raise ValidationError(
                {
                    "closed_on": _("结案日期不能早于最后一次调解的日期（%(date)s）。")
                    % {"date": cn_date(last)}
                }
            )
        agreement = MediationAgreement.objects.filter(mediation=locked).first()
        if status == Status.SUCCEEDED:
            if locked.status != Status.IN_PROGRESS:
                raise ValidationError(
                    {"status": _("尚未进行调解（没有调解记录）的案件不能以调解成功结案。")}
                )
            if agreement is not None and closed_on < agreement.signed_on:
                raise ValidationError(
                    {
                        "closed_on": _("结案日期不能早于调解协议签订日期（%(date)s）。")
                        % {"date": cn_date(agreement.signed_on)}
                    }
                )
            if agreement is None and not outcome:
                raise ValidationError(
                    {
                        "outcome": _(
                            "没有书面调解协议的，须在调解结果中记录当事人达成的口头协议内容"
                            "（人民调解法第二十八条）；达成书面协议的，请先记录调解协议。"
                        )
                    }
                )
        elif not outcome:
            raise ValidationError({"outcome": _("调解不成或终止调解的，须写明原因和处理情况。")})
        before = {"status": locked.status}
        _transition(
            locked,
            actor=actor,
            street_id=locked.street_id,
            before=before,
            fields={"status": status, "closed_on": closed_on, "outcome": outcome},
            step=MediationStep.Kind.CLOSED,
        )
        _step(
            locked,
            kind=MediationStep.Kind.CLOSED,
            on=closed_on,
            actor=actor,
            before=before["status"],
            after=status,
            note=outcome,
        )
    return locked


# --- judicial confirmation and performance ----------------------------------------------------------


def _lock_agreement(agreement: MediationAgreement) -> tuple[MediationAgreement, Mediation]:
    mediation = _lock(agreement.mediation)
    locked = MediationAgreement.objects.select_for_update().get(pk=agreement.pk)
    locked.mediation = mediation
    return locked, mediation


def _require_in_force(mediation: Mediation) -> None:
    """The agreement is in force from its signing (第二十九条), whether or not the case has
    been closed yet; not on a case closed as 调解不成 or 已终止."""
    if mediation.status in (Status.FAILED, Status.TERMINATED):
        raise ValidationError(
            _("%(case)s已以“%(status)s”结案，其调解协议不再办理司法确认或履行登记。")
            % {"case": mediation.case_no, "status": mediation.get_status_display()}
        )


def mediation_confirmation_apply(
    agreement: MediationAgreement,
    *,
    actor: User | None,
    applied_on: datetime.date,
    court: str,
    today: datetime.date | None = None,
) -> MediationAgreement:
    """Record that the parties applied to ``court`` for judicial confirmation on ``applied_on``:
    within 30 days of the agreement taking effect on its signing (第二十九条、第三十三条), the
    last day included and moved past a holiday (``confirmation_deadline_for``)."""
    today = _today(today)
    court = (court or "").strip()
    if not court:
        raise ValidationError({"court": _("请填写受理申请的人民法院。")})
    with transaction.atomic():
        locked, mediation = _lock_agreement(agreement)
        _require_in_force(mediation)
        if locked.confirmation != Confirmation.NOT_APPLIED:
            raise ValidationError(
                _("该调解协议已于%(date)s向%(court)s申请司法确认（%(state)s）。")
                % {
                    "date": cn_date(locked.confirmation_applied_on),
                    "court": locked.confirmation_court,
                    "state": locked.get_confirmation_display(),
                }
            )
        if applied_on < locked.signed_on:
            raise ValidationError(
                {
                    "applied_on": _("申请日期不能早于调解协议签订日期（%(date)s）。")
                    % {"date": cn_date(locked.signed_on)}
                }
            )
        _not_future(applied_on, today, "applied_on", _("申请日期"))
        deadline = locked.confirmation_deadline
        if applied_on > deadline:
            raise ValidationError(
                {
                    "applied_on": _(
                        "申请司法确认的期限已过：应自调解协议生效之日（%(signed)s）起三十日内，"
                        "即最迟于%(deadline)s提出申请。"
                    )
                    % {"signed": cn_date(locked.signed_on), "deadline": cn_date(deadline)}
                }
            )
        _transition(
            locked,
            actor=actor,
            street_id=mediation.street_id,
            before={"confirmation": locked.confirmation},
            fields={
                "confirmation": Confirmation.APPLIED,
                "confirmation_applied_on": applied_on,
                "confirmation_court": court,
            },
            step=MediationStep.Kind.CONFIRMATION_APPLIED,
        )
        _step(
            mediation,
            kind=MediationStep.Kind.CONFIRMATION_APPLIED,
            on=applied_on,
            actor=actor,
            note=court,
        )
    return locked


def mediation_confirmation_result(
    agreement: MediationAgreement,
    *,
    actor: User | None,
    confirmed: bool,
    decided_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> MediationAgreement:
    """Record the court's ruling: the agreement confirmed valid, or not confirmed."""
    today = _today(today)
    decided_on = decided_on or today
    with transaction.atomic():
        locked, mediation = _lock_agreement(agreement)
        if locked.confirmation == Confirmation.NOT_APPLIED:
            raise ValidationError(_("该调解协议尚未申请司法确认。"))
        if locked.confirmation != Confirmation.APPLIED:
            raise ValidationError(
                _("已登记司法确认结果：%(state)s。") % {"state": locked.get_confirmation_display()}
            )
        applied_on = locked.confirmation_applied_on
        if applied_on is not None and decided_on < applied_on:
            raise ValidationError(
                {
                    "decided_on": _("裁定日期不能早于申请日期（%(date)s）。")
                    % {"date": cn_date(applied_on)}
                }
            )
        _not_future(decided_on, today, "decided_on", _("裁定日期"))
        result = Confirmation.CONFIRMED if confirmed else Confirmation.REJECTED
        _transition(
            locked,
            actor=actor,
            street_id=mediation.street_id,
            before={"confirmation": locked.confirmation},
            fields={"confirmation": result},
            step=MediationStep.Kind.CONFIRMATION_DECIDED,
        )
        _step(
            mediation,
            kind=MediationStep.Kind.CONFIRMATION_DECIDED,
            on=decided_on,
            actor=actor,
            note=f"{locked.confirmation_court}：{result.label}",
        )
    return locked


def mediation_agreement_performed(
    agreement: MediationAgreement,
    *,
    actor: User | None,
    performed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> MediationAgreement:
    """Record that the parties performed the agreement (回访: 履行完毕)."""
    today = _today(today)
    performed_on = performed_on or today
    with transaction.atomic():
        locked, mediation = _lock_agreement(agreement)
        _require_in_force(mediation)
        if locked.performed:
            raise ValidationError(_("该调解协议已登记为履行完毕。"))
        if locked.confirmation == Confirmation.REJECTED:
            raise ValidationError(
                _("人民法院未确认该调解协议的效力，不能登记为已履行；当事人可重新调解或起诉。")
            )
        if performed_on < locked.signed_on:
            raise ValidationError(
                {
                    "performed_on": _("履行日期不能早于调解协议签订日期（%(date)s）。")
                    % {"date": cn_date(locked.signed_on)}
                }
            )
        _not_future(performed_on, today, "performed_on", _("履行日期"))
        _transition(
            locked,
            actor=actor,
            street_id=mediation.street_id,
            before={"performed": False},
            fields={"performed": True},
            step=MediationStep.Kind.PERFORMED,
        )
        _step(mediation, kind=MediationStep.Kind.PERFORMED, on=performed_on, actor=actor)
    return locked
