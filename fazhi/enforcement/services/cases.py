"""The case workflow (办案流程): registration, the guarded transitions from 制止 to 归档, the
on-the-spot procedure, closing after correction, transfer, and the deadline extension.

Every state change goes through ``workflow.advance``: the row is locked, the state it starts
from checked (``TRANSITIONS`` below is the one table of where each step may start), the
service's own rules run in ``check`` before anything is written, then the case, its
``CaseStep`` and the audit row are written together. A refusal is a ``ValidationError`` with a
Chinese message and leaves the case, its steps and the audit log exactly as they were.

Dates: a step's date is never in the future and never before the date of the step it follows
(``_check_day``: the case's own dates, its latest recorded step of the workflow and its latest
legal review opinion). A step taken on a past day is recorded at the start of that day, after
any step already recorded that day, so the timeline keeps the order in which things happened.

Publication deadlines are counted in working days: a decision whose deadline falls in a year no
holiday calendar knows yet is still recorded (it has been handed to the party), with
``publish_due_on`` left empty; ``case_fill_publish_due`` computes it once the year is known.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.formats import cn_date
from fazhi.core.identity import credit_code_error, id_number_error
from fazhi.core.language import product_language
from fazhi.core.services import model_create, model_transition, model_update
from fazhi.core.workdays import CalendarUnknown, WorkCalendar
from fazhi.enforcement import deadlines
from fazhi.enforcement.models import (
    ON_THE_SPOT_LIMIT_INDIVIDUAL,
    ON_THE_SPOT_LIMIT_ORGANISATION,
    Case,
    CaseStep,
    EnforcementSettings,
    LegalReview,
    Report,
)
from fazhi.enforcement.services.workflow import advance, lock_case, require_state
from fazhi.org.models import Street, User

S = Case.Status
Kind = CaseStep.Kind

# Where each step may start (the state machine of the brief). The pages and the API offer an
# action only from these states; the services refuse from any other.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "stop": (S.FOUND,),
    "file": (S.FOUND, S.STOPPED),
    # A further investigation record while investigating leaves the state as it is.
    "investigate": (S.FILED, S.INVESTIGATING),
    "notify": (S.INVESTIGATING, S.REVIEWING),
    "statement": (S.NOTIFIED, S.REVIEWING),
    "hearing": (S.NOTIFIED,),
    "decide": (S.NOTIFIED, S.REVIEWING),
    "on_the_spot": (S.FOUND, S.STOPPED),
    "serve": (S.DECIDED,),
    "execute": (S.SERVED,),
    "close": (S.EXECUTED, S.SERVED),
    "close_corrected": (S.FOUND, S.STOPPED, S.FILED, S.INVESTIGATING),
    "transfer": (S.FOUND, S.STOPPED, S.FILED, S.INVESTIGATING, S.NOTIFIED),
    "archive": (S.CLOSED, S.TRANSFERRED),
    "extend": (S.FILED, S.INVESTIGATING, S.NOTIFIED, S.REVIEWING),
    "update": Case.OPEN,
    "officers": (
        S.FOUND,
        S.STOPPED,
        S.FILED,
        S.INVESTIGATING,
        S.NOTIFIED,
        S.REVIEWING,
        S.DECIDED,
        S.SERVED,
        S.EXECUTED,
    ),
}

# 送达方式 (行政处罚法第六十一条、民事诉讼法送达的方式). Stored as the Chinese term.
SERVICE_METHODS: tuple[tuple[str, Any], ...] = (
    ("直接送达", gettext_lazy("直接送达")),
    ("留置送达", gettext_lazy("留置送达")),
    ("邮寄送达", gettext_lazy("邮寄送达")),
    ("电子送达", gettext_lazy("电子送达")),
    ("公告送达", gettext_lazy("公告送达")),
)
# 执行方式: the party paid or complied, the office enforced, or a court did on application.
EXECUTION_MANNERS: tuple[tuple[str, Any], ...] = (
    ("自觉履行", gettext_lazy("自觉履行")),
    ("强制执行", gettext_lazy("强制执行")),
    ("申请人民法院强制执行", gettext_lazy("申请人民法院强制执行")),
)
# The penalties that carry the right to a hearing whatever the amount (第六十三条).
HEARING_KINDS = (Case.PenaltyKind.LICENCE, Case.PenaltyKind.RESTRICTION)

DEFAULT_REMEDIES = gettext_lazy(
    "如不服本决定，可以在收到本决定书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)

# The fields of the case that registration takes and that may be corrected while it is open.
REGISTER_FIELDS = (
    "category",
    "source",
    "location",
    "found_at",
    "facts",
    "party_kind",
    "party_name",
    "party_id_number",
    "party_phone",
    "party_address",
    "party_representative",
    "third_parties",
    "grid",
    "key_area",
    "campaign",
    "frontage_unit",
    "patrol",
    "major_public_interest",
    "complex_case",
)
EDITABLE_FIELDS = tuple(f for f in REGISTER_FIELDS if f != "source")
# Fixed once the case is notified or sent for legal review: the notice and the review were about
# this party and this violation, and the major-case findings may be added but not taken back.
FROZEN_AFTER_NOTICE = (
    "category",
    "party_kind",
    "party_name",
    "party_id_number",
    "major_public_interest",
    "complex_case",
)
MAJOR_FLAGS = ("major_public_interest", "complex_case")
# Steps that record when something was written down, not a dated act of the procedure: they do
# not bound the dates of the workflow's steps.
UNDATED_STEPS = (
    CaseStep.Kind.NOTE,
    CaseStep.Kind.EXTEND,
    CaseStep.Kind.PUBLISH,
    CaseStep.Kind.WITHDRAW,
    CaseStep.Kind.DECISION_CHANGE,
)
# How heavy each penalty kind is (行政处罚法第九条's order); “其他” is never taken as lighter.
PENALTY_WEIGHT: dict[str, int] = {
    Case.PenaltyKind.WARNING: 0,
    Case.PenaltyKind.CRITICISM: 1,
    Case.PenaltyKind.FINE: 2,
    Case.PenaltyKind.CONFISCATION: 3,
    Case.PenaltyKind.LICENCE: 4,
    Case.PenaltyKind.RESTRICTION: 5,
    Case.PenaltyKind.OTHER: 6,
}


# --- helpers ------------------------------------------------------------------------------------


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _day_of(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _moment(locked: Case, day: date, now: datetime) -> datetime:
    """When a step taken on ``day`` is recorded: now for today; for an earlier day, the start
    of that day or just after the last step already recorded on it."""
    if day == _day_of(now):
        return now
    start = timezone.make_aware(datetime.combine(day, time.min))
    same_day = [
        s.occurred_at
        for s in CaseStep.objects.filter(case=locked).only("occurred_at")
        if _day_of(s.occurred_at) == day
    ]
    return max([start, *same_day])


def _last_date(locked: Case) -> tuple[date, str] | None:
    """The date of the latest step of the workflow so far, with its name: the case's own dates,
    its latest recorded step (but the undated records of ``UNDATED_STEPS``) and its latest
    legal review opinion."""
    dates: list[tuple[date | None, str]] = [
        (_day_of(locked.found_at) if locked.found_at else None, _("发现日期")),
        (_day_of(locked.stopped_at) if locked.stopped_at else None, _("制止日期")),
        (locked.filed_on, _("立案日期")),
        (locked.notified_on, _("告知日期")),
        (locked.hearing_requested_on, _("申请听证日期")),
        (locked.hearing_notice_on, _("听证通知日期")),
        (locked.hearing_on, _("听证日期")),
        (locked.decided_on, _("决定日期")),
        (locked.served_on, _("送达日期")),
        (locked.executed_on, _("执行日期")),
        (locked.closed_on, _("结案日期")),
        (locked.transferred_on, _("移送日期")),
    ]
    step = (
        CaseStep.objects.filter(case=locked)
        .exclude(kind__in=UNDATED_STEPS)
        .order_by("-occurred_at", "-id")
        .first()
    )
    if step is not None:
        dates.append(
            (
                _day_of(step.occurred_at),
                _("“%(step)s”环节的日期") % {"step": step.get_kind_display()},
            )
        )
    opinion = LegalReview.objects.filter(case=locked).aggregate(last=Max("reviewed_at"))["last"]
    if opinion is not None:
        dates.append((_day_of(opinion), _("法制审核意见日期")))
    known = [(d, name) for d, name in dates if d is not None]
    # The first of equal dates names it: the case's own date fields come first.
    return max(known, key=lambda item: item[0]) if known else None


def _check_day(locked: Case, day: date | None, field: str, label: str, today: date) -> None:
    """``day`` is given, not in the future and not before the case's latest step."""
    if day is None:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if day > today:
        raise ValidationError(
            {
                field: _("%(label)s不能晚于今天（%(today)s）。")
                % {"label": label, "today": cn_date(today)}
            }
        )
    last = _last_date(locked)
    if last is not None and day < last[0]:
        raise ValidationError(
            {
                field: _("%(label)s不能早于%(previous)s（%(date)s）。")
                % {"label": label, "previous": last[1], "date": cn_date(last[0])}
            }
        )


def _required_text(value: str | None, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    return text


def _certified(users: Iterable[User], street_id: int) -> list[User]:
    return [
        u
        for u in users
        if u.is_active and (u.enforcement_certificate_no or "").strip() and u.street_id == street_id
    ]


def _require_officers(users: Iterable[User], street_id: int, field: str, role: Any) -> list[User]:
    """At least two active officers of the street holding enforcement certificates."""
    users = list(users)
    certified = _certified(users, street_id)
    others = [u for u in users if u not in certified]
    if others:
        raise ValidationError(
            {
                field: _("%(names)s不是本街道持有执法证件的在岗执法人员，不能作为%(role)s。")
                % {"names": _("、").join(u.display_name for u in others), "role": role}
            }
        )
    if len({u.pk for u in certified}) < 2:
        raise ValidationError(
            {field: _("%(role)s须至少两名持有执法证件的执法人员。") % {"role": role}}
        )
    return certified


def _officer_names(users: Iterable[User]) -> str:
    return _("、").join(f"{u.display_name}（{u.enforcement_certificate_no}）" for u in users)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def _check_fine_range(locked: Case, fine: Decimal, field: str) -> None:
    category = locked.category
    if fine <= 0:
        raise ValidationError({field: _("罚款金额须大于零。")})
    if category.fine_min is not None and fine < category.fine_min:
        raise ValidationError(
            {
                field: _("罚款金额低于“%(category)s”的罚款下限%(amount)s元。")
                % {"category": category.name, "amount": _money(category.fine_min)}
            }
        )
    if category.fine_max is not None and fine > category.fine_max:
        raise ValidationError(
            {
                field: _("罚款金额超过“%(category)s”的罚款上限%(amount)s元。")
                % {"category": category.name, "amount": _money(category.fine_max)}
            }
        )


def hearing_required(
    case: Case, penalty_kind: str, fine: Decimal | None, settings: EnforcementSettings
) -> bool:
    """Whether a penalty gives the party the right to a hearing (行政处罚法第六十三条): a
    licence or restriction penalty, or a fine reaching the street's major-case threshold."""
    if penalty_kind in HEARING_KINDS:
        return True
    threshold = (
        settings.major_fine_individual
        if case.party_kind == Case.PartyKind.INDIVIDUAL
        else settings.major_fine_organisation
    )
    return fine is not None and fine >= threshold


def _review_pending(locked: Case) -> bool:
    return LegalReview.objects.filter(case=locked, conclusion="").exists()


def _refuse_reviewers(locked: Case, users: Iterable[User], field: str, role: Any) -> None:
    """The case's legal reviewers (past or pending) never become its officers or deciders: the
    review is by someone who took no part in handling the case."""
    reviewer_ids = set(
        LegalReview.objects.filter(case=locked).values_list("reviewer_id", flat=True)
    )
    names = [u.display_name for u in users if u.pk in reviewer_ids]
    if names:
        raise ValidationError(
            {
                field: _("%(names)s是本案的法制审核人员，不能作为本案的%(role)s。")
                % {"names": _("、").join(dict.fromkeys(names)), "role": role}
            }
        )


def _publication_due(day: date, outcome: str, settings: EnforcementSettings) -> date | None:
    """The publication deadline of a decision on ``day``; None while the holiday calendar of
    the deadline's year is unknown (``case_fill_publish_due`` computes it later)."""
    try:
        return deadlines.publication_due(day, outcome, settings)
    except CalendarUnknown:
        return None


# --- registration and the case's particulars ---------------------------------------------------


def _check_party_id(party_kind: str, value: str | None) -> None:
    """The party's ID number (a person) or credit code (an organisation), when given, is valid
    by its check digit."""
    value = (value or "").strip()
    if not value:
        return
    if party_kind == Case.PartyKind.INDIVIDUAL:
        error = id_number_error(value)
    else:
        error = credit_code_error(value)
    if error:
        raise ValidationError({"party_id_number": error})


def _same_street(obj: Any, street_id: int, field: str, label: str) -> None:
    if obj is not None and getattr(obj, "street_id", street_id) != street_id:
        raise ValidationError({field: _("%(label)s不属于本街道。") % {"label": label}})


def case_register(
    *,
    actor: User,
    street: Street,
    data: Mapping[str, Any],
    officers: Iterable[User],
    report: Report | None = None,
    now: datetime | None = None,
) -> Case:
    """Register a case (发现登记): its number (``2020-0001``, per street and year of discovery),
    its officers, the REGISTER step at the time it was found; the report it comes from, if
    any, marked accepted in the same transaction."""
    now = _now(now)
    unknown = sorted(set(data) - set(REGISTER_FIELDS))
    if unknown:
        raise ValidationError(_("不能登记的字段：%(fields)s。") % {"fields": "、".join(unknown)})
    fields = dict(data)
    if report is not None and not fields.get("source"):
        fields["source"] = report.source
    officers = _require_officers(officers, street.pk, "officers", _("承办执法人员"))
    found_at = fields.get("found_at")
    if found_at is None:
        raise ValidationError({"found_at": _("请填写发现时间。")})
    if found_at > now:
        raise ValidationError({"found_at": _("发现时间不能晚于现在。")})
    _same_street(fields.get("patrol"), street.pk, "patrol", _("巡查记录"))
    _check_party_id(fields.get("party_kind", ""), fields.get("party_id_number"))
    with transaction.atomic():
        # The street's row serialises numbering: two registrations never take the same number.
        Street.objects.select_for_update().get(pk=street.pk)
        if report is not None:
            report = Report._base_manager.select_for_update().get(pk=report.pk)
            if report.street_id != street.pk:
                raise ValidationError(_("该问题线索不属于本街道。"))
            if report.status != Report.Status.PENDING:
                raise ValidationError(
                    _("该问题线索已处理（%(status)s），不能再登记为案件。")
                    % {"status": report.get_status_display()}
                )
        year = _day_of(found_at).year
        taken = Case._base_manager.filter(street=street, number__startswith=f"{year}-")
        last = max(
            (
                int(n.split("-")[1])
                for n in taken.values_list("number", flat=True)
                if n.split("-")[1].isdigit()
            ),
            default=0,
        )
        case = model_create(
            Case,
            actor=actor,
            data={
                **fields,
                "street": street,
                "number": f"{year}-{last + 1:04d}",
                "status": S.FOUND,
                "report": report,
            },
            m2m={"officers": officers},
        )
        with product_language():
            record = _("承办执法人员：%(officers)s。%(facts)s") % {
                "officers": _officer_names(officers),
                "facts": case.facts,
            }
        step = CaseStep(
            case=case,
            kind=Kind.REGISTER,
            occurred_at=found_at,
            actor=actor,
            record=record,
            status_before="",
            status_after=S.FOUND,
        )
        step.full_clean(exclude=["case", "actor"])
        step.save()
        if report is not None:
            model_transition(
                report,
                actor=actor,
                changes={
                    "status": Report.Status.ACCEPTED,
                    "handled_by": actor,
                    "handled_at": now,
                },
                extra={"case": case.number},
            )
    return case


def case_update(
    *, actor: User, case: Case, data: Mapping[str, Any], now: datetime | None = None
) -> Case:
    """Correct the facts, the party or the place while the case is open (before its decision);
    audited field by field. Refused once decided."""
    now = _now(now)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(_("不能修改的字段：%(fields)s。") % {"fields": "、".join(unknown)})
    with transaction.atomic():
        locked = lock_case(case)
        require_state(locked, TRANSITIONS["update"], _("修改案件信息"))
        found_at = data.get("found_at", locked.found_at)
        if found_at > now:
            raise ValidationError({"found_at": _("发现时间不能晚于现在。")})
        if locked.stopped_at and found_at > locked.stopped_at:
            raise ValidationError({"found_at": _("发现时间不能晚于制止时间。")})
        if locked.filed_on and _day_of(found_at) > locked.filed_on:
            raise ValidationError({"found_at": _("发现时间不能晚于立案日期。")})
        _same_street(data.get("patrol"), locked.street_id, "patrol", _("巡查记录"))
        _refuse_frozen_changes(locked, data)
        if "party_id_number" in data or "party_kind" in data:
            _check_party_id(
                data.get("party_kind", locked.party_kind),
                data.get("party_id_number", locked.party_id_number),
            )
        updated, _changed = model_update(locked, actor=actor, data=data)
    return updated


def _same_value(old: Any, new: Any) -> bool:
    if isinstance(old, str) or isinstance(new, str):
        return (old or "").strip() == (new or "").strip()
    return bool(old == new)


def _refuse_frozen_changes(locked: Case, data: Mapping[str, Any]) -> None:
    """Once the case is notified or sent for legal review, its party, its category and its
    major-case findings stay as notified and reviewed: a finding may still be added and a
    blank (the party's ID number not yet known) filled in, nothing else changed."""
    if not (
        locked.notified_on is not None
        or locked.status == S.REVIEWING
        or LegalReview.objects.filter(case=locked).exists()
    ):
        return
    changed = [
        name
        for name in FROZEN_AFTER_NOTICE
        if name in data
        and not _same_value(getattr(locked, name), data[name])
        and not (name in MAJOR_FLAGS and data[name] is True)
        and not (isinstance(getattr(locked, name), str) and not getattr(locked, name).strip())
    ]
    if changed:
        labels = _("、").join(
            f"“{getattr(Case._meta.get_field(n), 'verbose_name', n)}”" for n in changed
        )
        raise ValidationError(
            {
                changed[0]: _(
                    "案件已告知当事人或已提交法制审核，不能再修改%(fields)s："
                    "当事人、违法行为类别和重大执法决定的情形须与告知和法制审核的内容一致"
                    "（重大情形可以补充认定，不能取消）。"
                )
                % {"fields": labels}
            }
        )


def case_set_officers(*, actor: User, case: Case, officers: Iterable[User]) -> Case:
    """Change the officers in charge: still at least two certified officers of the street, none
    of them a legal reviewer of the case."""
    officers = list(officers)

    def check(locked: Case) -> None:
        _require_officers(officers, locked.street_id, "officers", _("承办执法人员"))
        _refuse_reviewers(locked, officers, "officers", _("承办执法人员"))

    with product_language():
        record = _("承办执法人员变更为：%(officers)s。") % {"officers": _officer_names(officers)}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.NOTE,
        action=_("变更承办人员"),
        allowed=TRANSITIONS["officers"],
        to_state=None,
        m2m={"officers": officers},
        record=record,
        check=check,
    )
    return locked


# --- the general procedure ----------------------------------------------------------------------


def case_stop(
    *, actor: User, case: Case, stopped_at: datetime, measure: str, now: datetime | None = None
) -> Case:
    """制止: the violation stopped on the spot, when and by what measure."""
    now = _now(now)
    measure = _required_text(measure, "stop_measure", _("制止措施"))

    def check(locked: Case) -> None:
        if stopped_at > now:
            raise ValidationError({"stopped_at": _("制止时间不能晚于现在。")})
        if stopped_at < locked.found_at:
            raise ValidationError({"stopped_at": _("制止时间不能早于发现时间。")})

    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.STOP,
        action=_("制止"),
        allowed=TRANSITIONS["stop"],
        to_state=S.STOPPED,
        changes={"stopped_at": stopped_at, "stop_measure": measure},
        record=measure,
        occurred_at=stopped_at,
        check=check,
    )
    return locked


def case_file(
    *,
    actor: User,
    case: Case,
    filed_on: date,
    record: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """立案: the decision deadline (90 days) starts; two certified officers required."""
    today, now = _today(today), _now(now)

    def check(locked: Case) -> None:
        if filed_on is not None and filed_on < _day_of(locked.found_at):
            raise ValidationError({"filed_on": _("立案日期不能早于发现日期。")})
        _check_day(locked, filed_on, "filed_on", _("立案日期"), today)
        _require_officers(locked.officers.all(), locked.street_id, "officers", _("承办执法人员"))

    if not record and filed_on is not None:
        with product_language():
            record = _("决定期限至%(due)s。") % {"due": cn_date(deadlines.decision_due(filed_on))}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.FILE,
        action=_("立案"),
        allowed=TRANSITIONS["file"],
        to_state=S.FILED,
        changes={"filed_on": filed_on, "decision_due_on": deadlines.decision_due(filed_on)},
        record=record,
        occurred_at=_moment_for(case, filed_on, now),
        check=check,
    )
    return locked


def _moment_for(case: Case | int, day: date | None, now: datetime) -> datetime:
    """``_moment`` for a case not yet locked (the check refuses a missing day before use)."""
    if day is None:
        return now
    pk = case if isinstance(case, int) else case.pk
    return _moment(Case(pk=pk), day, now)


def step_moment(case: Case | int, day: date | None, now: datetime) -> datetime:
    """When a step of ``case`` taken on ``day`` is recorded (for the other services)."""
    return _moment_for(case, day, now)


def case_investigate(
    *,
    actor: User,
    case: Case,
    record: str,
    investigated_on: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """调查取证: a text record of the investigation (询问、勘验、检查…); the first one moves a
    filed case to 调查取证, later ones add to the record."""
    today, now = _today(today), _now(now)
    day = investigated_on or today
    text = _required_text(record, "record", _("调查取证记录"))

    def check(locked: Case) -> None:
        _check_day(locked, day, "investigated_on", _("调查日期"), today)

    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.INVESTIGATE,
        action=_("登记调查取证"),
        allowed=TRANSITIONS["investigate"],
        to_state=S.INVESTIGATING,
        record=text,
        occurred_at=_moment_for(case, day, now),
        check=check,
    )
    return locked


def case_notify(
    *,
    actor: User,
    case: Case,
    notified_on: date,
    proposed_penalty: str,
    proposed_penalty_kind: str = "",
    proposed_fine: Decimal | None = None,
    hearing_applicable: bool | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """告知: the facts, reasons and proposed penalty told to the party with the right to state
    and defend (行政处罚法第四十四条), and the hearing right where it applies.

    The hearing right is stored in ``hearing_applicable``. It is required (and set without
    asking) when the proposed penalty reaches the hearing range: a licence or restriction
    penalty (``proposed_penalty_kind``), or a proposed fine at or above the street's major-case
    threshold for the party's kind. Below that range the office may still grant it
    (``hearing_applicable=True``); refusing it where it is required is refused. The proposed
    kind is kept in ``proposed_penalty_kind`` (a later notice replaces it) and written into
    the notice's step record.

    From 法制审核, only with a passed review (the review was asked before the notice).
    """
    today, now = _today(today), _now(now)
    text = _required_text(proposed_penalty, "proposed_penalty", _("拟作出的处罚内容"))
    if proposed_penalty_kind and proposed_penalty_kind not in Case.PenaltyKind.values:
        raise ValidationError({"proposed_penalty_kind": _("请选择有效的处罚种类。")})
    if proposed_penalty_kind == Case.PenaltyKind.FINE and proposed_fine is None:
        raise ValidationError({"proposed_fine": _("拟处罚款的，请填写拟罚款金额。")})
    fresh = Case.objects.select_related("street").get(pk=case if isinstance(case, int) else case.pk)
    settings = EnforcementSettings.for_street(fresh.street_id)
    hearing = bool(hearing_applicable) or hearing_required(
        fresh, proposed_penalty_kind, proposed_fine, settings
    )
    changes: dict[str, Any] = {
        "notified_on": notified_on,
        "proposed_penalty": text,
        "proposed_penalty_kind": proposed_penalty_kind or "",
        "proposed_fine": proposed_fine,
    }

    def check(locked: Case) -> None:
        _check_day(locked, notified_on, "notified_on", _("告知日期"), today)
        if locked.status == S.REVIEWING and (
            _review_pending(locked) or locked.passed_review() is None
        ):
            raise ValidationError(_("法制审核尚未通过，不能告知当事人。"))
        if proposed_fine is not None:
            _check_fine_range(locked, proposed_fine, "proposed_fine")
        required = hearing_required(locked, proposed_penalty_kind, proposed_fine, settings)
        if required and hearing_applicable is False:
            raise ValidationError(
                {
                    "hearing_applicable": _(
                        "拟作出的处罚属于听证范围（较大数额罚款、暂扣或吊销许可证件、"
                        "责令停产停业等），应当告知当事人有要求听证的权利。"
                    )
                }
            )
        changes["hearing_applicable"] = bool(hearing_applicable) or required

    parts = [text]
    with product_language():
        if proposed_penalty_kind:
            parts.append(
                _("拟处罚种类：%(kind)s。")
                % {"kind": Case.PenaltyKind(proposed_penalty_kind).label}
            )
        if proposed_fine is not None:
            parts.append(_("拟罚款%(amount)s元。") % {"amount": _money(proposed_fine)})
        if hearing:
            parts.append(_("已告知当事人有要求听证的权利。"))
    # ``advance`` reads ``changes`` after ``check`` ran: the hearing right is set there.
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.NOTIFY,
        action=_("告知"),
        allowed=TRANSITIONS["notify"],
        to_state=S.NOTIFIED,
        changes=changes,
        record="".join(parts),
        occurred_at=_moment_for(case, notified_on, now),
        check=check,
    )
    return locked


def case_record_statement(
    *,
    actor: User,
    case: Case,
    statement: str,
    received_on: date | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """陈述申辩: what the party stated in defence after the notice (added to the case's record;
    the state does not change)."""
    today, now = _today(today), _now(now)
    day = received_on or today
    text = _required_text(statement, "statement", _("陈述、申辩内容"))

    changes: dict[str, Any] = {}

    def check(locked: Case) -> None:
        _check_day(locked, day, "received_on", _("陈述申辩日期"), today)
        changes["statement"] = f"{locked.statement}\n\n{text}".strip()

    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.STATEMENT,
        action=_("登记陈述申辩"),
        allowed=TRANSITIONS["statement"],
        to_state=None,
        changes=changes,
        record=text,
        occurred_at=_moment_for(case, day, now),
        check=check,
    )
    return locked


def case_record_hearing(
    *,
    actor: User,
    case: Case,
    requested_on: date | None = None,
    notice_on: date | None = None,
    hearing_on: date | None = None,
    record: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """听证 (行政处罚法第六十四条), recorded as it happens, one call or several: the party's
    request (within 5 days of the notice), the hearing notice (at least 7 days before the
    hearing) and the hearing held with its record. A held hearing makes the case major."""
    today, now = _today(today), _now(now)
    if requested_on is None and notice_on is None and hearing_on is None:
        raise ValidationError(_("请填写申请听证日期、听证通知日期或听证日期。"))
    changes: dict[str, Any] = {}

    def check(locked: Case) -> None:
        if not locked.hearing_applicable:
            raise ValidationError(_("告知时未告知听证权利，该案件不适用听证程序。"))
        if locked.hearing_on is not None:
            raise ValidationError(_("该案件已举行听证。"))
        requested = locked.hearing_requested_on
        if requested_on is not None:
            if requested is not None:
                raise ValidationError({"requested_on": _("已登记申请听证日期。")})
            _check_day(locked, requested_on, "requested_on", _("申请听证日期"), today)
            last = deadlines.hearing_request_last_day(locked.notified_on or requested_on)
            if requested_on > last:
                raise ValidationError(
                    {
                        "requested_on": _(
                            "当事人应当在告知后五日内提出听证要求（最迟%(date)s），逾期视为放弃。"
                        )
                        % {"date": cn_date(last)}
                    }
                )
            requested = requested_on
            changes["hearing_requested_on"] = requested_on
        notice = locked.hearing_notice_on
        if notice_on is not None:
            if requested is None:
                raise ValidationError({"notice_on": _("当事人未申请听证，不能通知听证。")})
            if notice is not None:
                raise ValidationError({"notice_on": _("已登记听证通知日期。")})
            if notice_on < requested:
                raise ValidationError({"notice_on": _("听证通知日期不能早于申请听证日期。")})
            if notice_on > today:
                raise ValidationError({"notice_on": _("听证通知日期不能晚于今天。")})
            notice = notice_on
            changes["hearing_notice_on"] = notice_on
        if hearing_on is not None:
            if notice is None:
                raise ValidationError({"hearing_on": _("尚未通知当事人听证的时间、地点。")})
            earliest = deadlines.hearing_earliest_day(notice)
            if hearing_on < earliest:
                raise ValidationError(
                    {
                        "hearing_on": _(
                            "应当在举行听证的七日前通知当事人；%(notice)s通知的，"
                            "听证最早于%(date)s举行。"
                        )
                        % {"notice": cn_date(notice), "date": cn_date(earliest)}
                    }
                )
            if hearing_on > today:
                raise ValidationError({"hearing_on": _("听证日期不能晚于今天；举行后再登记。")})
            changes["hearing_on"] = hearing_on
            changes["hearing_record"] = _required_text(record, "record", _("听证情况"))

    @product_language()
    def describe() -> str:
        parts = []
        if requested_on:
            parts.append(_("当事人%(date)s申请听证。") % {"date": cn_date(requested_on)})
        if notice_on:
            parts.append(_("%(date)s通知听证。") % {"date": cn_date(notice_on)})
        if hearing_on:
            parts.append(_("%(date)s举行听证。") % {"date": cn_date(hearing_on)})
        return "".join(parts) + (record or "").strip()

    day = hearing_on or notice_on or requested_on
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.HEARING,
        action=_("登记听证"),
        allowed=TRANSITIONS["hearing"],
        to_state=None,
        changes=changes,
        record=describe(),
        occurred_at=_moment_for(case, day, now),
        check=check,
    )
    return locked


# --- the decision -------------------------------------------------------------------------------


def _check_decision_no(locked: Case, decision_no: str) -> None:
    if (
        Case.objects.filter(street_id=locked.street_id, decision_no=decision_no)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ValidationError({"decision_no": _("本街道已有文号相同的决定书。")})


def _check_penalty(
    locked: Case, penalty_kind: str, fine: Decimal | None
) -> tuple[str, Decimal | None]:
    if penalty_kind not in Case.PenaltyKind.values:
        raise ValidationError({"penalty_kind": _("请选择处罚种类。")})
    if penalty_kind == Case.PenaltyKind.FINE and fine is None:
        raise ValidationError({"fine": _("处以罚款的，请填写罚款金额。")})
    if fine is not None:
        _check_fine_range(locked, fine, "fine")
    return penalty_kind, fine


def _check_as_notified(locked: Case, penalty_kind: str, fine: Decimal | None) -> None:
    """A penalty decision is no heavier than the notice (行政处罚法第四十四条、第四十五条): no fine
    above the proposed fine, no fine if none was proposed, no penalty kind heavier than the
    proposed one. A heavier decision needs a new notice, with the rights to state, defend and
    (where it applies) to a hearing."""
    again = _("应当重新告知当事人拟作出的行政处罚及其陈述、申辩（和要求听证）的权利。")
    if fine is not None:
        if locked.proposed_fine is None:
            raise ValidationError(
                {"fine": _("告知时未拟处罚款，不能作出罚款决定；%(again)s") % {"again": again}}
            )
        if fine > locked.proposed_fine:
            raise ValidationError(
                {
                    "fine": _(
                        "决定的罚款金额（%(fine)s元）高于告知的拟罚款金额（%(proposed)s元）；"
                        "%(again)s"
                    )
                    % {
                        "fine": _money(fine),
                        "proposed": _money(locked.proposed_fine),
                        "again": again,
                    }
                }
            )
    notified = locked.proposed_penalty_kind
    if notified and PENALTY_WEIGHT[penalty_kind] > PENALTY_WEIGHT[notified]:
        raise ValidationError(
            {
                "penalty_kind": _(
                    "决定的处罚种类（%(kind)s）重于告知的拟处罚种类（%(notified)s）；%(again)s"
                )
                % {
                    "kind": Case.PenaltyKind(penalty_kind).label,
                    "notified": Case.PenaltyKind(notified).label,
                    "again": again,
                }
            }
        )


def _probe(locked: Case, **values: Any) -> Case:
    """A copy of the locked case with ``values`` applied, to ask the model's rules about the
    decision before anything is written (the audit row compares the untouched row)."""
    probe = copy.copy(locked)
    for name, value in values.items():
        setattr(probe, name, value)
    return probe


def case_decide(
    *,
    actor: User,
    case: Case,
    decided_on: date,
    outcome: str,
    decision_no: str,
    decision_text: str,
    deciders: Iterable[User],
    penalty_kind: str = "",
    fine: Decimal | None = None,
    decision_basis: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """作出决定 in the general procedure: a penalty (行政处罚决定) or no penalty (不予行政处罚).

    Refused: a major case without a passed legal review (``Case.passed_review``: the latest
    opinion, on the notice and hearing as they are); a case whose review opinion is still
    pending; fewer than two certified deciding officers, or a legal reviewer of the case among
    them; a penalty without a prior notice, or heavier than the notice (a higher fine, a fine
    not proposed, a heavier kind: notify again); a penalty in the hearing range when the
    hearing right was not told; a penalty while the party may still request a hearing (within
    5 days of the notice) or before a requested hearing is held; a date before the latest step
    or review opinion. Sets the publication deadline (7 working days for a penalty, 20 for
    other decisions, by the street's settings), left empty while its year has no known holiday
    calendar."""
    today, now = _today(today), _now(now)
    deciders = list(deciders)
    if outcome not in (Case.Outcome.PENALTY, Case.Outcome.NO_PENALTY):
        raise ValidationError({"outcome": _("请选择处理结果：行政处罚或不予行政处罚。")})
    decision_no = _required_text(decision_no, "decision_no", _("决定书文号"))
    decision_text = _required_text(decision_text, "decision_text", _("决定内容"))
    if outcome == Case.Outcome.NO_PENALTY:
        penalty_kind, fine = "", None
    elif not (decision_basis or "").strip():
        raise ValidationError({"decision_basis": _("请填写处罚依据。")})
    fresh = Case.objects.get(pk=case if isinstance(case, int) else case.pk)
    settings = EnforcementSettings.for_street(fresh.street_id)
    publish_due = _publication_due(decided_on, outcome, settings) if decided_on else None

    def check(locked: Case) -> None:
        _check_day(locked, decided_on, "decided_on", _("决定日期"), today)
        _require_officers(deciders, locked.street_id, "deciders", _("作出决定的执法人员"))
        _refuse_reviewers(locked, deciders, "deciders", _("作出决定的执法人员"))
        if locked.status == S.REVIEWING and _review_pending(locked):
            raise ValidationError(_("法制审核意见尚未出具，不能作出决定。"))
        if outcome == Case.Outcome.PENALTY:
            _check_penalty(locked, penalty_kind, fine)
            if locked.notified_on is None:
                raise ValidationError(
                    _(
                        "作出行政处罚决定前，应当告知当事人拟作出处罚的内容及事实、理由、依据，"
                        "并告知其陈述、申辩的权利。"
                    )
                )
            if (
                hearing_required(locked, penalty_kind, fine, settings)
                and not locked.hearing_applicable
            ):
                raise ValidationError(
                    _("该处罚属于听证范围，告知时未告知当事人听证权利，应当重新告知。")
                )
            _check_as_notified(locked, penalty_kind, fine)
            if locked.hearing_applicable and locked.hearing_requested_on is None:
                last = deadlines.hearing_request_last_day(locked.notified_on)
                if decided_on <= last:
                    raise ValidationError(
                        {
                            "decided_on": _(
                                "已告知当事人有要求听证的权利，当事人在%(last)s前仍可要求听证；"
                                "期限届满前不能作出行政处罚决定（最早%(first)s）。"
                            )
                            % {
                                "last": cn_date(last),
                                "first": cn_date(last + timedelta(days=1)),
                            }
                        }
                    )
        if locked.hearing_requested_on is not None and locked.hearing_on is None:
            raise ValidationError(_("当事人已申请听证，听证举行前不能作出决定。"))
        probe = _probe(locked, fine=fine)
        reasons = probe.major_reasons(settings)
        if reasons and locked.passed_review() is None:
            raise ValidationError(
                _("该案件属于重大执法决定（%(reasons)s），未经法制审核或审核未通过，不得作出决定。")
                % {"reasons": _("；").join(reasons)}
            )
        _check_decision_no(locked, decision_no)

    with product_language():
        record = _("%(no)s：%(text)s") % {"no": decision_no, "text": decision_text}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.DECIDE,
        action=_("作出决定"),
        allowed=TRANSITIONS["decide"],
        to_state=S.DECIDED,
        changes={
            "decided_on": decided_on,
            "outcome": outcome,
            "penalty_kind": penalty_kind,
            "fine": fine,
            "decision_no": decision_no,
            "decision_text": decision_text,
            "decision_basis": (decision_basis or "").strip(),
            "publish_due_on": publish_due,
        },
        m2m={"deciders": deciders},
        record=record,
        occurred_at=_moment_for(case, decided_on, now),
        check=check,
    )
    return locked


def on_the_spot_limit(party_kind: str) -> Decimal:
    """The highest fine on the spot (行政处罚法第五十一条)."""
    return (
        ON_THE_SPOT_LIMIT_INDIVIDUAL
        if party_kind == Case.PartyKind.INDIVIDUAL
        else ON_THE_SPOT_LIMIT_ORGANISATION
    )


@product_language()
def remedies_text(settings: EnforcementSettings) -> str:
    """The remedies written into a decision: the street's own text, or 复议/诉讼 by default."""
    return (settings.remedies or "").strip() or str(DEFAULT_REMEDIES)


def case_decide_on_the_spot(
    *,
    actor: User,
    case: Case,
    decided_at: datetime,
    place: str,
    penalty_kind: str,
    decision_no: str,
    decision_basis: str,
    deciders: Iterable[User],
    fine: Decimal | None = None,
    party_name: str | None = None,
    party_id_number: str | None = None,
    now: datetime | None = None,
) -> Case:
    """当场处罚 (简易程序, 行政处罚法第五十一、五十二条): a warning, or a fine of at most
    200 yuan for a citizen or 3,000 yuan for an organisation, decided and served on the spot.

    The decision holds the fields of 第五十二条: the party's identity (name and ID, given here
    or already on the case), the facts (the case's), the penalty basis, the penalty and fine,
    the time and place, the remedies (the street's text or the default 复议/诉讼 text) and the
    authority (the street's), signed by at least two certified officers. A major case is never
    decided on the spot."""
    now = _now(now)
    deciders = list(deciders)
    if penalty_kind not in (Case.PenaltyKind.WARNING, Case.PenaltyKind.FINE):
        raise ValidationError({"penalty_kind": _("当场处罚只能是警告或者罚款。")})
    if penalty_kind == Case.PenaltyKind.WARNING:
        fine = None
    place = _required_text(place, "place", _("作出决定地点"))
    decision_no = _required_text(decision_no, "decision_no", _("决定书文号"))
    decision_basis = _required_text(decision_basis, "decision_basis", _("处罚依据"))
    fresh = Case.objects.select_related("street", "category").get(
        pk=case if isinstance(case, int) else case.pk
    )
    settings = EnforcementSettings.for_street(fresh.street_id)
    settings.street = fresh.street
    name = (party_name if party_name is not None else fresh.party_name).strip()
    id_number = (party_id_number if party_id_number is not None else fresh.party_id_number).strip()
    day = _day_of(decided_at) if decided_at else None
    publish_due = _publication_due(day, Case.Outcome.PENALTY, settings) if day else None
    changes: dict[str, Any] = {
        "procedure": Case.Procedure.ON_THE_SPOT,
        "outcome": Case.Outcome.PENALTY,
        "penalty_kind": penalty_kind,
        "fine": fine,
        "decision_no": decision_no,
        "decision_basis": decision_basis,
        "decision_place": place,
        "decided_on": day,
        "served_on": day,
        "service_method": "直接送达",
        "publish_due_on": publish_due,
        "party_name": name,
        "party_id_number": id_number,
    }

    def check(locked: Case) -> None:
        if decided_at is None:
            raise ValidationError({"decided_at": _("请填写作出决定的时间。")})
        if decided_at > now:
            raise ValidationError({"decided_at": _("作出决定的时间不能晚于现在。")})
        if decided_at < locked.found_at or (locked.stopped_at and decided_at < locked.stopped_at):
            raise ValidationError({"decided_at": _("作出决定的时间不能早于发现或制止的时间。")})
        if not name:
            raise ValidationError({"party_name": _("当场处罚决定书须载明当事人的姓名或名称。")})
        if not id_number:
            raise ValidationError(
                {
                    "party_id_number": _(
                        "当场处罚决定书须载明当事人的身份证件号码或统一社会信用代码。"
                    )
                }
            )
        if not locked.facts.strip():
            raise ValidationError(_("当场处罚决定书须载明违法行为，请先填写案件事实。"))
        if penalty_kind == Case.PenaltyKind.FINE:
            if fine is None:
                raise ValidationError({"fine": _("处以罚款的，请填写罚款金额。")})
            limit = on_the_spot_limit(locked.party_kind)
            if fine > limit:
                raise ValidationError(
                    {
                        "fine": _(
                            "当场处罚的罚款，对公民不超过二百元、对法人或者其他组织不超过三千元"
                            "（本案最高%(limit)s元）；超过的应当适用普通程序。"
                        )
                        % {"limit": _money(limit)}
                    }
                )
            _check_fine_range(locked, fine, "fine")
        _require_officers(deciders, locked.street_id, "deciders", _("作出决定的执法人员"))
        reasons = _probe(locked, fine=fine).major_reasons(settings)
        if reasons:
            raise ValidationError(
                _("该案件属于重大执法决定（%(reasons)s），不能当场处罚，应当适用普通程序。")
                % {"reasons": _("；").join(reasons)}
            )
        _check_decision_no(locked, decision_no)
        changes["decision_text"] = on_the_spot_text(
            _probe(locked, **{k: v for k, v in changes.items() if k != "decision_text"}),
            settings,
            decided_at,
        )

    with product_language():
        record = _("%(no)s，当场交付当事人。") % {"no": decision_no}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.ON_THE_SPOT,
        action=_("当场处罚"),
        allowed=TRANSITIONS["on_the_spot"],
        to_state=S.SERVED,
        changes=changes,
        m2m={"deciders": deciders},
        record=record,
        occurred_at=decided_at or now,
        check=check,
    )
    return locked


def yuan(amount: Decimal) -> str:
    """An amount of yuan as a decision writes it: 500, 8000, 50.5 (no ".00", no separators)."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")


_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?=\s*元)")


def yuan_in_text(text: str) -> str:
    """``text`` with its amounts of yuan written as ``yuan`` writes them (500.00元, 8,000元 →
    500元, 8000元), so a typed decision and the platform's sentences agree."""

    def tidy(match: re.Match[str]) -> str:
        whole, cents = match.group(1).replace(",", ""), match.group(2) or ""
        return yuan(Decimal(f"{whole}.{cents}" if cents else whole))

    return _AMOUNT.sub(tidy, text)


@product_language()
def penalty_text(kind: str, fine: Decimal | None, *, currency: bool = False) -> str:
    """The penalty as a decision states it, the one wording of it everywhere (the case's
    decision, its publication, the decision document): 警告; 罚款500元; 没收违法所得、没收非法
    财物，并处罚款500元. ``currency``: 罚款人民币500元, as the decision document writes it."""
    fined = ""
    if fine is not None:
        words = _("罚款人民币%(amount)s元") if currency else _("罚款%(amount)s元")
        fined = words % {"amount": yuan(fine)}
    if kind == Case.PenaltyKind.FINE or not kind:
        return fined or (str(Case.PenaltyKind.FINE.label) if kind else "")
    label = str(Case.PenaltyKind(kind).label)
    return _("%(penalty)s，并处%(fine)s") % {"penalty": label, "fine": fined} if fined else label


def penalty_words(case: Case) -> str:
    """The penalty of ``case`` as the decision document writes it: 警告 / 罚款人民币200元."""
    return penalty_text(case.penalty_kind, case.fine, currency=True)


@product_language()
def on_the_spot_text(case: Case, settings: EnforcementSettings, decided_at: datetime) -> str:
    """The decision of 当场处罚 in words (第五十二条), kept on the case as decided, in the
    product's language whatever the officer's."""
    local = timezone.localtime(decided_at)
    return _(
        "当事人%(party)s于%(found)s在%(location)s实施%(category)s行为。"
        "上述行为违反了%(legal)s。依据%(basis)s，决定给予%(penalty)s的行政处罚。"
        "%(payment)s%(remedies)s"
        "执法机关：%(authority)s。作出决定时间：%(time)s，地点：%(place)s。"
    ) % {
        "party": case.party_name,
        "found": cn_date(case.found_at),
        "location": case.location,
        "category": case.category.name,
        "legal": case.category.legal_basis.strip().rstrip("。"),
        "basis": case.decision_basis.strip().rstrip("。"),
        "penalty": penalty_words(case),
        "payment": _("当事人应当自收到本决定书之日起十五日内缴纳罚款。")
        if case.penalty_kind == Case.PenaltyKind.FINE
        else "",
        "remedies": remedies_text(settings),
        "authority": settings.authority(),
        "time": f"{cn_date(local)} {local:%H:%M}",
        "place": case.decision_place,
    }


# --- after the decision -------------------------------------------------------------------------


def case_serve(
    *,
    actor: User,
    case: Case,
    served_on: date,
    method: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """送达 of the decision document, on or after the decision, by a lawful method."""
    today, now = _today(today), _now(now)
    if method not in dict(SERVICE_METHODS):
        raise ValidationError({"method": _("请选择送达方式。")})

    def check(locked: Case) -> None:
        _check_day(locked, served_on, "served_on", _("送达日期"), today)

    with product_language():
        record = _("%(date)s%(method)s。") % {"date": cn_date(served_on), "method": method}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.SERVE,
        action=_("送达"),
        allowed=TRANSITIONS["serve"],
        to_state=S.SERVED,
        changes={"served_on": served_on, "service_method": method},
        record=record,
        occurred_at=_moment_for(case, served_on, now),
        check=check,
    )
    return locked


def case_execute(
    *,
    actor: User,
    case: Case,
    executed_on: date,
    manner: str,
    fine_paid: Decimal | None = None,
    note: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """执行 of a penalty decision: how it was carried out and, for a fine, the amount paid
    (the fine and at most as much again in late-payment surcharge, 第七十二条)."""
    today, now = _today(today), _now(now)
    if manner not in dict(EXECUTION_MANNERS):
        raise ValidationError({"manner": _("请选择执行方式。")})

    def check(locked: Case) -> None:
        if locked.outcome != Case.Outcome.PENALTY:
            raise ValidationError(_("不予行政处罚的案件无需执行，送达后可直接结案。"))
        _check_day(locked, executed_on, "executed_on", _("执行日期"), today)
        if locked.fine is not None:
            if fine_paid is None:
                raise ValidationError({"fine_paid": _("请填写已缴罚款金额。")})
            if fine_paid < 0 or fine_paid > locked.fine * 2:
                raise ValidationError(
                    {
                        "fine_paid": _(
                            "已缴罚款应在0元至%(max)s元之间（罚款及不超过罚款数额的加处罚款）。"
                        )
                        % {"max": _money(locked.fine * 2)}
                    }
                )
        elif fine_paid is not None:
            raise ValidationError({"fine_paid": _("该决定未处罚款，不应填写已缴罚款。")})

    with product_language():
        paid = (
            _("，已缴罚款%(amount)s元") % {"amount": _money(fine_paid)}
            if fine_paid is not None
            else ""
        )
    record = manner + paid
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.EXECUTE,
        action=_("登记执行"),
        allowed=TRANSITIONS["execute"],
        to_state=S.EXECUTED,
        changes={"executed_on": executed_on, "execution": manner, "fine_paid": fine_paid},
        record=f"{record}。{(note or '').strip()}",
        occurred_at=_moment_for(case, executed_on, now),
        check=check,
    )
    return locked


def case_close(
    *,
    actor: User,
    case: Case,
    closed_on: date,
    reason: str = "",
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """结案: a penalty executed, or a no-penalty decision served."""
    today, now = _today(today), _now(now)

    def check(locked: Case) -> None:
        if locked.status == S.SERVED and locked.outcome != Case.Outcome.NO_PENALTY:
            raise ValidationError(_("行政处罚决定尚未执行，不能结案。"))
        _check_day(locked, closed_on, "closed_on", _("结案日期"), today)

    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.CLOSE,
        action=_("结案"),
        allowed=TRANSITIONS["close"],
        to_state=S.CLOSED,
        changes={"closed_on": closed_on, "close_reason": (reason or "").strip()},
        record=(reason or "").strip(),
        occurred_at=_moment_for(case, closed_on, now),
        check=check,
    )
    return locked


def case_close_corrected(
    *,
    actor: User,
    case: Case,
    closed_on: date,
    reason: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """责令改正后结案: the party corrected the violation and no penalty is pursued (e.g. 首违
    不罚, 违法行为轻微并及时改正, 行政处罚法第三十三条); the reason is required."""
    today, now = _today(today), _now(now)
    text = _required_text(reason, "reason", _("结案理由"))

    def check(locked: Case) -> None:
        _check_day(locked, closed_on, "closed_on", _("结案日期"), today)

    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.CLOSE,
        action=_("责令改正后结案"),
        allowed=TRANSITIONS["close_corrected"],
        to_state=S.CLOSED,
        changes={
            "closed_on": closed_on,
            "close_reason": text,
            "outcome": Case.Outcome.CORRECTED,
        },
        record=text,
        occurred_at=_moment_for(case, closed_on, now),
        check=check,
    )
    return locked


def case_transfer(
    *,
    actor: User,
    case: Case,
    transferred_on: date,
    authority: str,
    reason: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """移送 to the authority competent for it (行政处罚法第二十七条), with the reason."""
    today, now = _today(today), _now(now)
    authority = _required_text(authority, "authority", _("移送机关"))
    text = _required_text(reason, "reason", _("移送理由"))

    def check(locked: Case) -> None:
        _check_day(locked, transferred_on, "transferred_on", _("移送日期"), today)

    with product_language():
        record = _("移送%(authority)s。%(reason)s") % {"authority": authority, "reason": text}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.TRANSFER,
        action=_("移送"),
        allowed=TRANSITIONS["transfer"],
        to_state=S.TRANSFERRED,
        changes={
            "transferred_on": transferred_on,
            "transferred_to": authority,
            "transfer_reason": text,
            "outcome": Case.Outcome.TRANSFERRED,
        },
        record=record,
        occurred_at=_moment_for(case, transferred_on, now),
        check=check,
    )
    return locked


def case_archive(
    *,
    actor: User,
    case: Case,
    archived_on: date,
    archive_no: str,
    today: date | None = None,
    now: datetime | None = None,
) -> Case:
    """归档 of a closed or transferred case under its archive number (unique in the street)."""
    today, now = _today(today), _now(now)
    archive_no = _required_text(archive_no, "archive_no", _("档案号"))

    def check(locked: Case) -> None:
        _check_day(locked, archived_on, "archived_on", _("归档日期"), today)
        if (
            Case.objects.filter(street_id=locked.street_id, archive_no=archive_no)
            .exclude(pk=locked.pk)
            .exists()
        ):
            raise ValidationError({"archive_no": _("本街道已有相同档案号的案件。")})

    with product_language():
        record = _("档案号：%(no)s") % {"no": archive_no}
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.ARCHIVE,
        action=_("归档"),
        allowed=TRANSITIONS["archive"],
        to_state=S.ARCHIVED,
        changes={"archived_on": archived_on, "archive_no": archive_no},
        record=record,
        occurred_at=_moment_for(case, archived_on, now),
        check=check,
    )
    return locked


def case_extend_deadline(
    *,
    actor: User,
    case: Case,
    new_due_on: date,
    reason: str,
    now: datetime | None = None,
) -> Case:
    """延长办案期限 (第六十条 “法律、法规、规章另有规定的除外”): a later decision deadline.

    The office's rule: the extension is approved by the head of the office (the street's
    approval, who approved and when, is written in the reason, which is required), and the new
    deadline is at most 60 days after the statutory one (立案日期 + 90 days;
    ``deadlines.decision_extension_last_day``). Further extensions may move the deadline up to
    that day, never beyond it."""
    now = _now(now)
    text = _required_text(reason, "reason", _("延长期限理由"))

    def check(locked: Case) -> None:
        current = locked.decision_due_on
        if current is None or locked.filed_on is None:
            raise ValidationError(_("案件尚未立案，没有决定期限。"))
        if new_due_on is None or new_due_on <= current:
            raise ValidationError(
                {
                    "new_due_on": _("延长后的期限须晚于现在的期限（%(date)s）。")
                    % {"date": cn_date(current)}
                }
            )
        last = deadlines.decision_extension_last_day(locked.filed_on)
        if new_due_on > last:
            raise ValidationError(
                {
                    "new_due_on": _(
                        "延长后的期限最迟为%(last)s（法定期限%(due)s后六十日）；"
                        "不能延长至%(date)s。"
                    )
                    % {
                        "last": cn_date(last),
                        "due": cn_date(deadlines.decision_due(locked.filed_on)),
                        "date": cn_date(new_due_on),
                    }
                }
            )

    with product_language():
        record = (
            _("决定期限延长至%(date)s。%(reason)s") % {"date": cn_date(new_due_on), "reason": text}
            if new_due_on is not None
            else ""
        )
    locked, _step = advance(
        case,
        actor=actor,
        kind=Kind.EXTEND,
        action=_("延长办案期限"),
        allowed=TRANSITIONS["extend"],
        to_state=None,
        changes={"decision_due_on": new_due_on, "deadline_extension_reason": text},
        record=record,
        occurred_at=now,
        check=check,
    )
    return locked


def case_fill_publish_due(*, cases: QuerySet[Case], actor: User | None = None) -> int:
    """Count the publication deadline of the decisions among ``cases`` recorded while the
    holiday calendar of the deadline's year was unknown (``publish_due_on`` left empty), now
    that the year may be known. Each one filled is audited (by ``actor``, or the system when
    None); a year still unknown is left for later. Returns how many were filled.

    The publication list calls it before it counts what is due and overdue."""
    waiting = cases.filter(
        decided_on__isnull=False,
        publish_due_on__isnull=True,
        outcome__in=(Case.Outcome.PENALTY, Case.Outcome.NO_PENALTY),
    )
    if not waiting.exists():
        return 0
    calendar = WorkCalendar.load()
    filled = 0
    for case in waiting.order_by("pk"):
        assert case.decided_on is not None
        settings = EnforcementSettings.for_street(case.street_id)
        try:
            due = deadlines.publication_due(case.decided_on, case.outcome, settings, calendar)
        except CalendarUnknown:
            continue
        _updated, changed = model_update(case, actor=actor, data={"publish_due_on": due})
        filled += int(changed)
    return filled
