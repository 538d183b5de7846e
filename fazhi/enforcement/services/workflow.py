"""The one way a case changes state: lock the row, check the state it starts from, apply the
changes, validate, save, write the whole-process record (``CaseStep``) and the audit row — all
in the caller's transaction. Every transition service of ``cases``, ``legal_review`` and
``publication`` goes through ``advance``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.services import full_clean, model_transition
from fazhi.enforcement.models import Case, CaseStep
from fazhi.org.models import User

_CLEAN_RELATED = ("category", "grid", "key_area", "campaign", "frontage_unit")


def lock_case(case: Case | int) -> Case:
    """The case's row, locked until the end of the transaction (call inside ``atomic``)."""
    pk = case if isinstance(case, int) else case.pk
    # The records ``Case.clean`` checks against the case's street come in the same query
    # (validating each step would fetch them one by one); only the case's own row is locked.
    return (
        Case._base_manager.select_for_update(of=("self",))
        .select_related(*_CLEAN_RELATED)
        .get(pk=pk)
    )


def require_state(locked: Case, allowed: Iterable[str], action: str) -> None:
    """Refuse ``action`` unless the case is in one of ``allowed`` states."""
    allowed = tuple(allowed)
    if locked.status not in allowed:
        names = _("、").join(str(Case.Status(s).label) for s in allowed)
        raise ValidationError(
            _("案件当前状态为“%(status)s”，不能%(action)s（须为%(allowed)s）。")
            % {"status": locked.get_status_display(), "action": action, "allowed": names},
            code="invalid_state",
        )


def advance(
    case: Case | int,
    *,
    actor: User,
    kind: str,
    action: str,
    allowed: Iterable[str],
    to_state: str | None,
    changes: Mapping[str, Any] | None = None,
    m2m: Mapping[str, Iterable[Any]] | None = None,
    record: str = "",
    occurred_at: datetime | None = None,
    check: Any = None,
) -> tuple[Case, CaseStep]:
    """Take one step of the case.

    ``kind`` is a ``CaseStep.Kind``; ``action`` names the step in the refusal (“立案”);
    ``allowed`` the states it may start from; ``to_state`` the state it leaves the case in
    (None: unchanged); ``check(locked)`` may refuse with a ValidationError after the state is
    checked and before anything is written. Returns the locked, saved case and its step.
    """
    with transaction.atomic():
        locked = lock_case(case)
        require_state(locked, allowed, action)
        if check is not None:
            check(locked)
        before = locked.status
        data = dict(changes or {})
        if to_state is not None:
            data["status"] = to_state
        step = CaseStep(
            case=locked,
            kind=kind,
            occurred_at=occurred_at or timezone.now(),
            actor=actor,
            record=(record or "").strip(),
            status_before=before,
            status_after=to_state or before,
        )
        full_clean(step, exclude=["case"])
        model_transition(
            locked,
            actor=actor,
            changes=data,
            m2m=m2m,
            extra={"step": str(CaseStep.Kind(kind).label), "record": step.record},
        )
        step.save()
    return locked, step
