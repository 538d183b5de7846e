"""Back-office pages of the enforcement configuration: the violation catalogue, key areas,
enforcement bodies with their powers (事前公开), and the street's enforcement settings.

The system administrator writes them; everyone else who works on enforcement reads them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import perm_name
from fazhi.core.crud import Crud, Related
from fazhi.core.display import display_value, field_label
from fazhi.core.forms import form_page
from fazhi.enforcement.filters import registry as filters
from fazhi.enforcement.forms import registry as forms
from fazhi.enforcement.models import (
    EnforcementBody,
    EnforcementPower,
    EnforcementSettings,
    KeyArea,
    ViolationCategory,
)
from fazhi.enforcement.selectors import registry as selectors
from fazhi.enforcement.services import registry as services

NAMESPACE = "enforcement"


def _create(service: Any) -> Any:
    def create(data: dict[str, Any], *, street: Any, actor: Any) -> Any:
        return service(street=street, actor=actor, **data)

    return create


def _update(service: Any) -> Any:
    def update(obj: Any, data: dict[str, Any], *, actor: Any) -> Any:
        return service(obj, actor=actor, **data)

    return update


VIOLATION_CATEGORY = Crud(
    model=ViolationCategory,
    name="violationcategory",
    namespace=NAMESPACE,
    list_fields=["code", "name", "penalty_range", "fine_min", "fine_max", "in_use"],
    export_fields=[
        "code",
        "name",
        "legal_basis",
        "penalty_basis",
        "penalty_range",
        "fine_min",
        "fine_max",
        "in_use",
    ],
    detail_fields=[
        "code",
        "name",
        "legal_basis",
        "penalty_basis",
        "penalty_range",
        "fine_min",
        "fine_max",
        "in_use",
    ],
    filterset=filters.ViolationCategoryFilter,
    form_class=forms.ViolationCategoryForm,
    selector=selectors.violation_category_list,
    create=_create(services.violation_category_create),
    update=_update(services.violation_category_update),
    delete=services.violation_category_delete,
    help_text=gettext_lazy(
        "违法行为目录由系统管理员维护。已有问题线索或案件使用的类别不能删除，"
        "不再使用时请取消“在用”：新的线索和案件不能再选择它，已有记录不受影响。"
    ),
)

KEY_AREA = Crud(
    model=KeyArea,
    name="keyarea",
    namespace=NAMESPACE,
    list_fields=["name", "kind", "village", "in_use"],
    detail_fields=["name", "kind", "village", "description", "in_use"],
    filterset=filters.KeyAreaFilter,
    form_class=forms.KeyAreaForm,
    selector=selectors.key_area_list,
    create=_create(services.key_area_create),
    update=_update(services.key_area_update),
    delete=services.key_area_delete,
    help_text=gettext_lazy(
        "重点区域用于巡查、案件、门前三包和专项治理。已被使用的区域不能删除，不再使用时请取消“在用”。"
    ),
    related=[
        Related(
            pgettext_lazy("plural", "巡查记录"),
            lambda area: area.patrols.select_related("grid"),
            ["started_at", "grid", "route", "problems_found"],
            "enforcement:patrol_detail",
        ),
    ],
)

ENFORCEMENT_BODY = Crud(
    model=EnforcementBody,
    name="enforcementbody",
    namespace=NAMESPACE,
    list_fields=["name", "address", "phone", "supervision_phone", "order"],
    detail_fields=["name", "legal_basis", "address", "phone", "supervision_phone", "order"],
    filterset=filters.EnforcementBodyFilter,
    form_class=forms.EnforcementBodyForm,
    selector=selectors.enforcement_body_list,
    create=_create(services.enforcement_body_create),
    update=_update(services.enforcement_body_update),
    delete=services.enforcement_body_delete,
    help_text=gettext_lazy(
        "执法主体及其职权在执法公示页面事前公开：名称、主体资格依据、办公地址、咨询和监督电话，"
        "以及每项职权的类别和法律依据。"
    ),
    related=[
        Related(
            pgettext_lazy("plural", "执法职权"),
            lambda body: body.powers.all(),
            ["name", "kind", "legal_basis"],
            "enforcement:enforcementpower_detail",
        ),
    ],
)

ENFORCEMENT_POWER = Crud(
    model=EnforcementPower,
    name="enforcementpower",
    namespace=NAMESPACE,
    list_fields=["name", "body", "kind", "order"],
    export_fields=["body", "kind", "name", "legal_basis", "order"],
    detail_fields=["body", "kind", "name", "legal_basis", "order"],
    filterset=filters.EnforcementPowerFilter,
    form_class=forms.EnforcementPowerForm,
    selector=selectors.enforcement_power_list,
    create=_create(services.enforcement_power_create),
    update=_update(services.enforcement_power_update),
    delete=services.enforcement_power_delete,
)

ENTITIES = [VIOLATION_CATEGORY, KEY_AREA, ENFORCEMENT_BODY, ENFORCEMENT_POWER]


# --- The street's settings -------------------------------------------------------------------

_SETTINGS_FIELDS = forms.EnforcementSettingsForm.Meta.fields


@login_required
@require_http_methods(["GET", "HEAD"])
def settings_view(request: HttpRequest) -> HttpResponse:
    """The street's enforcement settings as they apply now (the law's defaults until saved)."""
    user: Any = request.user
    current = selectors.street_settings(user)
    rows = [
        (field_label(EnforcementSettings, name), display_value(current, name))
        for name in _SETTINGS_FIELDS
    ]
    return render(
        request,
        "enforcement/registry_settings.html",
        {
            "settings": current,
            "rows": rows,
            "saved": current.pk is not None,
            "can_change": user.has_perm(perm_name(EnforcementSettings, "change")),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """Change the street's settings; the first save creates the street's row."""
    user: Any = request.user
    current = selectors.street_settings(user, write=True)
    form = forms.EnforcementSettingsForm(request.POST or None, instance=current, user=user)
    url = reverse("enforcement:settings")
    return form_page(
        request,
        form,
        template="enforcement/registry_settings_form.html",
        context={"settings_url": url},
        action=lambda data: services.enforcement_settings_save(
            street=user.street, actor=user, **data
        ),
        success=lambda _result: (_("已保存本街道的执法设置。"), url),
    )


urlpatterns: list[URLPattern] = [
    path("settings/", settings_view, name="settings"),
    path("settings/edit/", settings_edit, name="settings_edit"),
]
for _crud in ENTITIES:
    urlpatterns += _crud.urls()
