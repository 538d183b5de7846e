"""The time limits of an enforcement case, counted in one place.

Calendar days: the decision within 90 days of filing (行政处罚法第六十条), extended at most 60
days beyond (the office's rule for an approved extension), the hearing request
within 5 days of the notice and the hearing notice 7 days ahead (第六十四条). Working days, by
the official holiday calendar (``core.workdays``): legal review, publication of decisions
(penalty decisions 7, others 20) and withdrawal of a changed or revoked decision (3), each
configurable per street in ``EnforcementSettings``.

A working-day limit in a year no calendar knows raises ``CalendarUnknown`` (a ValidationError
with the Chinese message): the service refuses rather than guess.
"""

from __future__ import annotations

from datetime import date, timedelta

from fazhi.core.workdays import WorkCalendar, add_workdays
from fazhi.enforcement.models import (
    DECISION_DAYS,
    DECISION_DUE_SOON_DAYS,
    DECISION_EXTENSION_MAX_DAYS,
    HEARING_NOTICE_DAYS,
    HEARING_REQUEST_DAYS,
    Case,
    EnforcementSettings,
)


def decision_due(filed_on: date) -> date:
    """The last day for the decision: the 90th day after filing."""
    return filed_on + timedelta(days=DECISION_DAYS)


def decision_extension_last_day(filed_on: date) -> date:
    """The latest decision deadline an extension may set: 60 days after the statutory one."""
    return decision_due(filed_on) + timedelta(days=DECISION_EXTENSION_MAX_DAYS)


def decision_due_soon_from(today: date) -> date:
    """Cases whose decision is due on or before this day (and not yet overdue) are 即将到期."""
    return today + timedelta(days=DECISION_DUE_SOON_DAYS)


def hearing_request_last_day(notified_on: date) -> date:
    """The last day the party may request a hearing."""
    return notified_on + timedelta(days=HEARING_REQUEST_DAYS)


def hearing_earliest_day(notice_on: date) -> date:
    """The earliest day a hearing may be held when the party was told on ``notice_on``."""
    return notice_on + timedelta(days=HEARING_NOTICE_DAYS)


def review_due(
    submitted_on: date,
    settings: EnforcementSettings,
    calendar: WorkCalendar | None = None,
) -> date:
    """The last day of the legal review."""
    return add_workdays(submitted_on, settings.review_workdays, calendar)


def publication_due(
    decided_on: date,
    outcome: str,
    settings: EnforcementSettings,
    calendar: WorkCalendar | None = None,
) -> date:
    """The last day to publish a decision: penalty decisions within 7 working days, other
    enforcement decisions within 20 (by default)."""
    days = (
        settings.publish_penalty_workdays
        if outcome == Case.Outcome.PENALTY
        else settings.publish_other_workdays
    )
    return add_workdays(decided_on, days, calendar)


def withdrawal_due(
    changed_on: date,
    settings: EnforcementSettings,
    calendar: WorkCalendar | None = None,
) -> date:
    """The last day to withdraw the publication of a decision changed or revoked on
    ``changed_on``."""
    return add_workdays(changed_on, settings.withdraw_workdays, calendar)
