"""Back-office pages of special campaigns (专项治理): the list, the form, the campaign's page
(phases, partner units, key areas and its results counted from patrols and cases), the plan's
download, and the phase and partner forms reached from the campaign's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
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
from fazhi.enforcement.filters import campaigns as filters
from fazhi.enforcement.forms import campaigns as forms
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase
from fazhi.enforcement.selectors import campaigns as selectors
from fazhi.enforcement.services import campaigns as services

_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _campaign_create(data: dict[str, Any], *, street: Any, actor: Any) -> Campaign:
    return services.campaign_create(street=street, actor=actor, **data)


def _campaign_update(campaign: Campaign, data: dict[str, Any], *, actor: Any) -> Campaign:
    return services.campaign_update(campaign, actor=actor, **data)


def _state(campaign: Campaign) -> Any:
    today = timezone.localdate()
    if campaign.starts_on > today:
        return format_html('<span class="badge">{}</span>', _("未开始"))
    if campaign.ends_on < today:
        return format_html('<span class="badge">{}</span>', _("已结束"))
    return format_html('<span class="badge good">{}</span>', _("进行中"))


CAMPAIGN = Crud(
    model=Campaign,
    name="campaign",
    namespace="enforcement",
    list_fields=["name", "starts_on", "ends_on", "lead", "key_areas"],
    export_fields=[
        "name",
        "starts_on",
        "ends_on",
        "goal",
        "lead",
        "key_areas",
        "summary",
        "plan_sha256",
    ],
    filterset=filters.CampaignFilter,
    form_class=forms.CampaignForm,
    selector=selectors.campaign_list,
    create=_campaign_create,
    update=_campaign_update,
    delete=None,
    columns=[Column(gettext_lazy("进展"), _state)],
    help_text=gettext_lazy(
        "专项治理的实施方案、起止日期、重点区域、治理阶段和协作单位。"
        "治理成效按巡查和案件记录自动统计：巡查记录和案件登记时选择所属的专项治理即可计入。"
    ),
)


# --- the campaign's page -------------------------------------------------------------------------


def _link(name: str, campaign: Campaign, **extra: Any) -> str | None:
    """The address of another area's list filtered by the campaign (None while it is missing)."""
    try:
        return f"{reverse(name)}?{urlencode({'campaign': campaign.pk, **extra})}"
    except NoReverseMatch:
        return None


@login_required
@require_http_methods(_READ)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.get_campaign_for_user(user, pk)
    names = ["starts_on", "ends_on", "lead", "goal", "summary"]
    fields = [(field_label(Campaign, n), display_value(campaign, n)) for n in names]
    return render(
        request,
        "enforcement/campaign_detail.html",
        {
            "campaign": campaign,
            "fields": fields,
            "state": _state(campaign),
            "key_areas": list(campaign.key_areas.all()),
            "phases": list(campaign.phases.order_by("starts_on")),
            "partners": list(campaign.partners.all()),
            "results": selectors.campaign_results(campaign),
            # The cases counted: those of the campaign found within its period.
            "case_list_url": _link(
                "enforcement:case_list",
                campaign,
                found_from=campaign.starts_on.isoformat(),
                found_to=campaign.ends_on.isoformat(),
            )
            if user.has_perm("enforcement.view_case")
            else None,
            "patrol_list_url": _link("enforcement:patrol_list", campaign)
            if user.has_perm("enforcement.view_patrol")
            else None,
            "can": {
                "change": user.has_perm(perm_name(Campaign, "change")),
                "phase_add": user.has_perm(perm_name(CampaignPhase, "add")),
                "phase_change": user.has_perm(perm_name(CampaignPhase, "change")),
                "partner_add": user.has_perm(perm_name(CampaignPartner, "add")),
                "partner_change": user.has_perm(perm_name(CampaignPartner, "change")),
            },
        },
    )


@login_required
@require_http_methods(_READ)
def campaign_plan(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The campaign's plan document, for those who may see the campaign."""
    campaign = selectors.get_campaign_for_user(request.user, pk)
    name = _("%(name)s实施方案") % {"name": campaign.name.replace("/", "_").replace("\\", "_")}
    return serve_document(campaign.plan, filename=name)


# --- phases and partner units --------------------------------------------------------------------


class ConfirmForm(django_forms.Form):
    """A confirmation button: no fields."""


def _part_page(
    request: HttpRequest,
    form: Any,
    *,
    campaign: Campaign,
    heading: str,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    submit: str = "",
    intro: str = "",
    danger: bool = False,
) -> HttpResponse:
    back = reverse("enforcement:campaign_detail", args=[campaign.pk])
    return form_page(
        request,
        form,
        template="enforcement/campaign_form.html",
        context={
            "campaign": campaign,
            "heading": heading,
            "intro": intro,
            "submit": submit or _("保存"),
            "danger": danger,
            "back_url": back,
        },
        action=action,
        success=lambda _result: (success, back),
    )


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@login_required
@require_http_methods(_WRITE)
def campaignphase_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.get_campaign_for_user(user, pk)
    require_perm(user, CampaignPhase, "add")
    return _part_page(
        request,
        forms.CampaignPhaseForm(_data(request), user=user),
        campaign=campaign,
        heading=_("增加治理阶段"),
        intro=_("阶段须在专项治理期间（%(start)s至%(end)s）内，各阶段不能重叠。")
        % {"start": cn_date(campaign.starts_on), "end": cn_date(campaign.ends_on)},
        action=lambda data: services.campaign_phase_add(actor=user, campaign=campaign, **data),
        success=_("已增加治理阶段。"),
    )


@login_required
@require_http_methods(_WRITE)
def campaignphase_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    phase = selectors.get_campaign_phase_for_user(user, pk, write=True)
    return _part_page(
        request,
        forms.CampaignPhaseForm(_data(request), instance=phase, user=user),
        campaign=phase.campaign,
        heading=_("修改治理阶段：%(name)s") % {"name": phase.name},
        action=lambda data: services.campaign_phase_update(phase, actor=user, **data),
        success=_("已保存治理阶段。"),
    )


@login_required
@require_http_methods(_WRITE)
def campaignphase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # Removing a phase is a change of the campaign's plan: the right to change phases.
    user: Any = request.user
    phase = selectors.get_campaign_phase_for_user(user, pk, write=True)
    return _part_page(
        request,
        ConfirmForm(_data(request)),
        campaign=phase.campaign,
        heading=_("删除治理阶段：%(name)s") % {"name": phase.name},
        intro=_("删除误登记的治理阶段，删除记入审计日志。"),
        action=lambda _data: services.campaign_phase_remove(phase, actor=user),
        success=_("已删除治理阶段“%(name)s”。") % {"name": phase.name},
        submit=_("确认删除"),
        danger=True,
    )


@login_required
@require_http_methods(_WRITE)
def campaignpartner_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    campaign = selectors.get_campaign_for_user(user, pk)
    require_perm(user, CampaignPartner, "add")
    return _part_page(
        request,
        forms.CampaignPartnerForm(_data(request), user=user),
        campaign=campaign,
        heading=_("增加协作单位"),
        action=lambda data: services.campaign_partner_add(actor=user, campaign=campaign, **data),
        success=_("已增加协作单位。"),
    )


@login_required
@require_http_methods(_WRITE)
def campaignpartner_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    partner = selectors.get_campaign_partner_for_user(user, pk, write=True)
    return _part_page(
        request,
        forms.CampaignPartnerForm(_data(request), instance=partner, user=user),
        campaign=partner.campaign,
        heading=_("修改协作单位：%(name)s") % {"name": partner.name},
        action=lambda data: services.campaign_partner_update(partner, actor=user, **data),
        success=_("已保存协作单位。"),
    )


@login_required
@require_http_methods(_WRITE)
def campaignpartner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    partner = selectors.get_campaign_partner_for_user(user, pk, write=True)
    return _part_page(
        request,
        ConfirmForm(_data(request)),
        campaign=partner.campaign,
        heading=_("删除协作单位：%(name)s") % {"name": partner.name},
        intro=_("删除误登记的协作单位，删除记入审计日志。"),
        action=lambda _data: services.campaign_partner_remove(partner, actor=user),
        success=_("已删除协作单位“%(name)s”。") % {"name": partner.name},
        submit=_("确认删除"),
        danger=True,
    )


def _urls() -> list[URLPattern]:
    generic = [p for p in CAMPAIGN.urls() if p.name != "campaign_detail"]
    return [
        path("campaign/<int:pk>/", campaign_detail, name="campaign_detail"),
        path("campaign/<int:pk>/plan/", campaign_plan, name="campaign_plan"),
        path("campaign/<int:pk>/phases/new/", campaignphase_create, name="campaignphase_create"),
        path("campaignphase/<int:pk>/edit/", campaignphase_update, name="campaignphase_update"),
        path("campaignphase/<int:pk>/delete/", campaignphase_delete, name="campaignphase_delete"),
        path(
            "campaign/<int:pk>/partners/new/", campaignpartner_create, name="campaignpartner_create"
        ),
        path(
            "campaignpartner/<int:pk>/edit/", campaignpartner_update, name="campaignpartner_update"
        ),
        path(
            "campaignpartner/<int:pk>/delete/",
            campaignpartner_delete,
            name="campaignpartner_delete",
        ),
        *generic,
    ]


urlpatterns: list[URLPattern] = _urls()
