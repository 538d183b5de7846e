"""执法决定公示 (publicity after the decision): a decided case's notice written masked, within
the working-day limit; a changed or revoked decision withdrawn within its limit, the reason shown.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.formats import cn_date
from fazhi.core.language import product_language
from fazhi.core.masking import Find, MaskedText, mask_text
from fazhi.core.services import model_create, model_transition
from fazhi.enforcement import deadlines
from fazhi.enforcement.masking import mask_case_text, public_party, recorded
from fazhi.enforcement.models import Case, CaseStep, EnforcementSettings, Publication
from fazhi.enforcement.services.cases import penalty_text, step_moment, yuan, yuan_in_text
from fazhi.enforcement.services.workflow import advance
from fazhi.org.models import User

# A decision stands from its making on, whatever the later steps.
DECIDED_STATES = (
    Case.Status.DECIDED,
    Case.Status.SERVED,
    Case.Status.EXECUTED,
    Case.Status.CLOSED,
    Case.Status.ARCHIVED,
)
ALL_STATES = tuple(Case.Status.values)


# Words that show a typed decision states its penalty itself (by kind; a fine by its amount).
_STATED_BY: dict[str, tuple[str, ...]] = {
    Case.PenaltyKind.WARNING: ("警告",),
    Case.PenaltyKind.CRITICISM: ("通报批评",),
    Case.PenaltyKind.FINE: ("罚款",),
    Case.PenaltyKind.CONFISCATION: ("没收",),
    Case.PenaltyKind.LICENCE: ("暂扣", "吊销", "降低资质"),
    Case.PenaltyKind.RESTRICTION: ("限制", "停产停业", "责令关闭"),
}


def _states_penalty(text: str, case: Case) -> bool:
    words = _STATED_BY.get(case.penalty_kind, ())
    kind_stated = not words or any(word in text for word in words)
    if case.fine is None:
        return kind_stated
    amount = yuan(case.fine)
    return kind_stated and (f"罚款{amount}元" in text or f"罚款人民币{amount}元" in text)


@product_language()
def conclusion_text(case: Case) -> str:
    """执法结论 as written, the penalty stated once (``penalty_text``): 行政处罚：罚款500元。
    followed by the officers' decision text; where that text states the penalty itself (its
    kind, and the fine in figures), the text alone (行政处罚：责令改正，并处罚款500元。), its
    amounts written as ``penalty_text`` writes them; a decision without penalty in its own
    words. In the product's language whatever the publishing officer's. The
    on-the-spot decision's text is the whole decision (party, place, remedies): its penalty
    is taken from the fields alone."""
    own = ""
    if case.procedure == Case.Procedure.GENERAL:
        own = yuan_in_text((case.decision_text or "").strip())
    if case.outcome != Case.Outcome.PENALTY:
        return own or (str(case.get_outcome_display()) if case.outcome else "")
    penalty = penalty_text(case.penalty_kind, case.fine)
    if own and _states_penalty(own, case):
        body = own
    else:
        body = _("%(penalty)s。%(text)s") % {"penalty": penalty, "text": own} if penalty else own
    return (
        _("行政处罚：%(decision)s") % {"decision": body}
        if body
        else str(case.get_outcome_display())
    )


def public_conclusion(case: Case) -> str:
    """执法结论 as published: ``conclusion_text`` masked."""
    return mask_case_text(conclusion_text(case), case).text


def publication_texts(case: Case) -> dict[str, MaskedText]:
    """The party, the facts and the conclusion as they will be published, with what the masking
    found in each (the publishing page marks the masks, the uncertain ones apart)."""
    if case.party_kind == Case.PartyKind.INDIVIDUAL:
        party = mask_text(case.party_name, recorded(case))
    else:
        party = mask_case_text(case.party_name, case)
    return {
        "party": party,
        "facts": mask_case_text(case.facts, case),
        "conclusion": mask_case_text(conclusion_text(case), case),
    }


def publication_uncertain(case: Case) -> list[Find]:
    """What the masking only guessed at in ``case``'s published texts (masked all the same):
    the publisher confirms having checked these before publishing."""
    return [find for text in publication_texts(case).values() for find in text.uncertain]


def publication_refusal(case: Case) -> str:
    """Why ``case``'s decision cannot be published now (empty if it can)."""
    if case.status not in DECIDED_STATES or case.decided_on is None:
        return _("案件尚未作出决定，不能公示。")
    if Publication.objects.filter(case=case).exists():
        return _("该案件的决定已经公示，不能重复公示。")
    if case.decision_changed_on is not None:
        return _("该决定已于%(date)s变更或撤销，不再公示原决定。") % {
            "date": cn_date(case.decision_changed_on)
        }
    return ""


def publication_publish(
    *,
    actor: User,
    case: Case,
    today: date | None = None,
    now: datetime | None = None,
    uncertain_checked: bool = False,
) -> Publication:
    """Publish the decision of ``case`` on the portal (once); the text is masked as written.

    Where the masking only guessed at a piece of personal data (``publication_uncertain``),
    the publisher must have checked the marked pieces (``uncertain_checked``).
    On time when published on or before ``case.publish_due_on``; a late one is kept as late.
    The step is recorded at ``now`` when that is on ``today``, else as a step of that day
    (``step_moment``): a publication entered afterwards does not follow the case's archiving."""
    today = today or timezone.localdate()
    occurred_at = step_moment(case, today, now or timezone.now())

    def check(locked: Case) -> None:
        refusal = publication_refusal(locked)
        if refusal:
            raise ValidationError(refusal, code="cannot_publish")
        if locked.decided_on and today < locked.decided_on:
            raise ValidationError(_("公示日期不能早于决定日期。"))
        if not uncertain_checked and publication_uncertain(locked):
            raise ValidationError(
                _(
                    "公示内容中有标记的疑似个人信息，请逐一核对后勾选“已核对标记的疑似个人信息”，再公示。"
                ),
                code="unchecked",
            )

    with product_language():
        record = _("在门户网站公示执法决定，公示日期%(date)s。") % {"date": cn_date(today)}
    with transaction.atomic():
        locked, _step = advance(
            case,
            actor=actor,
            kind=CaseStep.Kind.PUBLISH,
            action=_("公示决定"),
            allowed=DECIDED_STATES,
            to_state=None,
            record=record,
            check=check,
            occurred_at=occurred_at,
        )
        assert locked.decided_on is not None
        settings = EnforcementSettings.for_street(locked.street_id)
        with product_language():  # the published text, whatever the officer's language
            data = {
                "case": locked,
                "authority": settings.authority()[:100],
                "party": public_party(locked)[:100],
                "facts": mask_case_text(locked.facts, locked).text,
                "category": locked.category.name[:100],
                "conclusion": public_conclusion(locked) or str(locked.get_outcome_display()),
                "decision_no": locked.decision_no,
                "decided_on": locked.decided_on,
                "published_on": today,
                "published_by": actor,
            }
        return model_create(Publication, actor=actor, data=data)


def case_record_decision_change(*, actor: User, case: Case, changed_on: date, reason: str) -> Case:
    """Record that the decision of ``case`` was changed or revoked on ``changed_on`` and why.

    A publication still shown gets its withdrawal deadline (3 working days by default)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明决定变更或撤销的理由。")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("理由不能超过300字。")})
    if changed_on > timezone.localdate():
        raise ValidationError({"changed_on": _("变更或撤销日期不能晚于今天。")})
    settings = EnforcementSettings.for_street(case.street_id)
    withdraw_due = deadlines.withdrawal_due(changed_on, settings)  # refused before any write

    def check(locked: Case) -> None:
        if locked.decided_on is None:
            raise ValidationError(_("案件尚未作出决定。"))
        if changed_on < locked.decided_on:
            raise ValidationError({"changed_on": _("变更或撤销日期不能早于决定日期。")})
        if locked.decision_changed_on is not None:
            raise ValidationError(
                _("已于%(date)s登记该决定变更或撤销。")
                % {"date": cn_date(locked.decision_changed_on)}
            )

    with product_language():
        record = _("决定于%(date)s变更或撤销：%(reason)s") % {
            "date": cn_date(changed_on),
            "reason": reason,
        }
    with transaction.atomic():
        locked, _step = advance(
            case,
            actor=actor,
            kind=CaseStep.Kind.DECISION_CHANGE,
            action=_("登记决定变更或撤销"),
            allowed=DECIDED_STATES,
            to_state=None,
            changes={"decision_changed_on": changed_on, "decision_change_reason": reason},
            record=record,
            check=check,
        )
        publication = (
            Publication._base_manager.select_for_update()
            .filter(case=locked, withdrawn_on__isnull=True)
            .first()
        )
        if publication is not None:
            model_transition(
                publication,
                actor=actor,
                changes={"withdraw_due_on": withdraw_due},
                extra={"reason": reason},
            )
    return locked


def publication_withdraw(
    *, actor: User, publication: Publication, reason: str, today: date | None = None
) -> Publication:
    """Take ``publication`` down: the portal shows 已撤下 and the reason, not the content."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请写明撤下公示的理由。")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("理由不能超过300字。")})
    with product_language():
        record = _("撤下公示：%(reason)s") % {"reason": reason}
    with transaction.atomic():
        locked = Publication._base_manager.select_for_update().get(pk=publication.pk)
        if locked.withdrawn_on is not None:
            raise ValidationError(
                _("该公示已于%(date)s撤下。") % {"date": cn_date(locked.withdrawn_on)}
            )
        if today < locked.published_on:
            raise ValidationError(_("撤下日期不能早于公示日期。"))
        advance(
            locked.case_id,
            actor=actor,
            kind=CaseStep.Kind.WITHDRAW,
            action=_("撤下公示"),
            allowed=ALL_STATES,
            to_state=None,
            record=record,
        )
        model_transition(
            locked,
            actor=actor,
            changes={"withdrawn_on": today, "withdraw_reason": reason, "withdrawn_by": actor},
        )
    return locked
