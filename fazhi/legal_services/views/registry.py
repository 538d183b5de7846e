"""Back-office pages of the registry: firms, lawyers, adviser contracts, village advisers,
consultations (with the desks' quick entry), WeChat groups and their member counts; and the
Excel imports of lawyers, consultation logs and duty rosters. The pushes in the groups are
publicity items (the outreach app's 宣传记录): the group's and the lawyer's pages link to them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import perm_name, require_perm
from fazhi.core.crud import Column, Crud, Related
from fazhi.core.files import serve_document
from fazhi.core.formats import cn_date, cn_datetime
from fazhi.core.forms import form_page
from fazhi.core.imports.pages import ImportPages
from fazhi.legal_services import imports as legal_imports
from fazhi.legal_services.filters import registry as filters
from fazhi.legal_services.forms import registry as forms
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    VillageAdviser,
    WechatGroup,
    WechatGroupCount,
)
from fazhi.legal_services.selectors import registry as selectors
from fazhi.legal_services.services import registry as services

_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _create(service: Any) -> Any:
    def create(data: dict[str, Any], *, street: Any, actor: Any) -> Any:
        return service(street=street, actor=actor, **data)

    return create


def _update(service: Any) -> Any:
    def update(obj: Any, data: dict[str, Any], *, actor: Any) -> Any:
        return service(obj, actor=actor, **data)

    return update


# --- Computed values --------------------------------------------------------------------------


def _expiry_flag(contract: AdviserContract) -> Any:
    state = contract.expiry_state(timezone.localdate())
    if state == "expiring":
        return format_html('<span class="badge bad">{}</span>', _("即将到期"))
    if state == "expired":
        return format_html('<span class="badge bad">{}</span>', _("已到期"))
    return ""


def _latest_count(group: WechatGroup) -> str:
    members = getattr(group, "latest_members", None)
    if members is None:
        return _("尚未登记")
    return _("%(members)s人（%(date)s）") % {
        "members": members,
        "date": cn_date(getattr(group, "latest_counted_on", None)),
    }


def _contract_rows(request: HttpRequest, contract: AdviserContract) -> list[tuple[Any, Any]]:
    if contract.document:
        url = reverse("legal_services:advisercontract_document", args=[contract.pk])
        document: Any = format_html('<a href="{}">{}</a>', url, _("下载合同文本"))
    else:
        document = _("未上传")
    rows = [
        (_("合同文本"), document),
        (_("文件指纹（SHA-256）"), contract.document_sha256),
    ]
    state = contract.expiry_state(timezone.localdate())
    if state:
        text = (
            _("即将到期：合同于%(date)s终止，请及时办理续签。")
            if state == "expiring"
            else _("已到期：合同已于%(date)s终止，此后没有新的常年法律顾问合同，请及时续签。")
        ) % {"date": cn_date(contract.ends_on)}
        rows.append((_("到期提醒"), format_html('<span class="badge bad">{}</span>', text)))
    return rows


def _group_rows(request: HttpRequest, group: WechatGroup) -> list[tuple[Any, Any]]:
    latest = group.counts.order_by("-counted_on").first()
    text = (
        _("%(members)s人（%(date)s）")
        % {"members": latest.members, "date": cn_date(latest.counted_on)}
        if latest
        else _("尚未登记")
    )
    value: Any = text
    if request.user.has_perm(perm_name(WechatGroupCount, "add")):
        url = reverse("legal_services:wechatgroup_count", args=[group.pk])
        value = format_html('{}　<a class="button" href="{}">{}</a>', text, url, _("登记成员人数"))
    return [(_("最新成员人数"), value), *_pushes_row(request, "group", group.pk)]


def _pushes_row(request: HttpRequest, name: str, pk: int) -> list[tuple[Any, Any]]:
    """A link to the pushes of a group or a lawyer among the publicity items, for those who
    may read them."""
    if not request.user.has_perm("outreach.view_publicityitem"):
        return []
    url = f"{reverse('outreach:publicityitem_list')}?{urlencode({name: pk})}"
    return [(_("推送记录"), format_html('<a href="{}">{}</a>', url, _("查看推送记录")))]


def _lawyer_rows(request: HttpRequest, lawyer: Lawyer) -> list[tuple[Any, Any]]:
    return _pushes_row(request, "lawyer", lawyer.pk)


def _consultation_help(request: HttpRequest) -> Any:
    text = _(
        "群众的姓名和电话只在后台显示，不会出现在任何公开页面。"
        "由12348热线转来的咨询，渠道选“12348转办”；转往12348热线的，转办去向选“转12348热线”，"
        "两种情形都要填写12348工单号。"
    )
    if not request.user.has_perm(perm_name(Consultation, "add")):
        return text
    url = reverse("legal_services:consultation_quick")
    return format_html(
        '{} <a href="{}?channel=phone">{}</a>　<a href="{}?channel=wechat">{}</a>',
        text,
        url,
        _("电话咨询快速登记"),
        url,
        _("微信咨询快速登记"),
    )


def _question(consultation: Consultation) -> str:
    return Truncator(consultation.question).chars(40)


# --- The entities -----------------------------------------------------------------------------

LAW_FIRM = Crud(
    model=LawFirm,
    name="lawfirm",
    namespace="legal_services",
    list_fields=["name", "contact_person", "phone", "address"],
    filterset=filters.LawFirmFilter,
    form_class=forms.LawFirmForm,
    selector=selectors.law_firm_list,
    create=_create(services.law_firm_create),
    update=_update(services.record_update),
    delete=services.record_delete,
    related=[
        Related(
            pgettext_lazy("plural", "律师"),
            lambda firm: firm.lawyers.all(),
            ["name", "licence_no", "phone", "specialties", "is_active"],
            "legal_services:lawyer_detail",
        ),
        Related(
            pgettext_lazy("plural", "常年法律顾问合同"),
            lambda firm: firm.contracts.all(),
            ["title", "contract_no", "starts_on", "ends_on"],
            "legal_services:advisercontract_detail",
        ),
    ],
)

LAWYER = Crud(
    model=Lawyer,
    name="lawyer",
    namespace="legal_services",
    list_fields=["name", "firm", "licence_no", "phone", "specialties", "is_active"],
    filterset=filters.LawyerFilter,
    form_class=forms.LawyerForm,
    selector=selectors.lawyer_list,
    create=_create(services.lawyer_create),
    update=_update(services.lawyer_update),
    delete=services.record_delete,
    detail_rows=_lawyer_rows,
    help_text=gettext_lazy(
        "律师不再为本街道服务时，请取消“在册”，不要删除记录：以往的值班、咨询和调解仍需要它。"
    ),
    related=[
        Related(
            gettext_lazy("担任村居法律顾问"),
            lambda lawyer: lawyer.assignments.select_related("village"),
            ["village", "starts_on", "ends_on"],
            "legal_services:villageadviser_detail",
        ),
        Related(
            gettext_lazy("解答的咨询"),
            lambda lawyer: lawyer.consultations.all(),
            ["occurred_at", "channel", "topic", "referral"],
            "legal_services:consultation_detail",
        ),
    ],
)

ADVISER_CONTRACT = Crud(
    model=AdviserContract,
    name="advisercontract",
    namespace="legal_services",
    list_fields=["title", "firm", "contract_no", "starts_on", "ends_on", "lead_lawyer", "fee"],
    detail_fields=[
        "title",
        "contract_no",
        "firm",
        "lead_lawyer",
        "signed_on",
        "starts_on",
        "ends_on",
        "fee",
        "scope",
    ],
    filterset=filters.AdviserContractFilter,
    form_class=forms.AdviserContractForm,
    selector=selectors.adviser_contract_list,
    create=_create(services.adviser_contract_create),
    update=_update(services.adviser_contract_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("到期提醒"), _expiry_flag)],
    detail_rows=_contract_rows,
    help_text=gettext_lazy(
        "合同在履行期内、距终止日期不足30天且尚未签订接续的新合同时标注“即将到期”，"
        "已终止而此后没有新合同的标注“已到期”，请及时办理续签。"
        "上传的合同文本保存其SHA-256文件指纹，可用于核对纸质文本与存档文件是否一致。"
    ),
)

VILLAGE_ADVISER = Crud(
    model=VillageAdviser,
    name="villageadviser",
    namespace="legal_services",
    list_fields=["village", "lawyer", "starts_on", "ends_on", "note"],
    filterset=filters.VillageAdviserFilter,
    form_class=forms.VillageAdviserForm,
    selector=selectors.village_adviser_list,
    create=_create(services.village_adviser_create),
    update=_update(services.village_adviser_update),
    delete=services.record_delete,
    help_text=gettext_lazy(
        "一村居一法律顾问：每个村居同一时期配备一名法律顾问。更换顾问时，"
        "先填写原顾问的终止日期（即新顾问开始的日期），再新增新的顾问。"
    ),
)

CONSULTATION = Crud(
    model=Consultation,
    name="consultation",
    namespace="legal_services",
    list_fields=[
        "occurred_at",
        "channel",
        "topic",
        "lawyer",
        "minutes",
        "referral",
        "follow_up_needed",
    ],
    export_fields=[
        "occurred_at",
        "channel",
        "topic",
        "question",
        "answer",
        "lawyer",
        "village",
        "minutes",
        "resident_name",
        "resident_phone",
        "hotline_ticket",
        "referral",
        "follow_up_needed",
        "follow_up_note",
        "handled_by",
    ],
    detail_fields=[
        "occurred_at",
        "channel",
        "topic",
        "question",
        "answer",
        "lawyer",
        "village",
        "minutes",
        "resident_name",
        "resident_phone",
        "hotline_ticket",
        "referral",
        "follow_up_needed",
        "follow_up_note",
        "shift",
        "appointment",
        "handled_by",
    ],
    filterset=filters.ConsultationFilter,
    form_class=forms.ConsultationForm,
    selector=selectors.consultation_list,
    create=_create(services.consultation_create),
    update=_update(services.consultation_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("咨询问题"), _question)],
    help=_consultation_help,
)

WECHAT_GROUP = Crud(
    model=WechatGroup,
    name="wechatgroup",
    namespace="legal_services",
    list_fields=["name", "village", "lawyer", "created_on", "closed_on"],
    filterset=filters.WechatGroupFilter,
    form_class=forms.WechatGroupForm,
    selector=selectors.wechat_group_list,
    create=_create(services.wechat_group_create),
    update=_update(services.record_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("最新成员人数"), _latest_count)],
    detail_rows=_group_rows,
    help_text=gettext_lazy(
        "群成员人数按日期登记，保留历次记录；统计时取期末以前最近一次登记的人数。"
    ),
    related=[
        Related(
            gettext_lazy("成员人数记录"),
            lambda group: group.counts.all(),
            ["counted_on", "members"],
        ),
    ],
)

ENTITIES = [
    LAW_FIRM,
    LAWYER,
    ADVISER_CONTRACT,
    VILLAGE_ADVISER,
    CONSULTATION,
    WECHAT_GROUP,
]


# --- The contract's file ---------------------------------------------------------------------


@login_required
@require_http_methods(_READ)
def advisercontract_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The contract's stored text, for those who may see the contract."""
    contract = selectors.get_adviser_contract_for_user(request.user, pk)
    name = contract.title.replace("/", "_").replace("\\", "_")
    return serve_document(contract.document, filename=name)


# --- The desks' quick entry ------------------------------------------------------------------


def _quick_initial(request: HttpRequest) -> dict[str, Any]:
    """Channel and lawyer carried over from the previous entry, else the user's own record."""
    initial: dict[str, Any] = {}
    channel = request.GET.get("channel", "")
    if channel in Consultation.Channel.values:
        initial["channel"] = channel
    lawyer = request.GET.get("lawyer", "")
    if lawyer.isdigit():
        initial["lawyer"] = int(lawyer)
    else:
        user: Any = request.user
        own = Lawyer.objects.for_user(user).filter(user=user).first()
        if own is not None:
            initial["lawyer"] = own.pk
    return initial


@login_required
@require_http_methods(_WRITE)
def consultation_quick(request: HttpRequest) -> HttpResponse:
    """One consultation after another at the phone or WeChat desk: "保存并继续登记" returns an
    empty form that keeps the channel and the lawyer."""
    user: Any = request.user
    require_perm(user, Consultation, "add")
    list_url = reverse("legal_services:consultation_list")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能新增记录。"))
        return HttpResponseRedirect(list_url)
    form = forms.ConsultationQuickForm(
        request.POST or None, user=user, initial=_quick_initial(request)
    )
    today = timezone.localdate()
    recent = (
        selectors.consultation_list(user)
        .filter(handled_by=user, created_at__date=today)
        .order_by("-created_at")
    )

    def success(obj: Consultation) -> tuple[str, str]:
        message = _("已登记%(channel)s咨询（%(time)s）。") % {
            "channel": obj.get_channel_display(),
            "time": cn_datetime(obj.occurred_at),
        }
        if "continue" in request.POST:
            query = urlencode({"channel": obj.channel, "lawyer": obj.lawyer_id or ""})
            return message, f"{reverse('legal_services:consultation_quick')}?{query}"
        return message, reverse("legal_services:consultation_detail", args=[obj.pk])

    return form_page(
        request,
        form,
        template="legal_services/registry_consultation_quick.html",
        context={
            "recent": recent[:10],
            "recent_count": recent.count(),
            "list_url": list_url,
        },
        action=lambda data: services.consultation_create(street=user.street, actor=user, **data),
        success=success,
    )


# --- WeChat group member counts --------------------------------------------------------------


@login_required
@require_http_methods(_WRITE)
def wechatgroup_count(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the group's member count as of a date (replacing that day's count)."""
    user: Any = request.user
    group = selectors.get_wechat_group_for_user(user, pk)
    require_perm(user, WechatGroupCount, "add")
    form = forms.WechatGroupCountForm(request.POST or None, user=user)
    detail_url = reverse("legal_services:wechatgroup_detail", args=[group.pk])
    return form_page(
        request,
        form,
        template="legal_services/registry_wechatgroup_count.html",
        context={
            "group": group,
            "counts": group.counts.all(),
            "detail_url": detail_url,
            "can_delete": user.has_perm(perm_name(WechatGroupCount, "delete")),
        },
        action=lambda data: services.wechat_group_count_record(group, actor=user, **data),
        success=lambda count: (
            _("已登记“%(group)s”%(date)s的成员人数：%(members)s人。")
            % {"group": group.name, "date": cn_date(count.counted_on), "members": count.members},
            detail_url,
        ),
    )


@login_required
@require_http_methods(["POST"])
def wechatgroupcount_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a count entered by mistake."""
    user: Any = request.user
    count = selectors.get_wechat_group_count_for_user(user, pk, write=True, action="delete")
    url = reverse("legal_services:wechatgroup_count", args=[count.group_id])
    try:
        services.wechat_group_count_delete(count, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("已删除%(date)s的成员人数记录。") % {"date": cn_date(count.counted_on)},
        )
    return HttpResponseRedirect(url)


# --- Excel import: lawyers, consultation logs, duty rosters ---------------------------------


IMPORT_PAGES = ImportPages(
    importers=legal_imports.IMPORTERS,
    namespace="legal_services",
    perm="legal_services.import_legal_services",
    title=gettext_lazy("公共法律服务数据导入"),
    help=gettext_lazy(
        "从Excel文件成批录入律师、咨询登记和值班表：下载模板、填写、上传预览，确认无误后一次"
        "导入。导入的每条记录与手工录入一样经过校验并记入审计日志；只能引用本街道已登记的律师"
        "事务所、律师和村居。"
    ),
    refusal=gettext_lazy("无权导入律师、值班表和咨询登记。"),
)


urlpatterns: list[URLPattern] = [
    path("consultation/quick/", consultation_quick, name="consultation_quick"),
    path(
        "advisercontract/<int:pk>/document/",
        advisercontract_document,
        name="advisercontract_document",
    ),
    path("wechatgroup/<int:pk>/count/", wechatgroup_count, name="wechatgroup_count"),
    path(
        "wechatgroupcount/<int:pk>/delete/",
        wechatgroupcount_delete,
        name="wechatgroupcount_delete",
    ),
    *IMPORT_PAGES.urls(),
]
for _crud in ENTITIES:
    urlpatterns += _crud.urls()
