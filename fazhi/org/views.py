"""Back-office pages for people and places, described once each with ``Crud``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.crud import Crud, Related
from fazhi.core.forms import form_page
from fazhi.org import filters, forms, geojson, selectors, services
from fazhi.org.models import (
    Department,
    Grid,
    GridWorker,
    LeadingGroup,
    LeadingGroupMeeting,
    LeadingGroupMember,
    Village,
)


def _create(service: Any) -> Any:
    def create(data: dict[str, Any], *, street: Any, actor: Any) -> Any:
        return service(street=street, actor=actor, **data)

    return create


def _update(obj: Any, data: dict[str, Any], *, actor: Any) -> Any:
    return services.record_update(obj, actor=actor, **data)


def _grid_rows(request: HttpRequest, grid: Grid) -> list[tuple[Any, Any]]:
    # The boundary is a GeoJSON document: the page says what it is, the download gives it.
    return [(gettext_lazy("网格边界"), geojson.describe(grid.boundary))]


def _meeting_update(obj: Any, data: dict[str, Any], *, actor: Any) -> Any:
    return services.meeting_update(obj, actor=actor, **data)


ENTITIES = [
    Crud(
        model=Department,
        name="department",
        namespace="org",
        list_fields=["name", "head_name", "phone", "is_active"],
        filterset=filters.DepartmentFilter,
        form_class=forms.DepartmentForm,
        selector=selectors.department_list,
        create=_create(services.department_create),
        update=_update,
        delete=services.record_delete,
        related=[
            Related(
                gettext_lazy("部门人员"),
                lambda d: d.users.filter(is_active=True),
                ["full_name", "title", "phone"],
            )
        ],
    ),
    Crud(
        model=Village,
        name="village",
        namespace="org",
        list_fields=["name", "kind", "address", "phone", "established_on", "dissolved_on"],
        filterset=filters.VillageFilter,
        form_class=forms.VillageForm,
        selector=selectors.village_list,
        create=_create(services.village_create),
        update=_update,
        delete=services.record_delete,
        related=[
            Related(
                pgettext_lazy("plural", "网格"),
                lambda v: v.grids.all(),
                ["code", "name", "established_on", "dissolved_on"],
                "org:grid_detail",
            )
        ],
    ),
    Crud(
        model=Grid,
        name="grid",
        namespace="org",
        list_fields=[
            "code",
            "name",
            "village",
            "area_description",
            "established_on",
            "dissolved_on",
        ],
        detail_fields=[
            "code",
            "name",
            "village",
            "area_description",
            "established_on",
            "dissolved_on",
        ],
        detail_rows=_grid_rows,
        filterset=filters.GridFilter,
        form_class=forms.GridForm,
        selector=selectors.grid_list,
        create=_create(services.grid_create),
        update=_update,
        delete=services.record_delete,
        related=[
            Related(
                pgettext_lazy("plural", "网格员"),
                lambda g: g.workers.all(),
                ["name", "kind", "phone", "started_on", "ended_on"],
                "org:gridworker_detail",
            )
        ],
    ),
    Crud(
        model=GridWorker,
        name="gridworker",
        namespace="org",
        list_fields=["name", "grid", "kind", "gender", "phone", "started_on", "ended_on"],
        filterset=filters.GridWorkerFilter,
        form_class=forms.GridWorkerForm,
        selector=selectors.grid_worker_list,
        create=_create(services.grid_worker_create),
        update=_update,
        delete=services.record_delete,
        help_text=gettext_lazy(
            "网格员离岗时请填写离岗日期，不要删除记录：以往年度的统计仍需要它。"
        ),
    ),
    Crud(
        model=LeadingGroup,
        name="leadinggroup",
        namespace="org",
        list_fields=["name", "established_on", "document_no", "office_location"],
        filterset=filters.LeadingGroupFilter,
        form_class=forms.LeadingGroupForm,
        selector=selectors.leading_group_list,
        create=_create(services.leading_group_create),
        update=_update,
        delete=services.record_delete,
        related=[
            Related(
                pgettext_lazy("plural", "成员"),
                lambda g: g.members.select_related("user").filter(left_on__isnull=True),
                ["position", "user", "title", "appointed_on"],
                "org:leadinggroupmember_detail",
            ),
            Related(
                gettext_lazy("会议"),
                lambda g: g.meetings.all(),
                ["held_on", "title", "kind"],
                "org:leadinggroupmeeting_detail",
            ),
        ],
    ),
    Crud(
        model=LeadingGroupMember,
        name="leadinggroupmember",
        namespace="org",
        list_fields=["user", "position", "title", "group", "appointed_on", "left_on"],
        filterset=filters.LeadingGroupMemberFilter,
        form_class=forms.LeadingGroupMemberForm,
        selector=selectors.leading_group_member_list,
        create=_create(services.leading_group_member_create),
        update=_update,
        delete=services.record_delete,
    ),
    Crud(
        model=LeadingGroupMeeting,
        name="leadinggroupmeeting",
        namespace="org",
        list_fields=["held_on", "title", "kind", "place", "chaired_by"],
        detail_fields=[
            "title",
            "kind",
            "held_on",
            "place",
            "group",
            "chaired_by",
            "topics",
            "attendees",
            "decisions",
        ],
        export_fields=[
            "held_on",
            "title",
            "kind",
            "place",
            "chaired_by",
            "topics",
            "attendees",
            "decisions",
        ],
        filterset=filters.MeetingFilter,
        form_class=forms.MeetingForm,
        selector=selectors.meeting_list,
        create=_create(services.meeting_create),
        update=_meeting_update,
        delete=services.record_delete,
    ),
]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def street_detail(request: HttpRequest) -> HttpResponse:
    """The user's own street: its particulars, editable by the office and the system admin."""
    user = request.user
    if user.street_id is None:
        return render(
            request,
            "core/error.html",
            {"status": 404, "title": _("您的账号未归属任何街道")},
            status=404,
        )
    street = selectors.get_street_for_user(user, user.street_id, write=request.method == "POST")
    form = forms.StreetForm(request.POST or None, instance=street, user=user)
    today = timezone.localdate()
    counts = {
        "departments": Department.objects.for_user(user).filter(is_active=True).count(),
        "villages": Village.objects.for_user(user).active_on(today).count(),
        "grids": Grid.objects.for_user(user).active_on(today).count(),
        "workers": GridWorker.objects.for_user(user).active_on(today).count(),
    }
    return form_page(
        request,
        form,
        template="org/street_detail.html",
        context={
            "street": street,
            "counts": counts,
            "can_change": user.has_perm("org.change_street"),
        },
        action=lambda data: services.record_update(street, actor=user, **data),
        success=lambda _street: (_("已保存街道概况。"), reverse("org:street_detail")),
        on_invalid=street.refresh_from_db,
    )
