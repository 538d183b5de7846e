"""Back-office pages: people's mediation (人民调解).

The list with its filters and judicial-confirmation flags, the case file (parties, sessions,
agreement, confirmation, timeline), the case form with its parties, the party, session and
agreement forms, the case's actions, and the agreement as a .docx ready to sign.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.audit.models import Action
from fazhi.audit.services import record
from fazhi.core.access import Refusal, perm_name, require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.docx import DOCX_MIME
from fazhi.core.excel import export_rows
from fazhi.core.filters import FilterSet
from fazhi.core.formats import cn_date
from fazhi.core.forms import add_service_error, form_page
from fazhi.core.paging import paginate
from fazhi.legal_services.agreement_docx import agreement_docx
from fazhi.legal_services.filters.mediation import (
    MediationAgreementFilter,
    MediationFilter,
    MediationPartyFilter,
    MediationSessionFilter,
)
from fazhi.legal_services.forms.mediation import (
    ConfirmationApplyForm,
    ConfirmationResultForm,
    ConfirmForm,
    MediationAgreementForm,
    MediationCloseForm,
    MediationForm,
    MediationPartyForm,
    MediationSessionForm,
    PerformedForm,
    party_formset,
)
from fazhi.legal_services.models import (
    Mediation,
    MediationAgreement,
    MediationParty,
    MediationSession,
)
from fazhi.legal_services.selectors import mediation as selectors
from fazhi.legal_services.services import mediation as services

READ = ["GET", "HEAD"]
WRITE = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50
Status = Mediation.Status
Confirmation = MediationAgreement.Confirmation


def _url(name: str, *args: Any) -> str:
    return reverse(f"legal_services:mediation_{name}", args=args)


def _page(
    methods: list[str],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        return login_required(require_http_methods(methods)(view))

    return decorate


def _data(request: HttpRequest) -> Any:
    """The submitted form, bound even when empty (a confirmation button sends no fields)."""
    return request.POST if request.method == "POST" else None


def _can(user: Any, model: type[models.Model], action: str) -> bool:
    return bool(user.has_perm(perm_name(model, action)))


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    mediation: Mediation | None,
    heading: str,
    action: Callable[[dict[str, Any]], Any],
    success: str,
    intro: str = "",
    submit: str = "",
    danger: bool = False,
) -> HttpResponse:
    """A form of the case (party, session, agreement, action): back to the case file after."""
    back = _url("detail", mediation.pk) if mediation is not None else _url("list")
    return form_page(
        request,
        form,
        template="legal_services/mediation_form.html",
        context={
            "mediation": mediation,
            "heading": heading,
            "intro": intro,
            "submit": submit or _("保存"),
            "danger": danger,
            "back_url": back,
        },
        action=action,
        success=lambda _result: (success, back),
        on_invalid=mediation.refresh_from_db if mediation is not None else None,
    )


# --- lists ----------------------------------------------------------------------------------------


def _sides(mediation: Mediation) -> tuple[str, str]:
    applicants = [
        p.name for p in mediation.parties.all() if p.side == MediationParty.Side.APPLICANT
    ]
    respondents = [
        p.name for p in mediation.parties.all() if p.side == MediationParty.Side.RESPONDENT
    ]
    return _("、").join(applicants), _("、").join(respondents)


def _export_mediations(request: HttpRequest, qs: Any, filters: FilterSet) -> HttpResponse:
    headers = [
        field_label(Mediation, "case_no"),
        field_label(Mediation, "title"),
        field_label(Mediation, "dispute_type"),
        field_label(Mediation, "village"),
        field_label(Mediation, "received_on"),
        _("申请人"),
        _("被申请人"),
        field_label(Mediation, "mediators"),
        field_label(Mediation, "lawyer"),
        field_label(Mediation, "status"),
        field_label(Mediation, "closed_on"),
        field_label(MediationAgreement, "signed_on"),
        field_label(MediationAgreement, "confirmation"),
        _("司法确认申请截止日"),
        field_label(MediationAgreement, "performed"),
    ]

    def rows() -> Any:
        for m in qs.iterator(chunk_size=500):
            agreement = selectors.agreement_of(m)
            applicants, respondents = _sides(m)
            yield [
                m.case_no,
                m.title,
                m.get_dispute_type_display(),
                display_value(m, "village"),
                m.received_on,
                applicants,
                respondents,
                m.mediators,
                display_value(m, "lawyer"),
                m.get_status_display(),
                m.closed_on,
                agreement.signed_on if agreement else None,
                agreement.get_confirmation_display() if agreement else "",
                agreement.confirmation_deadline if agreement else None,
                display_value(agreement, "performed") if agreement else "",
            ]

    return export_rows(
        object_type=Mediation._meta.label_lower,
        title=Mediation._meta.verbose_name_plural,
        headers=headers,
        rows=rows(),
        count=qs.count(),
        filters=filters.active(),
        actor=request.user,
        request=request,
    )


@_page(READ)
def mediation_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, Mediation, "view")
    filters = MediationFilter(request.GET, user=user)
    qs = filters.apply(selectors.mediation_list(user))
    if request.GET.get("format") == "xlsx":
        return _export_mediations(request, qs, filters)
    page = paginate(request, qs, PAGE_SIZE)
    today = timezone.localdate()
    rows = [(m, *_sides(m), selectors.confirmation_flag(m, today=today)) for m in page.object_list]
    return render(
        request,
        "legal_services/mediation_list.html",
        {
            "title": Mediation._meta.verbose_name_plural,
            "filters": filters,
            "page": page,
            "rows": rows,
            "can_add": _can(user, Mediation, "add"),
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


def _simple_list(
    request: HttpRequest,
    *,
    model: type[models.Model],
    qs: Any,
    filters: FilterSet,
    columns: list[tuple[str, Callable[[Any], Any]]],
) -> HttpResponse:
    """A list of parties, sessions or agreements: each row links to its case."""
    headers = [label for label, _value in columns]
    if request.GET.get("format") == "xlsx":
        return export_rows(
            object_type=model._meta.label_lower,
            title=model._meta.verbose_name_plural,
            headers=headers,
            rows=([value(o) for _label, value in columns] for o in qs.iterator(chunk_size=500)),
            count=qs.count(),
            filters=filters.active(),
            actor=request.user,
            request=request,
        )
    page = paginate(request, qs, PAGE_SIZE)
    rows = [(o.mediation_id, [value(o) for _label, value in columns]) for o in page.object_list]
    return render(
        request,
        "legal_services/mediation_records.html",
        {
            "title": model._meta.verbose_name_plural,
            "filters": filters,
            "page": page,
            "headers": headers,
            "rows": rows,
        },
        status=400 if filters.is_bound and not filters.is_valid() else 200,
    )


@_page(READ)
def mediation_party_list(request: HttpRequest) -> HttpResponse:
    """Every party of every case: who has been a party before (ID numbers masked)."""
    user: Any = request.user
    require_perm(user, MediationParty, "view")
    filters = MediationPartyFilter(request.GET, user=user)
    qs = filters.apply(selectors.mediation_party_list(user)).order_by(
        "-mediation__received_on", "id"
    )
    return _simple_list(
        request,
        model=MediationParty,
        qs=qs,
        filters=filters,
        columns=[
            (field_label(Mediation, "case_no"), lambda p: p.mediation.case_no),
            (field_label(MediationParty, "side"), lambda p: p.get_side_display()),
            (field_label(MediationParty, "name"), lambda p: p.name),
            (field_label(MediationParty, "kind"), lambda p: p.get_kind_display()),
            (field_label(MediationParty, "gender"), lambda p: p.gender),
            (
                field_label(MediationParty, "id_number"),
                lambda p: selectors.mask_id_number(p.id_number),
            ),
            (field_label(MediationParty, "phone"), lambda p: p.phone),
            (field_label(Mediation, "title"), lambda p: p.mediation.title),
        ],
    )


@_page(READ)
def mediation_session_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, MediationSession, "view")
    filters = MediationSessionFilter(request.GET, user=user)
    qs = filters.apply(selectors.mediation_session_list(user)).order_by("-held_on", "-id")
    return _simple_list(
        request,
        model=MediationSession,
        qs=qs,
        filters=filters,
        columns=[
            (field_label(Mediation, "case_no"), lambda s: s.mediation.case_no),
            (field_label(MediationSession, "held_on"), lambda s: cn_date(s.held_on)),
            (field_label(MediationSession, "place"), lambda s: s.place),
            (field_label(MediationSession, "participants"), lambda s: s.participants),
            (
                field_label(MediationSession, "lawyer_present"),
                lambda s: display_value(s, "lawyer_present"),
            ),
            (field_label(Mediation, "title"), lambda s: s.mediation.title),
        ],
    )


@_page(READ)
def mediation_agreement_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, MediationAgreement, "view")
    filters = MediationAgreementFilter(request.GET, user=user)
    qs = filters.apply(selectors.mediation_agreement_list(user)).order_by("-signed_on", "-id")
    return _simple_list(
        request,
        model=MediationAgreement,
        qs=qs,
        filters=filters,
        columns=[
            (field_label(Mediation, "case_no"), lambda a: a.mediation.case_no),
            (field_label(MediationAgreement, "signed_on"), lambda a: cn_date(a.signed_on)),
            (
                field_label(MediationAgreement, "performance_deadline"),
                lambda a: cn_date(a.performance_deadline),
            ),
            (
                field_label(MediationAgreement, "performed"),
                lambda a: display_value(a, "performed"),
            ),
            (
                field_label(MediationAgreement, "confirmation"),
                lambda a: a.get_confirmation_display(),
            ),
            (_("司法确认申请截止日"), lambda a: cn_date(a.confirmation_deadline)),
            (field_label(Mediation, "title"), lambda a: a.mediation.title),
        ],
    )


# --- the case file --------------------------------------------------------------------------------


def _actions(
    user: Any, mediation: Mediation, agreement: MediationAgreement | None
) -> dict[str, bool]:
    """Which of the case's actions the page offers: the user's rights and the case's state."""
    is_open = mediation.status not in Mediation.CLOSED
    may_write_session = _can(user, MediationSession, "add") and (
        _can(user, Mediation, "change")
        or (mediation.lawyer is not None and mediation.lawyer.user_id == user.pk)
    )
    effective = selectors.agreement_in_force(mediation, agreement)
    return {
        "change": _can(user, Mediation, "change"),
        "delete": _can(user, Mediation, "delete")
        and mediation.status == Status.ACCEPTED
        and not mediation.sessions.exists(),
        "party_add": is_open and _can(user, MediationParty, "add"),
        "party_change": is_open and _can(user, MediationParty, "change"),
        "party_delete": is_open and _can(user, MediationParty, "delete"),
        "session_add": is_open and may_write_session,
        "session_change": is_open and _can(user, MediationSession, "change"),
        "agreement": mediation.status == Status.IN_PROGRESS
        and (
            agreement is None
            or (agreement.confirmation == Confirmation.NOT_APPLIED and not agreement.performed)
        )
        and _can(user, MediationAgreement, "change" if agreement else "add"),
        "close": is_open and _can(user, Mediation, "change"),
        "docx": agreement is not None and _can(user, MediationAgreement, "view"),
        "confirmation_apply": effective
        and agreement is not None
        and agreement.confirmation == Confirmation.NOT_APPLIED
        and _can(user, MediationAgreement, "change"),
        "confirmation_result": agreement is not None
        and agreement.confirmation == Confirmation.APPLIED
        and _can(user, MediationAgreement, "change"),
        "performed": effective
        and agreement is not None
        and not agreement.performed
        and agreement.confirmation != Confirmation.REJECTED
        and _can(user, MediationAgreement, "change"),
    }


@_page(READ)
def mediation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk)
    case_file = selectors.mediation_case_file(mediation)
    agreement = case_file["agreement"]
    today = timezone.localdate()
    return render(
        request,
        "legal_services/mediation_detail.html",
        {
            "mediation": mediation,
            **case_file,
            "flag": selectors.confirmation_flag(mediation, today=today),
            "can": _actions(user, mediation, agreement),
            "fields": [
                (field_label(Mediation, name), display_value(mediation, name))
                for name in (
                    "case_no",
                    "title",
                    "dispute_type",
                    "source",
                    "village",
                    "received_on",
                    "mediators",
                    "lawyer",
                    "status",
                    "closed_on",
                )
            ],
        },
    )


# --- the case -----------------------------------------------------------------------------------


@_page(WRITE)
def mediation_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, Mediation, "add")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能新增记录。"))
        return HttpResponseRedirect(_url("list"))
    data = request.POST if request.method == "POST" else None
    form = MediationForm(data, user=user, initial={"received_on": timezone.localdate()})
    parties = party_formset(data, user=user)
    context = {"form": form, "parties": parties, "title": _("受理人民调解案件")}
    if request.method == "POST":
        if form.is_valid() and parties.is_valid():
            try:
                mediation = services.mediation_create(
                    street=user.street, actor=user, parties=parties.parties(), **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_error(form, exc)
                if hasattr(exc, "error_dict") and "parties" in exc.error_dict:
                    context["party_errors"] = [
                        m for e in exc.error_dict["parties"] for m in e.messages
                    ]
            else:
                messages.success(
                    request,
                    _("已受理调解案件“%(case)s”。") % {"case": mediation},
                )
                return HttpResponseRedirect(_url("detail", mediation.pk))
        return render(request, "legal_services/mediation_create.html", context, status=400)
    return render(request, "legal_services/mediation_create.html", context)


@_page(WRITE)
def mediation_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk, write=True)
    form = MediationForm(_data(request), instance=mediation, user=user)
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("修改案件信息"),
        action=lambda data: services.mediation_update(mediation, actor=user, **data),
        success=_("已保存案件信息。"),
    )


@_page(WRITE)
def mediation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk, write=True, action="delete")
    form = ConfirmForm(_data(request))
    back = _url("detail", mediation.pk)
    if request.method == "POST":
        try:
            services.mediation_delete(mediation, actor=user)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("已删除调解案件“%(case)s”。") % {"case": mediation})
            return HttpResponseRedirect(_url("list"))
    return render(
        request,
        "legal_services/mediation_form.html",
        {
            "form": form,
            "mediation": mediation,
            "heading": _("删除调解案件"),
            "intro": _("只能删除误登记、尚未开始调解的案件。删除后不可恢复，操作将记入审计日志。"),
            "submit": _("确认删除"),
            "danger": True,
            "back_url": back,
        },
        status=400 if form.errors else 200,
    )


# --- parties ---------------------------------------------------------------------------------------


@_page(WRITE)
def mediation_party_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk)
    require_perm(user, MediationParty, "add")
    form = MediationPartyForm(_data(request), user=user)
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("增加当事人"),
        action=lambda data: services.mediation_party_add(mediation, actor=user, **data),
        success=_("已增加当事人。"),
    )


@_page(WRITE)
def mediation_party_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    party = selectors.get_mediation_party_for_user(user, pk, write=True)
    form = MediationPartyForm(_data(request), instance=party, user=user)
    return _form_page(
        request,
        form,
        mediation=party.mediation,
        heading=_("修改当事人：%(name)s") % {"name": party.name},
        action=lambda data: services.mediation_party_update(party, actor=user, **data),
        success=_("已保存当事人信息。"),
    )


@_page(WRITE)
def mediation_party_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    party = selectors.get_mediation_party_for_user(user, pk, write=True, action="delete")
    form = ConfirmForm(_data(request))
    return _form_page(
        request,
        form,
        mediation=party.mediation,
        heading=_("删除当事人：%(name)s") % {"name": party.name},
        intro=_("删除误登记的当事人；案件须保留至少一名申请人和一名被申请人。"),
        action=lambda _data: services.mediation_party_remove(party, actor=user),
        success=_("已删除当事人“%(name)s”。") % {"name": party.name},
        submit=_("确认删除"),
        danger=True,
    )


# --- sessions --------------------------------------------------------------------------------------


@_page(WRITE)
def mediation_session_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk)
    require_perm(user, MediationSession, "add")
    selectors.check_session_writer(user, mediation)
    is_lawyer = mediation.lawyer is not None and mediation.lawyer.user_id == user.pk
    form = MediationSessionForm(
        _data(request),
        user=user,
        initial={"held_on": timezone.localdate(), "lawyer_present": is_lawyer},
    )
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("记录调解情况"),
        intro=_("第一次调解记录后，案件状态由“已受理”变为“调解中”。"),
        action=lambda data: services.mediation_session_add(mediation, actor=user, **data),
        success=_("已记录调解情况。"),
    )


@_page(WRITE)
def mediation_session_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    session = selectors.get_mediation_session_for_user(user, pk, write=True)
    form = MediationSessionForm(_data(request), instance=session, user=user)
    return _form_page(
        request,
        form,
        mediation=session.mediation,
        heading=_("修改调解记录：%(date)s") % {"date": cn_date(session.held_on)},
        action=lambda data: services.mediation_session_update(session, actor=user, **data),
        success=_("已保存调解记录。"),
    )


# --- the agreement ---------------------------------------------------------------------------------


@_page(WRITE)
def mediation_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the agreement, or correct it before the case closes."""
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk)
    agreement = selectors.agreement_of(mediation)
    require_perm(user, MediationAgreement, "change" if agreement else "add")
    form = MediationAgreementForm(_data(request), instance=agreement, user=user)
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("修改调解协议") if agreement else _("记录调解协议"),
        intro=_(
            "依照人民调解法第二十八条，调解协议书载明当事人的基本情况（取自案件的当事人信息），"
            "纠纷的主要事实、争议事项以及各方当事人的责任，当事人达成调解协议的内容，履行的方式、期限。"
        ),
        action=lambda data: services.mediation_agreement_record(mediation, actor=user, **data),
        success=_("已保存调解协议，可下载协议书打印签字。"),
    )


@_page(READ)
def mediation_agreement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement as a .docx ready to sign; each download is audited as an export."""
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk)
    require_perm(user, MediationAgreement, "view")
    agreement = selectors.agreement_of(mediation)
    if agreement is None:
        raise Http404(Refusal(_("本案尚未记录调解协议。")))
    content = agreement_docx(agreement)
    record(
        actor=user,
        action=Action.EXPORT,
        obj=agreement,
        street=mediation.street_id,
        object_repr=gettext_lazy("人民调解协议书"),
        extra={"format": "docx", "case_no": mediation.case_no},
    )
    filename = f"人民调解协议书-{mediation.case_no}.docx"
    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the case's actions ---------------------------------------------------------------------------


@_page(WRITE)
def mediation_close(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation = selectors.get_mediation_for_user(user, pk, write=True)
    form = MediationCloseForm(_data(request), initial={"closed_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("结案"),
        intro=_(
            "调解成功：已记录书面调解协议，或在调解结果中记录当事人达成的口头协议内容。"
            "调解不成或终止调解：须写明原因和处理情况。"
        ),
        action=lambda data: services.mediation_close(mediation, actor=user, **data),
        success=_("已结案。"),
        submit=_("结案"),
    )


def _agreement_for_action(user: Any, pk: int) -> tuple[Mediation, MediationAgreement]:
    mediation = selectors.get_mediation_for_user(user, pk)
    agreement = selectors.agreement_of(mediation)
    if agreement is None:
        raise Http404(Refusal(_("本案尚未记录调解协议。")))
    require_perm(user, MediationAgreement, "change")
    return mediation, agreement


@_page(WRITE)
def mediation_confirmation_apply(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation, agreement = _agreement_for_action(user, pk)
    form = ConfirmationApplyForm(_data(request), initial={"applied_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("申请司法确认"),
        intro=_(
            "当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（人民调解法第三十三条）。"
            "本协议的申请期限至%(deadline)s。"
        )
        % {"deadline": cn_date(agreement.confirmation_deadline)},
        action=lambda data: services.mediation_confirmation_apply(agreement, actor=user, **data),
        success=_("已登记司法确认申请。"),
    )


@_page(WRITE)
def mediation_confirmation_result(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation, agreement = _agreement_for_action(user, pk)
    form = ConfirmationResultForm(_data(request), initial={"decided_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("登记司法确认结果"),
        action=lambda data: services.mediation_confirmation_result(agreement, actor=user, **data),
        success=_("已登记司法确认结果。"),
    )


@_page(WRITE)
def mediation_performed(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    mediation, agreement = _agreement_for_action(user, pk)
    form = PerformedForm(_data(request), initial={"performed_on": timezone.localdate()})
    return _form_page(
        request,
        form,
        mediation=mediation,
        heading=_("登记协议履行完毕"),
        action=lambda data: services.mediation_agreement_performed(agreement, actor=user, **data),
        success=_("已登记调解协议履行完毕。"),
    )


urlpatterns: list[URLPattern] = [
    path("mediation/", mediation_list, name="mediation_list"),
    path("mediation/new/", mediation_create, name="mediation_create"),
    path("mediation/<int:pk>/", mediation_detail, name="mediation_detail"),
    path("mediation/<int:pk>/edit/", mediation_update, name="mediation_update"),
    path("mediation/<int:pk>/delete/", mediation_delete, name="mediation_delete"),
    path("mediation/<int:pk>/parties/new/", mediation_party_create, name="mediation_party_create"),
    path(
        "mediation/<int:pk>/sessions/new/",
        mediation_session_create,
        name="mediation_session_create",
    ),
    path("mediation/<int:pk>/agreement/", mediation_agreement, name="mediation_agreement"),
    path(
        "mediation/<int:pk>/agreement.docx",
        mediation_agreement_docx,
        name="mediation_agreement_docx",
    ),
    path("mediation/<int:pk>/close/", mediation_close, name="mediation_close"),
    path(
        "mediation/<int:pk>/confirmation/apply/",
        mediation_confirmation_apply,
        name="mediation_confirmation_apply",
    ),
    path(
        "mediation/<int:pk>/confirmation/result/",
        mediation_confirmation_result,
        name="mediation_confirmation_result",
    ),
    path("mediation/<int:pk>/performed/", mediation_performed, name="mediation_performed"),
    path("mediation/parties/", mediation_party_list, name="mediation_party_list"),
    path("mediation/parties/<int:pk>/edit/", mediation_party_update, name="mediation_party_update"),
    path(
        "mediation/parties/<int:pk>/delete/", mediation_party_delete, name="mediation_party_delete"
    ),
    path("mediation/sessions/", mediation_session_list, name="mediation_session_list"),
    path(
        "mediation/sessions/<int:pk>/edit/",
        mediation_session_update,
        name="mediation_session_update",
    ),
    path("mediation/agreements/", mediation_agreement_list, name="mediation_agreement_list"),
]
