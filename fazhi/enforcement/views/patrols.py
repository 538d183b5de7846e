"""Back-office pages of patrols (巡查): the list (filters, export), the record with the reports
and cases it produced, and the create and edit forms. A grid worker sees and records the own
grid's patrols only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import URLPattern, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from fazhi.core.access import perm_name
from fazhi.core.crud import Crud, Related
from fazhi.core.scoping import user_is_grid_scoped
from fazhi.enforcement.filters import reports as filters
from fazhi.enforcement.forms import reports as forms
from fazhi.enforcement.models import Patrol, Report
from fazhi.enforcement.selectors import reports as selectors
from fazhi.enforcement.services import patrols as services


def _create(data: dict[str, Any], *, street: Any, actor: Any) -> Patrol:
    return services.patrol_create(street=street, actor=actor, **data)


def _update(patrol: Patrol, data: dict[str, Any], *, actor: Any) -> Patrol:
    return services.patrol_update(patrol, actor=actor, **data)


def _report_link(request: HttpRequest, patrol: Patrol) -> list[tuple[Any, Any]]:
    """A button to report a problem found on this patrol, for those who may report."""
    user: Any = request.user
    if not user.has_perm(perm_name(Report, "add")):
        return []
    if user_is_grid_scoped(user):
        url = f"{reverse('enforcement:report_phone')}?{urlencode({'patrol': patrol.pk})}"
    else:
        query = urlencode({"source": Report.Source.PATROL, "patrol": patrol.pk})
        url = f"{reverse('enforcement:report_create')}?{query}"
    return [
        (
            _("上报问题"),
            format_html('<a class="button" href="{}">{}</a>', url, _("上报巡查发现的问题")),
        )
    ]


PATROL = Crud(
    model=Patrol,
    name="patrol",
    namespace="enforcement",
    list_fields=["started_at", "grid", "key_area", "campaign", "members", "problems_found"],
    export_fields=[
        "started_at",
        "ended_at",
        "grid",
        "key_area",
        "campaign",
        "members",
        "route",
        "findings",
        "problems_found",
    ],
    detail_fields=[
        "started_at",
        "ended_at",
        "grid",
        "key_area",
        "campaign",
        "members",
        "route",
        "findings",
        "problems_found",
    ],
    filterset=filters.PatrolFilter,
    form_class=forms.PatrolForm,
    selector=selectors.patrol_list,
    create=_create,
    update=_update,
    delete=None,
    detail_rows=_report_link,
    help_text=gettext_lazy(
        "巡查记录写明巡查人员、时间、网格或重点区域、路线和巡查情况；巡查中发现的问题可在记录页面"
        "直接上报为问题线索。网格员只能查看和登记本网格的巡查。"
    ),
    related=[
        Related(
            pgettext_lazy("plural", "问题线索"),
            selectors.patrol_reports,
            ["reported_at", "category", "address", "status"],
            "enforcement:report_detail",
        ),
        Related(
            pgettext_lazy("plural", "执法案件"),
            selectors.patrol_cases,
            ["number", "category", "location", "status"],
            "enforcement:case_detail",
        ),
    ],
)

urlpatterns: list[URLPattern] = [
    p for p in PATROL.urls() if getattr(p, "name", "") != "patrol_delete"
]
