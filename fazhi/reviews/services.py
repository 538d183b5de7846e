"""Writes on legality review and major decisions. Views, the API, the demo and tests call these.

Every change of state locks the row, checks the state it is in, changes it and writes the audit
row in one transaction. Services that compare with today take ``today=`` (or ``now=``) so that
the demo can replay 2020.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.files import fingerprint_into
from fazhi.core.formats import cn_date
from fazhi.core.services import (
    model_create,
    model_delete,
    model_transition,
    model_update,
    refuse_unknown_fields,
    snapshot,
)
from fazhi.core.workdays import add_workdays
from fazhi.legal_services.models import Lawyer
from fazhi.org.models import Street, User
from fazhi.reviews import selectors
from fazhi.reviews.models import (
    MIN_COMMENT_DAYS,
    MIN_LEGALITY_REVIEW_WORKDAYS,
    MajorDecision,
    PublicComment,
    ReviewRequest,
)

M = TypeVar("M", bound=models.Model)

# The deadline a request gets when none is given, in working days after it is received.
DEFAULT_REVIEW_WORKDAYS: dict[str, int] = {
    ReviewRequest.Kind.CONTRACT: 5,
    ReviewRequest.Kind.AGREEMENT: 5,
    # 国办发〔2018〕115号: 规范性文件的合法性审核时间一般不少于5个工作日.
    ReviewRequest.Kind.NORMATIVE: 5,
    ReviewRequest.Kind.MAJOR_DECISION: MIN_LEGALITY_REVIEW_WORKDAYS,
    ReviewRequest.Kind.OTHER: 5,
}
# A public comment's text, as the public form limits it.
MAX_COMMENT_CHARS = 2000


# --- Shared helpers --------------------------------------------------------------------------


def _lock(instance: M) -> M:
    return type(instance)._base_manager.select_for_update().get(pk=instance.pk)


def _text(value: Any) -> str:
    return str(value or "").strip()


def _today(today: date | None) -> date:
    return today if today is not None else timezone.localdate()


def _without_empty_file(fields: Mapping[str, Any], name: str) -> dict[str, Any]:
    """``fields`` without ``name`` when a form sent no file for a record that has none: None
    would count as a change from the stored empty name. (A cleared file arrives as False.)"""
    data = dict(fields)
    if name in data and data[name] is None:
        del data[name]
    return data


def _date_required(value: date | None, field: str, label: str) -> date:
    if value is None:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    return value


def _not_after_today(value: date, field: str, label: str, today: date) -> None:
    if value > today:
        raise ValidationError(
            {
                field: _("%(label)s不能晚于今天（%(today)s）。")
                % {"label": label, "today": cn_date(today)}
            }
        )


def _not_before(value: date, earliest: date | None, field: str, message: str) -> None:
    if earliest is not None and value < earliest:
        raise ValidationError({field: message % {"date": cn_date(earliest)}})


# --- Legality review requests ----------------------------------------------------------------

# What a department or the office writes when sending and assigning a request; the opinion,
# the outcome and the status are written by their own services below.
REQUEST_FIELDS = (
    "title",
    "kind",
    "department",
    "requested_by",
    "counterparty",
    "amount",
    "document",
    "received_on",
    "due_on",
    "adviser",
    "reviewer",
    "major_decision",
)


def default_due_on(kind: str, received_on: date) -> date:
    """The deadline of a request received on ``received_on``, counted in working days."""
    return add_workdays(received_on, DEFAULT_REVIEW_WORKDAYS.get(kind, 5))


def earliest_decision_due_on(received_on: date) -> date:
    """A major decision's legality review has at least 7 working days (第二十七条)."""
    return add_workdays(received_on, MIN_LEGALITY_REVIEW_WORKDAYS)


def _check_request(request: ReviewRequest, *, adviser_changed: bool) -> None:
    """The rules a request keeps whenever it is written (the model checks the rest)."""
    if request.major_decision_id is not None and request.kind != ReviewRequest.Kind.MAJOR_DECISION:
        raise ValidationError(
            {"kind": _("关联重大行政决策的审查事项，审查类别须为“重大行政决策”。")}
        )
    if (
        request.kind == ReviewRequest.Kind.MAJOR_DECISION
        and request.received_on is not None
        and request.due_on is not None
    ):
        earliest = earliest_decision_due_on(request.received_on)
        if request.due_on < earliest:
            raise ValidationError(
                {
                    "due_on": _(
                        "重大行政决策的合法性审查期限不得少于%(days)d个工作日"
                        "（重大行政决策程序暂行条例第二十七条）：%(received)s受理的，"
                        "审查期限最早为%(earliest)s。"
                    )
                    % {
                        "days": MIN_LEGALITY_REVIEW_WORKDAYS,
                        "received": cn_date(request.received_on),
                        "earliest": cn_date(earliest),
                    }
                }
            )
    reviewer: User | None = request.reviewer if request.reviewer_id else None
    if reviewer is not None and not reviewer.legal_qualification:
        raise ValidationError(
            {"reviewer": _("审查人员须具备法律职业资格：请先在其账号中填写法律职业资格证书编号。")}
        )
    adviser: Lawyer | None = request.adviser if request.adviser_id else None
    if adviser_changed and adviser is not None and not adviser.is_active:
        raise ValidationError({"adviser": _("所选律师已不在册，不能指定为法律顾问。")})


def _assignment_status(request: ReviewRequest) -> str:
    assigned = request.adviser_id is not None or request.reviewer_id is not None
    return ReviewRequest.Status.IN_REVIEW if assigned else ReviewRequest.Status.RECEIVED


def _department_refusal(actor: Any, what: str) -> ValidationError:
    department = getattr(actor, "department", None)
    if department is None:
        return ValidationError(
            {
                "department": _(
                    "您的账号未归属任何部门，不能%(what)s；请联系司法所（领导小组办公室）。"
                )
                % {"what": what}
            }
        )
    return ValidationError(
        {
            "department": _("部门工作人员只能以本部门（%(department)s）的名义%(what)s。")
            % {"department": department, "what": what}
        }
    )


def _create_request(*, street: Street, actor: Any, data: dict[str, Any]) -> ReviewRequest:
    if not data.get("due_on") and data.get("kind") and data.get("received_on"):
        data["due_on"] = default_due_on(data["kind"], data["received_on"])
    if "requested_by" not in data and isinstance(actor, User) and actor.street_id == street.pk:
        data["requested_by"] = actor
    probe = ReviewRequest(street=street, **data)
    _check_request(probe, adviser_changed=True)
    data["status"] = _assignment_status(probe)
    return model_create(ReviewRequest, actor=actor, data={"street": street, **data})


def review_request_create(*, street: Street, actor: Any, **fields: Any) -> ReviewRequest:
    """Register a document sent for legality review.

    Without ``due_on`` the deadline is counted in working days from ``received_on`` (5, or 7
    for a major decision, which may never have fewer). The document is fingerprinted; the
    request is 审查中 at once when an adviser or reviewer is named, else 已受理.
    """
    refuse_unknown_fields(ReviewRequest, fields, REQUEST_FIELDS)
    if fields.get("major_decision") is not None:
        # Its own service checks the draft, the pending and the rejected reviews.
        raise ValidationError(
            {
                "major_decision": _(
                    "重大行政决策的合法性审查，请在该决策事项的决策程序中“送交合法性审查”。"
                )
            }
        )
    department = fields.get("department")
    if actor is not None and not selectors.may_send_for(actor, getattr(department, "pk", None)):
        raise _department_refusal(actor, _("送审"))
    data = dict(fields)
    fingerprint_into(data, "document")
    return _create_request(street=street, actor=actor, data=data)


def _require_open_request(request: ReviewRequest) -> None:
    if request.status == ReviewRequest.Status.COMPLETED:
        raise ValidationError(
            _("该审查事项已于%(date)s出具审查意见，不能再修改；如需重新审查，请另行送审。")
            % {"date": cn_date(request.completed_on)}
        )
    if request.status == ReviewRequest.Status.WITHDRAWN:
        raise ValidationError(_("该审查事项已撤回，不能再修改。"))


def review_request_update(request: ReviewRequest, *, actor: Any, **fields: Any) -> ReviewRequest:
    """Change a request's particulars or its adviser and reviewer, while no opinion is given.

    A blank ``due_on`` is counted again from the (new) kind and received date.
    """
    refuse_unknown_fields(ReviewRequest, fields, REQUEST_FIELDS)
    data = _without_empty_file(fields, "document")
    fingerprint_into(data, "document")
    with transaction.atomic():
        locked = _lock(request)
        _require_open_request(locked)
        if "major_decision" in data and data["major_decision"] != locked.major_decision:
            raise ValidationError({"major_decision": _("审查事项关联的重大行政决策不能修改。")})
        if (
            locked.major_decision_id is not None
            and "document_sha256" in data
            and data["document_sha256"] != locked.document_sha256
        ):
            raise ValidationError(
                {
                    "document": _(
                        "重大行政决策的送审文件是送审时的决策草案，不能更换；"
                        "草案修改后，请撤回本次送审，再从决策事项重新送审。"
                    )
                }
            )
        if "due_on" in data and not data["due_on"]:
            data["due_on"] = default_due_on(
                data.get("kind", locked.kind), data.get("received_on", locked.received_on)
            )
        adviser_before = locked.adviser_id
        for name, value in data.items():
            setattr(locked, name, value)
        _check_request(locked, adviser_changed=locked.adviser_id != adviser_before)
        data["status"] = _assignment_status(locked)
        return model_update(request, actor=actor, data=data)[0]


def deletion_refusal(request: ReviewRequest) -> str:
    """Why the request cannot be deleted, or "" for one entered by mistake: not part of a
    major decision's procedure, and still waiting for its opinion. A withdrawn or completed
    request, and any review of a major decision, is a record and stays."""
    if request.major_decision_id is not None:
        return _(
            "重大行政决策的合法性审查是决策程序的记录，不能删除；不再审查的，请撤回并说明理由。"
        )
    if request.status == ReviewRequest.Status.COMPLETED:
        return _("已出具审查意见的审查事项是审查工作的记录，不能删除。")
    if request.status == ReviewRequest.Status.WITHDRAWN:
        return _("已撤回的审查事项是审查工作的记录（含撤回理由），不能删除。")
    return ""


def review_request_delete(request: ReviewRequest, *, actor: Any) -> None:
    """Delete a request entered by mistake (see ``deletion_refusal``)."""
    with transaction.atomic():
        locked = _lock(request)
        refusal = deletion_refusal(locked)
        if refusal:
            raise ValidationError(refusal)
        model_delete(locked, actor=actor)


def review_request_complete(
    request: ReviewRequest,
    *,
    actor: Any,
    opinion: str,
    conclusion: str,
    completed_on: date | None,
    today: date | None = None,
) -> ReviewRequest:
    """Record the adviser's or reviewer's opinion (text and conclusion), once."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(request)
        if locked.status == ReviewRequest.Status.COMPLETED:
            raise ValidationError(
                _("该审查事项已于%(date)s出具审查意见，不能重复出具。")
                % {"date": cn_date(locked.completed_on)}
            )
        if locked.status == ReviewRequest.Status.WITHDRAWN:
            raise ValidationError(_("该审查事项已撤回，不能出具审查意见。"))
        if locked.adviser_id is None and locked.reviewer_id is None:
            raise ValidationError(_("请先指定法律顾问或审查人员，再登记审查意见。"))
        opinion = _text(opinion)
        if not opinion:
            raise ValidationError({"opinion": _("请填写审查意见。")})
        if conclusion not in ReviewRequest.Conclusion.values:
            raise ValidationError({"conclusion": _("请选择审查结论：同意、修改后同意或不同意。")})
        completed_on = _date_required(completed_on, "completed_on", _("出具意见日期"))
        _not_before(
            completed_on,
            locked.received_on,
            "completed_on",
            _("出具意见日期不能早于受理日期（%(date)s）。"),
        )
        _not_after_today(completed_on, "completed_on", _("出具意见日期"), today)
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": ReviewRequest.Status.COMPLETED,
                "opinion": opinion,
                "conclusion": conclusion,
                "completed_on": completed_on,
            },
            extra={"overdue": completed_on > locked.due_on},
        )
        decision = locked.major_decision
        if decision is not None:
            _settle_decision(decision, actor=actor)
    return locked


def review_request_withdraw(request: ReviewRequest, *, actor: Any, reason: str) -> ReviewRequest:
    """The sender takes back a request before the opinion is given; the reason is kept."""
    with transaction.atomic():
        locked = _lock(request)
        _require_open_request(locked)
        reason = _text(reason)
        if not reason:
            raise ValidationError({"reason": _("请填写撤回理由。")})
        model_transition(
            locked,
            actor=actor,
            changes={"status": ReviewRequest.Status.WITHDRAWN, "withdraw_reason": reason},
        )
    return locked


def review_request_set_fate(
    request: ReviewRequest, *, actor: Any, fate: str, fate_note: str = ""
) -> ReviewRequest:
    """Record what became of the reviewed document: signed or adopted, amended, abandoned."""
    with transaction.atomic():
        locked = _lock(request)
        if locked.status != ReviewRequest.Status.COMPLETED:
            raise ValidationError(_("尚未出具审查意见，不能登记文件的后续情况。"))
        if fate not in ReviewRequest.Fate.values:
            raise ValidationError({"fate": _("请选择后续情况。")})
        fate_note = _text(fate_note)
        against_opinion = locked.conclusion == ReviewRequest.Conclusion.REJECTED and fate in (
            ReviewRequest.Fate.ADOPTED,
            ReviewRequest.Fate.AMENDED,
        )
        if against_opinion and not fate_note:
            raise ValidationError(
                {"fate_note": _("审查结论为“不同意”的文件仍签订或施行的，须说明理由。")}
            )
        model_transition(locked, actor=actor, changes={"fate": fate, "fate_note": fate_note})
    return locked


# --- Major decisions -------------------------------------------------------------------------

# The particulars of a decision; every step of its procedure has its own service below.
DECISION_FIELDS = ("title", "department", "background", "catalogue_year", "draft")


def _decision_label(decision: MajorDecision) -> str:
    return str(decision.get_status_display())


def _require_may_change(actor: Any, decision: MajorDecision) -> None:
    """Only the office and the decision's own department prepare it. (No actor: the system,
    such as the demo or a management command.)"""
    if actor is not None and not selectors.may_change_decision(actor, decision):
        raise PermissionDenied(selectors.decision_change_refusal(decision))


def _require_may_decide(actor: Any) -> None:
    """The collective discussion, the decision, publication, archiving and abandoning are the
    office's (reviews.decide_majordecision)."""
    if actor is not None and not selectors.may_decide(actor):
        raise PermissionDenied(selectors.decide_refusal())


def _require_department_allowed(actor: Any, department: Any) -> None:
    if actor is not None and not selectors.may_prepare_for(actor, getattr(department, "pk", None)):
        raise _department_refusal(actor, _("办理重大行政决策"))


def _require_preparing(decision: MajorDecision) -> None:
    """Refuse any step once the decision is made or abandoned."""
    if decision.status == MajorDecision.Status.ABANDONED:
        raise ValidationError(
            _("该决策事项已终止（%(reason)s），不能再办理。") % {"reason": decision.abandon_reason}
        )
    if decision.status not in selectors.PREPARING:
        raise ValidationError(
            _("该决策已于%(date)s作出决定（当前状态：%(status)s），决策前的程序不能再修改。")
            % {"date": cn_date(decision.decided_on), "status": _decision_label(decision)}
        )


def _require_before_discussion(decision: MajorDecision) -> None:
    """The steps before the collective discussion are fixed once it has been held: the
    meeting decided on what they said."""
    _require_preparing(decision)
    if decision.discussed_on is not None:
        raise ValidationError(
            _("该决策已于%(date)s集体讨论，讨论前的程序不能再修改。")
            % {"date": cn_date(decision.discussed_on)}
        )


def _settled_status(decision: MajorDecision) -> str:
    """Drafting, out for comment, or ready for the collective discussion."""
    if decision.status == MajorDecision.Status.CONSULTING:
        return decision.status
    if selectors.missing_before_discussion(decision):
        return MajorDecision.Status.DRAFTING
    return MajorDecision.Status.DISCUSSION


def _settled(decision: MajorDecision) -> dict[str, Any]:
    return {"status": _settled_status(decision)}


def _settle_decision(decision: MajorDecision, *, actor: Any) -> None:
    """After a step changed (here or on a linked review), move the status along if it must."""
    locked = _lock(decision)
    if locked.status not in selectors.PREPARING:
        return
    status = _settled_status(locked)
    if status != locked.status:
        model_transition(locked, actor=actor, changes={"status": status})


def decision_create(*, street: Street, actor: Any, **fields: Any) -> MajorDecision:
    """Enter a major decision to be prepared; its procedure starts at 拟定中."""
    refuse_unknown_fields(MajorDecision, fields, DECISION_FIELDS)
    _require_department_allowed(actor, fields.get("department"))
    data = dict(fields)
    fingerprint_into(data, "draft")
    return model_create(MajorDecision, actor=actor, data={"street": street, **data})


# What the legality review looked at: fixed while a review is under way or once it approved.
REVIEWED_FIELDS = ("title", "background", "draft_sha256")


def decision_update(decision: MajorDecision, *, actor: Any, **fields: Any) -> MajorDecision:
    """Change a decision's particulars (title, department, background, draft) before it is made.

    The title, background and draft are what the legality review looks at: once sent for
    review they are fixed, unless that review was withdrawn or its conclusion was 不同意
    (then the draft is amended and sent again).
    """
    refuse_unknown_fields(MajorDecision, fields, DECISION_FIELDS)
    data = _without_empty_file(fields, "draft")
    fingerprint_into(data, "draft")
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_change(actor, locked)
        _require_preparing(locked)
        if "department" in data and data["department"] != locked.department:
            _require_department_allowed(actor, data["department"])
        changed = [
            name
            for name in REVIEWED_FIELDS
            if name in data and _text(data[name]) != _text(getattr(locked, name))
        ]
        fixing = (
            selectors.review_fixing_draft(selectors.legality_reviews(locked)) if changed else None
        )
        if fixing is not None:
            raise ValidationError(
                _(
                    "决策草案已于%(date)s送交合法性审查（%(status)s），决策事项、决策背景和主要内容、"
                    "决策草案不能再修改；确需修改的，请先撤回送审，修改后重新送审。"
                )
                % {"date": cn_date(fixing.received_on), "status": _review_label(fixing)}
            )
        return model_update(decision, actor=actor, data=data)[0]


def _review_label(review: ReviewRequest) -> str:
    if review.status == ReviewRequest.Status.COMPLETED:
        return _("已出具意见：%(conclusion)s") % {"conclusion": review.get_conclusion_display()}
    return str(review.get_status_display())


def comment_period_days(opens_on: date, closes_on: date) -> int:
    """The days of a comment period counted as 民法典第二百零一条 counts a period in days: from
    the day after it opens (1 September to 1 October is 30 days)."""
    return (closes_on - opens_on).days


def decision_open_participation(
    decision: MajorDecision,
    *,
    actor: Any,
    opens_on: date | None,
    closes_on: date | None,
    short_period_reason: str = "",
    today: date | None = None,
) -> MajorDecision:
    """Put the draft out for public comment from ``opens_on`` (today or later) to ``closes_on``.

    The period is at least 30 days (第十四条), counted from the day after it opens; a shorter
    one needs the reason recorded. A new round replaces an earlier summary: the step is done
    again when this round is closed.
    """
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_change(actor, locked)
        _require_before_discussion(locked)
        if locked.status == MajorDecision.Status.CONSULTING:
            raise ValidationError(
                _("该决策事项正在征求意见（至%(date)s），不能重复发起。")
                % {"date": cn_date(locked.comment_closes_on)}
            )
        opens_on = _date_required(opens_on, "opens_on", _("征求意见开始日期"))
        closes_on = _date_required(closes_on, "closes_on", _("征求意见截止日期"))
        _not_before(
            opens_on,
            today,
            "opens_on",
            _("征求意见开始日期不能早于今天（%(date)s）：征求意见须向公众公开后进行。"),
        )
        if closes_on <= opens_on:
            raise ValidationError(
                {"closes_on": _("征求意见截止日期须晚于开始日期（期限自开始之日的次日起算）。")}
            )
        days = comment_period_days(opens_on, closes_on)
        reason = _text(short_period_reason)
        if days >= MIN_COMMENT_DAYS:
            reason = ""
        elif not reason:
            raise ValidationError(
                {
                    "short_period_reason": _(
                        "征求意见期限为%(days)d日（自开始之日的次日起算），少于%(min)d日"
                        "（重大行政决策程序暂行条例第十四条），须说明理由。"
                    )
                    % {"days": days, "min": MIN_COMMENT_DAYS}
                }
            )
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": MajorDecision.Status.CONSULTING,
                "comment_opens_on": opens_on,
                "comment_closes_on": closes_on,
                "short_period_reason": reason,
                "participation_summary": "",
            },
            extra={"days": days},
        )
    return locked


def comment_refusal(decision: MajorDecision, today: date) -> str:
    """Why a comment cannot be taken today, or "" while the period is open."""
    if (
        decision.status != MajorDecision.Status.CONSULTING
        or decision.comment_opens_on is None
        or decision.comment_closes_on is None
    ):
        if decision.comment_closes_on is not None:
            # Closed, or the procedure moved on: the period is over whatever the date says.
            return _("征求意见已于%(date)s截止，不再接收意见。") % {
                "date": cn_date(decision.comment_closes_on)
            }
        return _("该决策事项目前未公开征求意见。")
    if today < decision.comment_opens_on:
        return _("征求意见自%(date)s开始，请届时再提交。") % {
            "date": cn_date(decision.comment_opens_on)
        }
    if today > decision.comment_closes_on:
        return _("征求意见已于%(date)s截止，不再接收意见。") % {
            "date": cn_date(decision.comment_closes_on)
        }
    return ""


def comment_submit(
    decision: MajorDecision,
    *,
    content: str,
    name: str = "",
    contact: str = "",
    now: datetime | None = None,
) -> PublicComment:
    """A resident's comment on a draft, taken only while its comment period is open.

    No account: the audit row names no actor (an anonymous visitor).
    """
    now = now if now is not None else timezone.now()
    with transaction.atomic():
        locked = _lock(decision)
        refusal = comment_refusal(locked, timezone.localdate(now))
        if refusal:
            raise ValidationError(refusal)
        content = _text(content)
        if not content:
            raise ValidationError({"content": _("请填写意见建议。")})
        if len(content) > MAX_COMMENT_CHARS:
            raise ValidationError(
                {"content": _("意见建议最多%(max)d字。") % {"max": MAX_COMMENT_CHARS}}
            )
        comment = PublicComment(
            decision=locked,
            content=content,
            name=_text(name),
            contact=_text(contact),
            submitted_at=now,
        )
        comment.full_clean()
        comment.save()
        # The audit chain keeps no personal data of the public: only whether it was given.
        after = {k: v for k, v in snapshot(comment).items() if k not in ("name", "contact")}
        after.update(name_given=bool(comment.name), contact_given=bool(comment.contact))
        record(
            actor=None,
            action=Action.CREATE,
            obj=comment,
            street=locked.street_id,
            after=after,
        )
    return comment


def comment_respond(comment: PublicComment, *, actor: Any, response: str) -> PublicComment:
    """Record whether and how a comment was adopted (采纳情况), until the decision is made."""
    with transaction.atomic():
        locked = _lock(comment)
        _require_preparing(locked.decision)
        response = _text(response)
        if not response:
            raise ValidationError({"response": _("请填写采纳情况。")})
        before = snapshot(locked, ["response"])
        locked.response = response
        locked.save(update_fields=["response"])
        record(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            street=locked.decision.street_id,
            before=before,
            after={"response": response},
        )
    return locked


def decision_close_participation(
    decision: MajorDecision, *, actor: Any, summary: str, today: date | None = None
) -> MajorDecision:
    """End the public participation after its period: the comments summed up, with what was
    adopted and why (第十六条)."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_change(actor, locked)
        if locked.status != MajorDecision.Status.CONSULTING:
            raise ValidationError(_("该决策事项目前未在公开征求意见，无需结束。"))
        closes_on = locked.comment_closes_on
        if closes_on is not None and today <= closes_on:
            raise ValidationError(
                _("征求意见期限至%(date)s，期满后才能结束公众参与、汇总意见。")
                % {"date": cn_date(closes_on)}
            )
        summary = _text(summary)
        if not summary:
            raise ValidationError({"summary": _("请填写公众意见的汇总和采纳情况。")})
        model_transition(
            locked,
            actor=actor,
            changes={"status": MajorDecision.Status.DRAFTING, "participation_summary": summary},
            extra={"comments": locked.comments.count()},
            derive=_settled,
        )
    return locked


def decision_record_expert(
    decision: MajorDecision,
    *,
    actor: Any,
    held_on: date | None,
    experts: str,
    opinion: str,
    today: date | None = None,
) -> MajorDecision:
    """Record the expert argument (专家论证, 第十九条): when, who, and their opinion."""
    today = _today(today)

    def changes() -> dict[str, Any]:
        held = _date_required(held_on, "held_on", _("专家论证日期"))
        _not_after_today(held, "held_on", _("专家论证日期"), today)
        names, text = _text(experts), _text(opinion)
        if not names:
            raise ValidationError({"experts": _("请填写论证专家。")})
        if not text:
            raise ValidationError({"opinion": _("请填写专家论证意见。")})
        return {
            "expert_required": True,
            "expert_waiver_reason": "",
            "expert_held_on": held,
            "experts": names,
            "expert_opinion": text,
        }

    return _preparation_step(decision, actor=actor, changes=changes)


def decision_waive_expert(decision: MajorDecision, *, actor: Any, reason: str) -> MajorDecision:
    """Record that the decision needs no expert argument, and why."""
    return _waive_step(
        decision,
        actor=actor,
        reason=reason,
        step="expert",
        cleared={"expert_held_on": None, "experts": "", "expert_opinion": ""},
        missing=_("请填写不需要专家论证的理由。"),
    )


def decision_record_risk(
    decision: MajorDecision,
    *,
    actor: Any,
    assessed_on: date | None,
    level: str,
    summary: str,
    today: date | None = None,
) -> MajorDecision:
    """Record the risk assessment (风险评估, 第二十二条): when, the level, the conclusion."""
    today = _today(today)

    def changes() -> dict[str, Any]:
        assessed = _date_required(assessed_on, "assessed_on", _("风险评估日期"))
        _not_after_today(assessed, "assessed_on", _("风险评估日期"), today)
        if level not in MajorDecision.RiskLevel.values:
            raise ValidationError({"level": _("请选择风险等级。")})
        text = _text(summary)
        if not text:
            raise ValidationError({"summary": _("请填写风险评估结论和防范措施。")})
        return {
            "risk_required": True,
            "risk_waiver_reason": "",
            "risk_assessed_on": assessed,
            "risk_level": level,
            "risk_summary": text,
        }

    return _preparation_step(decision, actor=actor, changes=changes)


def decision_waive_risk(decision: MajorDecision, *, actor: Any, reason: str) -> MajorDecision:
    """Record that the decision needs no risk assessment, and why."""
    return _waive_step(
        decision,
        actor=actor,
        reason=reason,
        step="risk",
        cleared={"risk_assessed_on": None, "risk_level": "", "risk_summary": ""},
        missing=_("请填写不需要风险评估的理由。"),
    )


def _preparation_step(
    decision: MajorDecision, *, actor: Any, changes: Callable[[], dict[str, Any]]
) -> MajorDecision:
    """Record a preparation step (expert argument, risk assessment) before the discussion: lock
    the decision, check who may and that it is not discussed yet, then write what ``changes``
    returns once it has checked the input."""
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_change(actor, locked)
        _require_before_discussion(locked)
        model_transition(locked, actor=actor, changes=changes(), derive=_settled)
    return locked


def _waive_step(
    decision: MajorDecision,
    *,
    actor: Any,
    reason: str,
    step: str,
    cleared: dict[str, Any],
    missing: Any,
) -> MajorDecision:
    """Record that ``step`` is not required, with the reason; its own record is cleared."""

    def changes() -> dict[str, Any]:
        text = _text(reason)
        if not text:
            raise ValidationError({"reason": missing})
        return {f"{step}_required": False, f"{step}_waiver_reason": text, **cleared}

    return _preparation_step(decision, actor=actor, changes=changes)


def decision_request_legality_review(
    decision: MajorDecision,
    *,
    actor: Any,
    received_on: date | None,
    due_on: date | None = None,
    adviser: Lawyer | None = None,
    reviewer: User | None = None,
    document: Any = None,
) -> ReviewRequest:
    """Send the draft for legality review (第二十四条): a review request of the kind 重大行政决策,
    with at least 7 working days (第二十七条). The request carries the decision's draft; a
    decision without a draft file may send a document of its own. Soliciting opinions never
    replaces it. A draft rejected (不同意) goes again only once amended.
    """
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_change(actor, locked)
        _require_before_discussion(locked)
        received_on = _date_required(received_on, "received_on", _("受理日期"))
        reviews = selectors.legality_reviews(locked)
        pending = next((r for r in reviews if r.status in selectors.OPEN_REVIEW), None)
        if pending is not None:
            raise ValidationError(
                _("已有正在进行的合法性审查（%(date)s送审），请待其出具意见。")
                % {"date": cn_date(pending.received_on)}
            )
        if selectors.favourable_review(locked, reviews) is not None:
            raise ValidationError(_("合法性审查已出具同意意见，无需再次送审。"))
        data: dict[str, Any] = {
            "title": (_("“%(title)s”合法性审查") % {"title": locked.title})[:200],
            "kind": ReviewRequest.Kind.MAJOR_DECISION,
            "department": locked.department,
            "major_decision": locked,
            "received_on": received_on,
            "due_on": due_on,
            "adviser": adviser,
            "reviewer": reviewer,
        }
        if document:
            data["document"] = document
            fingerprint_into(data, "document")
            if locked.draft and data["document_sha256"] != locked.draft_sha256:
                raise ValidationError(
                    {
                        "document": _(
                            "该决策事项已上传决策草案，送审的应为该草案；"
                            "草案已修改的，请先在决策事项中更换草案，再送审。"
                        )
                    }
                )
        elif locked.draft:
            data["document"] = locked.draft.name
            data["document_sha256"] = locked.draft_sha256
        sent = data.get("document_sha256", "")
        rejected = next(
            (r for r in reviews if selectors.is_rejected(r) and r.document_sha256 == sent), None
        )
        if rejected is not None:
            raise ValidationError(
                _(
                    "%(date)s的合法性审查结论为“不同意”，送审的决策草案未作修改："
                    "须修改决策草案后重新送审。"
                )
                % {"date": cn_date(rejected.completed_on)}
            )
        return _create_request(street=locked.street, actor=actor, data=data)


def decision_record_discussion(
    decision: MajorDecision,
    *,
    actor: Any,
    discussed_on: date | None,
    meeting_name: str,
    attendees: Iterable[User],
    head_spoke_last: bool,
    discussion_record: str,
    dissent: str = "",
    head_differs_reason: str = "",
    today: date | None = None,
) -> MajorDecision:
    """Record the collective discussion (第三十条): the meeting, who attended, what was said,
    the dissent; the head of the office speaks last, and where the decision the head means to
    make differs from the majority's opinion, the reason the head gave. Only after
    participation, expert argument, risk assessment and legality review are done or not
    required, and only by the office."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_decide(actor)
        _require_preparing(locked)
        if locked.status == MajorDecision.Status.CONSULTING:
            raise ValidationError(
                _("该决策事项正在征求意见（至%(date)s），须结束公众参与后再集体讨论。")
                % {"date": cn_date(locked.comment_closes_on)}
            )
        missing = selectors.missing_before_discussion(locked)
        if missing:
            raise ValidationError(
                _("集体讨论前须完成以下程序：%(steps)s。")
                % {"steps": _("、").join(str(s.label) for s in missing)}
            )
        discussed_on = _date_required(discussed_on, "discussed_on", _("集体讨论日期"))
        _not_after_today(discussed_on, "discussed_on", _("集体讨论日期"), today)
        if locked.comment_closes_on is not None and discussed_on <= locked.comment_closes_on:
            raise ValidationError(
                {
                    "discussed_on": _("集体讨论须在征求意见期满（%(date)s）之后。")
                    % {"date": cn_date(locked.comment_closes_on)}
                }
            )
        favourable = selectors.favourable_review(locked, selectors.legality_reviews(locked))
        _not_before(
            discussed_on,
            favourable.completed_on if favourable else None,
            "discussed_on",
            _("集体讨论日期不能早于合法性审查出具意见的日期（%(date)s）。"),
        )
        _not_before(
            discussed_on,
            locked.expert_held_on,
            "discussed_on",
            _("集体讨论日期不能早于专家论证日期（%(date)s）。"),
        )
        _not_before(
            discussed_on,
            locked.risk_assessed_on,
            "discussed_on",
            _("集体讨论日期不能早于风险评估日期（%(date)s）。"),
        )
        meeting_name, discussion_record = _text(meeting_name), _text(discussion_record)
        if not meeting_name:
            raise ValidationError({"meeting_name": _("请填写会议名称。")})
        attendees = list(attendees)
        if not attendees:
            raise ValidationError({"attendees": _("请选择出席人员。")})
        if any(u.street_id != locked.street_id for u in attendees):
            raise ValidationError({"attendees": _("出席人员须为本街道人员。")})
        if head_spoke_last is not True:
            raise ValidationError(
                {
                    "head_spoke_last": _(
                        "集体讨论时行政首长须最后发表意见（重大行政决策程序暂行条例第三十条）；"
                        "未按此程序讨论的，须重新讨论。"
                    )
                }
            )
        if not discussion_record:
            raise ValidationError({"discussion_record": _("请填写讨论情况。")})
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": MajorDecision.Status.DISCUSSION,
                "discussed_on": discussed_on,
                "meeting_name": meeting_name,
                "head_spoke_last": True,
                "discussion_record": discussion_record,
                "dissent": _text(dissent),
                "head_differs_reason": _text(head_differs_reason),
            },
            m2m={"attendees": attendees},
        )
    return locked


def decision_decide(
    decision: MajorDecision,
    *,
    actor: Any,
    decided_on: date | None,
    decision_text: str,
    today: date | None = None,
) -> MajorDecision:
    """Record the decision made on the collective discussion. Refused while any required
    step is missing: the message names them all."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_decide(actor)
        _require_preparing(locked)
        if locked.status == MajorDecision.Status.CONSULTING:
            raise ValidationError(
                _("该决策事项正在征求意见（至%(date)s），不能作出决定。")
                % {"date": cn_date(locked.comment_closes_on)}
            )
        missing = selectors.missing_before_decision(locked)
        if missing:
            raise ValidationError(
                _("尚未完成以下程序，不能作出决定：%(steps)s。")
                % {"steps": _("、").join(str(s) for s in missing)}
            )
        decided_on = _date_required(decided_on, "decided_on", _("决定日期"))
        _not_before(
            decided_on,
            locked.discussed_on,
            "decided_on",
            _("决定日期不能早于集体讨论日期（%(date)s）。"),
        )
        _not_after_today(decided_on, "decided_on", _("决定日期"), today)
        decision_text = _text(decision_text)
        if not decision_text:
            raise ValidationError({"decision_text": _("请填写决定内容。")})
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": MajorDecision.Status.DECIDED,
                "decided_on": decided_on,
                "decision_text": decision_text,
            },
        )
    return locked


def decision_publish(
    decision: MajorDecision,
    *,
    actor: Any,
    published_on: date | None,
    channel: str,
    today: date | None = None,
) -> MajorDecision:
    """Record the publication of the decision (第三十二条); it then shows on the public pages."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_decide(actor)
        if locked.status != MajorDecision.Status.DECIDED:
            raise ValidationError(
                _("只有已作出决定、尚未公布的决策才能登记公布（当前状态：%(status)s）。")
                % {"status": _decision_label(locked)}
            )
        published_on = _date_required(published_on, "published_on", _("公布日期"))
        _not_before(
            published_on,
            locked.decided_on,
            "published_on",
            _("公布日期不能早于决定日期（%(date)s）。"),
        )
        _not_after_today(published_on, "published_on", _("公布日期"), today)
        channel = _text(channel)
        if not channel:
            raise ValidationError({"channel": _("请填写公布渠道。")})
        model_transition(
            locked,
            actor=actor,
            changes={
                "status": MajorDecision.Status.PUBLISHED,
                "published_on": published_on,
                "publication_channel": channel,
            },
        )
    return locked


def decision_archive(
    decision: MajorDecision,
    *,
    actor: Any,
    archived_on: date | None,
    today: date | None = None,
) -> MajorDecision:
    """Record that the decision's files are archived (第三十四条), after publication."""
    today = _today(today)
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_decide(actor)
        if locked.status != MajorDecision.Status.PUBLISHED:
            raise ValidationError(
                _("只有已公布的决策才能归档（当前状态：%(status)s）。")
                % {"status": _decision_label(locked)}
            )
        archived_on = _date_required(archived_on, "archived_on", _("归档日期"))
        _not_before(
            archived_on,
            locked.published_on,
            "archived_on",
            _("归档日期不能早于公布日期（%(date)s）。"),
        )
        _not_after_today(archived_on, "archived_on", _("归档日期"), today)
        model_transition(
            locked,
            actor=actor,
            changes={"status": MajorDecision.Status.ARCHIVED, "archived_on": archived_on},
        )
    return locked


def decision_abandon(decision: MajorDecision, *, actor: Any, reason: str) -> MajorDecision:
    """Stop preparing a decision (决策终止); public comment ends with it."""
    with transaction.atomic():
        locked = _lock(decision)
        _require_may_decide(actor)
        _require_preparing(locked)
        reason = _text(reason)
        if not reason:
            raise ValidationError({"reason": _("请填写终止理由。")})
        model_transition(
            locked,
            actor=actor,
            changes={"status": MajorDecision.Status.ABANDONED, "abandon_reason": reason},
        )
    return locked
