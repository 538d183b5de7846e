"""Object access: 404 for what the user may not see, 403 for what they may see but not change."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

M = TypeVar("M", bound=models.Model)


def perm_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def require_perm(user: Any, model: type[models.Model], action: str) -> None:
    if not user.has_perm(perm_name(model, action)):
        raise PermissionDenied(
            f"无权{ACTION_LABELS.get(action, action)}{model._meta.verbose_name}。"
        )


ACTION_LABELS = {"view": "查看", "add": "新增", "change": "修改", "delete": "删除"}


def get_for_user(
    model: type[M], user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> M:
    """The record ``pk`` of ``model`` as ``user`` may see it; raises 404 or 403."""
    require_perm(user, model, "view")
    try:
        obj = model.objects.for_user(user).get(pk=pk)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404(f"{model._meta.verbose_name}不存在或不在您的管辖范围内。") from None
    if write:
        require_perm(user, model, action)
    return obj
