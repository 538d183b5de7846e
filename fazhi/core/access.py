"""Object access: 404 for what the user may not see, 403 for what they may see but not change."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

M = TypeVar("M", bound=models.Model)


class Refusal(str):
    """A 403 or 404 reason worded for the user: the error page shows it in any language.

    Django's own reasons (``get_object_or_404`` and the like) are not marked and stay hidden.
    """


def perm_name(model: type[models.Model], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def require_perm(user: Any, model: type[models.Model], action: str) -> None:
    if not user.has_perm(perm_name(model, action)):
        raise PermissionDenied(
            Refusal(
                _("无权%(action)s%(name)s。")
                % {"action": ACTION_LABELS.get(action, action), "name": model._meta.verbose_name}
            )
        )


# The verb of "无权查看网格。": its own context, as the same words label buttons elsewhere.
ACTION_LABELS = {
    "view": pgettext_lazy("permission", "查看"),
    "add": pgettext_lazy("permission", "新增"),
    "change": pgettext_lazy("permission", "修改"),
    "delete": pgettext_lazy("permission", "删除"),
}


def get_for_user(
    model: type[M], user: Any, pk: Any, *, write: bool = False, action: str = "change"
) -> M:
    """The record ``pk`` of ``model`` as ``user`` may see it; raises 404 or 403."""
    require_perm(user, model, "view")
    try:
        obj = model.objects.for_user(user).get(pk=pk)  # type: ignore[attr-defined]
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404(
            Refusal(
                _("%(name)s不存在或不在您的管辖范围内。")
                % {"name": capfirst(str(model._meta.verbose_name))}
            )
        ) from None
    if write:
        require_perm(user, model, action)
    return obj
