"""Reads of the audit log for the auditor (审计员)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from fazhi.audit.models import AuditEntry
from fazhi.core.access import Refusal

VIEW_PERM = "audit.view_auditentry"


def entry_list(user: Any) -> QuerySet[AuditEntry]:
    """The rows ``user`` may read, newest first: a street's auditor only the own street's.

    Rows of no street (failed logins under unknown names, a superuser's work) are read by a
    superuser only: every street's auditor seeing them would show each street the others'
    traffic. Raises PermissionDenied for anyone without the auditor's permission.
    """
    if not user.has_perm(VIEW_PERM):
        raise PermissionDenied(Refusal(_("只有审计员可以查看审计日志。")))
    qs = AuditEntry.objects.select_related("street").order_by("-seq")
    if user.is_superuser:
        return qs
    if user.street_id is None:
        return qs.none()
    return qs.filter(street_id=user.street_id)


def get_entry_for_user(user: Any, seq: int) -> AuditEntry:
    """One row by its 序号: 403 without the permission, 404 outside the auditor's street."""
    try:
        return entry_list(user).get(seq=seq)
    except AuditEntry.DoesNotExist:
        raise Http404(Refusal(_("审计记录不存在或不在您的查看范围内。"))) from None
