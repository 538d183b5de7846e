"""Back-office pages of 门前三包: the register of responsibility units (list, form, the unit's
history page with its letter, self-checks and the cases found at its frontage), the letter's
download, and the self-checks (list, entry from the unit's page, correction).

A grid worker sees the own grid's units and records their self-checks; the office and the
enforcement officers keep the register.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import perm_name, require_perm
from fazhi.core.crud import Column, Crud
from fazhi.core.display import display_value, field_label
from fazhi.core.files import serve_document
from fazhi.core.formats import cn_date
from fazhi.core.forms import form_page
from fazhi.enforcement.filters import frontage as filters
from fazhi.enforcement.forms import frontage as forms
from fazhi.enforcement.models import Case, FrontageSelfCheck, FrontageUnit
from fazhi.enforcement.selectors import frontage as selectors
from fazhi.enforcement.services import frontage as services

_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _unit_create(data: dict[str, Any], *, street: Any, actor: Any) -> FrontageUnit:
    return services.frontage_unit_create(street=street, actor=actor, **data)


def _unit_update(unit: FrontageUnit, data: dict[str, Any], *, actor: Any) -> FrontageUnit:
    return services.frontage_unit_update(unit, actor=actor, **data)


def _check_create(data: dict[str, Any], *, street: Any, actor: Any) -> FrontageSelfCheck:
    return services.frontage_self_check_create(actor=actor, **data)


def _check_update(check: FrontageSelfCheck, data: dict[str, Any], *, actor: Any) -> Any:
    return services.frontage_self_check_update(check, actor=actor, **data)


def _failed_flag(unit: FrontageUnit) -> Any:
    failed = getattr(unit, "failed_checks", 0)
    if not failed:
        return ""
    return format_html('<span class="badge bad">{}</span>', _("不达标%(n)s次") % {"n": failed})


def _last_checked(unit: FrontageUnit) -> str:
    return cn_date(getattr(unit, "last_checked_on", None)) or _("尚未自查")


def _unit_help(request: HttpRequest) -> Any:
    text = _(
        "门前三包：市容整洁、环境卫生、秩序良好。单位迁出或停业的，请取消“在册”，不要删除："
        "其自查记录和门前发现的违法行为仍需保留。"
    )
    checks = reverse("enforcement:frontageselfcheck_list")
    return format_html('{} <a href="{}">{}</a>', text, checks, _("查看全部自查记录"))


FRONTAGE_UNIT = Crud(
    model=FrontageUnit,
    name="frontageunit",
    namespace="enforcement",
    list_fields=["name", "kind", "address", "key_area", "grid", "contact_name", "letter_signed_on"],
    export_fields=[
        "name",
        "kind",
        "credit_code",
        "address",
        "key_area",
        "grid",
        "zone",
        "contact_name",
        "contact_phone",
        "letter_signed_on",
        "letter_sha256",
        "in_use",
    ],
    filterset=filters.FrontageUnitFilter,
    form_class=forms.FrontageUnitForm,
    selector=selectors.frontage_unit_list,
    create=_unit_create,
    update=_unit_update,
    delete=None,
    columns=[
        Column(gettext_lazy("最近自查"), _last_checked),
        Column(gettext_lazy("不达标自查"), _failed_flag),
    ],
    help=_unit_help,
)

FRONTAGE_SELF_CHECK = Crud(
    model=FrontageSelfCheck,
    name="frontageselfcheck",
    namespace="enforcement",
    list_fields=["unit", "checked_on", "result", "problems", "rectified_on", "recorded_by"],
    export_fields=[
        "unit",
        "checked_on",
        "result",
        "problems",
        "rectified_on",
        "recorded_by",
        "created_at",
    ],
    detail_fields=["unit", "checked_on", "result", "problems", "rectified_on", "recorded_by"],
    filterset=filters.FrontageSelfCheckFilter,
    form_class=forms.FrontageSelfCheckEditForm,
    selector=selectors.frontage_self_check_list,
    create=_check_create,
    update=_check_update,
    delete=None,
    help_text=gettext_lazy(
        "责任单位对门前责任区的自查记录。自查不达标的须写明存在问题，整改完成后登记整改完成日期。"
        "新增自查请在责任单位页面点击“登记自查”。"
    ),
)


# --- the unit's history page -------------------------------------------------------------------


def _case_link(case: Case) -> Any:
    """The case's number linked to its page (plain text while the case pages are missing)."""
    try:
        url = reverse("enforcement:case_detail", args=[case.pk])
    except NoReverseMatch:
        return case.number
    return format_html('<a href="{}">{}</a>', url, case.number)


@login_required
@require_http_methods(_READ)
def frontageunit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's history on one page: particulars, letter with its fingerprint, self-checks in
    time order and the violations found at its frontage."""
    user: Any = request.user
    unit = selectors.get_frontage_unit_for_user(user, pk)
    history = selectors.unit_history(unit, user)
    names = ["kind", "credit_code", "address", "key_area", "grid", "zone", "contact_name"]
    names += ["contact_phone", "in_use"]
    fields = [(field_label(FrontageUnit, n), display_value(unit, n)) for n in names]
    cases = None
    if history.cases is not None:
        cases = [(c, _case_link(c)) for c in history.cases]
    return render(
        request,
        "enforcement/frontage_unit_detail.html",
        {
            "unit": unit,
            "fields": fields,
            "checks": history.self_checks,
            "failed": history.failed,
            "cases": cases,
            "can_change": user.has_perm(perm_name(FrontageUnit, "change")),
            "can_check": user.has_perm(perm_name(FrontageSelfCheck, "add")) and unit.in_use,
            "can_change_check": user.has_perm(perm_name(FrontageSelfCheck, "change")),
        },
    )


@login_required
@require_http_methods(_READ)
def frontageunit_letter(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The signed responsibility letter, for those who may see the unit."""
    unit = selectors.get_frontage_unit_for_user(request.user, pk)
    name = _("%(unit)s门前三包责任书") % {"unit": unit.name.replace("/", "_").replace("\\", "_")}
    return serve_document(unit.letter, filename=name)


# --- a self-check entered from the unit's page -------------------------------------------------


@login_required
@require_http_methods(_WRITE)
def frontageselfcheck_create(request: HttpRequest) -> HttpResponse:
    """Record a self-check; ``?unit=<pk>`` (from the unit's page) chooses the unit."""
    user: Any = request.user
    require_perm(user, FrontageSelfCheck, "add")
    list_url = reverse("enforcement:frontageselfcheck_list")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能新增记录。"))
        return HttpResponseRedirect(list_url)
    unit = None
    unit_pk = request.GET.get("unit", "")
    if unit_pk.isdigit():
        unit = selectors.get_frontage_unit_for_user(user, unit_pk)
    form = forms.FrontageSelfCheckForm(
        request.POST or None, user=user, initial={"unit": unit.pk} if unit else None
    )
    back = reverse("enforcement:frontageunit_detail", args=[unit.pk]) if unit else list_url
    return form_page(
        request,
        form,
        template="enforcement/frontage_form.html",
        context={"heading": _("登记门前三包自查"), "unit": unit, "back_url": back},
        action=lambda data: services.frontage_self_check_create(actor=user, **data),
        success=lambda check: (
            _("已登记“%(unit)s”%(date)s的自查：%(result)s。")
            % {
                "unit": check.unit.name,
                "date": cn_date(check.checked_on),
                "result": check.get_result_display(),
            },
            reverse("enforcement:frontageunit_detail", args=[check.unit_id]),
        ),
    )


def _urls() -> list[URLPattern]:
    mine = {"frontageunit_detail", "frontageselfcheck_create"}
    generic = [
        p for p in [*FRONTAGE_UNIT.urls(), *FRONTAGE_SELF_CHECK.urls()] if p.name not in mine
    ]
    return [
        path("frontageunit/<int:pk>/", frontageunit_detail, name="frontageunit_detail"),
        path("frontageunit/<int:pk>/letter/", frontageunit_letter, name="frontageunit_letter"),
        path("frontageselfcheck/new/", frontageselfcheck_create, name="frontageselfcheck_create"),
        *generic,
    ]


urlpatterns: list[URLPattern] = _urls()
