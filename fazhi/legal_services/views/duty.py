"""Back-office pages of the duty roster (值班), service suspensions (暂停现场服务) and residents'
appointments (预约), and the lawyers' calendar links with the .ics feed they open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from fazhi.core.access import Refusal, perm_name, require_perm
from fazhi.core.crud import Column, Crud, Related
from fazhi.core.display import display_value, field_label
from fazhi.core.excel import export_rows
from fazhi.core.formats import cn_date
from fazhi.core.forms import add_service_error, form_page
from fazhi.core.paging import paginate
from fazhi.legal_services import ical
from fazhi.legal_services.filters import duty as filters
from fazhi.legal_services.forms import duty as forms
from fazhi.legal_services.models import Appointment, Consultation, DutyShift, ServiceSuspension
from fazhi.legal_services.selectors import duty as selectors
from fazhi.legal_services.services import duty as services

_READ = ["GET", "HEAD"]
_WRITE = ["GET", "HEAD", "POST"]


def _actor(request: HttpRequest) -> Any:
    """The signed-in user who acts (the views and endpoints here require a login)."""
    return request.user


def _view(func: Callable[..., HttpResponse], methods: list[str]) -> Callable[..., HttpResponse]:
    return login_required(require_http_methods(methods)(func))


def _refuse(message: str) -> PermissionDenied:
    return PermissionDenied(Refusal(message))


# --- a list page with computed columns --------------------------------------------------------


def _field(model: type[Any], name: str, link: bool = False) -> Column:
    return Column(field_label(model, name), lambda obj: display_value(obj, name), link)


def _list_page(
    request: HttpRequest,
    *,
    model: type[Any],
    filterset: type[Any],
    queryset: Any,
    columns: list[Column],
    detail_url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Filter, export (``?format=xlsx``, audited) or page through ``queryset``."""
    user: Any = request.user
    filters_ = filterset(request.GET, user=user)
    qs = filters_.apply(queryset)
    title = model._meta.verbose_name_plural
    if request.GET.get("format") == "xlsx":
        return export_rows(
            object_type=model._meta.label_lower,
            title=title,
            headers=[str(c.label) for c in columns],
            rows=([c.value(obj) for c in columns] for obj in qs.iterator(chunk_size=2000)),
            count=qs.count(),
            filters=filters_.active(),
            actor=user,
            request=request,
        )
    page = paginate(request, qs, 50)
    rows = [
        (reverse(detail_url, args=[obj.pk]), obj, [(c.value(obj), c.link) for c in columns])
        for obj in page.object_list
    ]
    status = 400 if filters_.is_bound and not filters_.is_valid() else 200
    return render(
        request,
        template,
        {
            "title": title,
            "verbose_name": model._meta.verbose_name,
            "headers": [c.label for c in columns],
            "rows": rows,
            "page": page,
            "filters": filters_,
            **context,
        },
        status=status,
    )


# --- duty shifts ------------------------------------------------------------------------------


def _time_slot(shift: DutyShift) -> str:
    return f"{shift.starts_at:%H:%M}—{shift.ends_at:%H:%M}"


def _places(shift: Any) -> str:
    return f"{getattr(shift, 'booked', 0)}/{shift.capacity}"


SHIFT_COLUMNS = [
    _field(DutyShift, "date", link=True),
    Column(gettext_lazy("时段"), _time_slot),
    _field(DutyShift, "village"),
    _field(DutyShift, "lawyer"),
    _field(DutyShift, "place"),
    Column(gettext_lazy("已约/名额"), _places),
    _field(DutyShift, "status"),
]


def _shift_create(data: dict[str, Any], *, street: Any, actor: Any) -> DutyShift:
    return services.duty_shift_create(street=street, actor=actor, **data)


def _shift_update(obj: DutyShift, data: dict[str, Any], *, actor: Any) -> DutyShift:
    return services.duty_shift_update(obj, actor=actor, **data)


DUTY_SHIFTS = Crud(
    model=DutyShift,
    name="dutyshift",
    namespace="legal_services",
    list_fields=["date", "village", "lawyer", "status"],
    filterset=filters.DutyShiftFilter,
    form_class=forms.DutyShiftForm,
    selector=selectors.duty_shift_list,
    create=_shift_create,
    update=_shift_update,
    delete=services.duty_shift_delete,
)


def dutyshift_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, DutyShift, "view")
    return _list_page(
        request,
        model=DutyShift,
        filterset=filters.DutyShiftFilter,
        queryset=selectors.duty_shift_list(user),
        columns=SHIFT_COLUMNS,
        detail_url="legal_services:dutyshift_detail",
        template="legal_services/duty_list.html",
        context={
            "create_url": reverse("legal_services:dutyshift_create")
            if selectors.keeps_roster(user)
            else None,
            "calendar_url": reverse("legal_services:dutyshift_calendar"),
            "help": _(
                "“已约/名额”为占用名额的预约数和可预约名额。"
                "值班结束后请登记值班情况；律师可以登记本人的值班。"
            ),
        },
    )


def _shift(user: Any, pk: int) -> DutyShift:
    """The shift with its ``booked`` count, as the user may see it (404 outside the scope)."""
    obj = selectors.get_shift_for_user(user, pk)
    return selectors.duty_shift_list(user).get(pk=obj.pk)


def dutyshift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    shift = _shift(user, pk)
    today = timezone.localdate()
    names = ["date", "village", "lawyer", "place", "capacity", "status"]
    if shift.status in (DutyShift.Status.HELD, DutyShift.Status.ABSENT):
        names += ["consultations_handled", "record"]
    if shift.status == DutyShift.Status.CANCELLED:
        names += ["cancel_reason", "suspension"]
    fields = [(field_label(DutyShift, n), display_value(shift, n)) for n in names]
    fields.insert(1, (_("时段"), _time_slot(shift)))
    fields.insert(5, (_("已约/名额"), _places(shift)))
    appointments = (
        list(selectors.shift_appointments(shift))
        if user.has_perm(perm_name(Appointment, "view"))
        else None
    )
    consultations = (
        list(shift.consultations.select_related("lawyer").order_by("occurred_at", "pk"))
        if user.has_perm(perm_name(Consultation, "view"))
        else None
    )
    keeper = selectors.keeps_roster(user)
    scheduled = shift.status == DutyShift.Status.SCHEDULED
    return render(
        request,
        "legal_services/duty_detail.html",
        {
            "shift": shift,
            "fields": fields,
            "appointments": appointments,
            "consultations": consultations,
            "can_edit": keeper and user.has_perm(perm_name(DutyShift, "change")) and scheduled,
            "can_delete": keeper and user.has_perm(perm_name(DutyShift, "delete")),
            "can_cancel": keeper and scheduled,
            "can_record": selectors.may_record_shift(user, shift)
            and shift.status != DutyShift.Status.CANCELLED
            and shift.date <= today,
            "can_book": selectors.handles_bookings(user)
            and scheduled
            and shift.capacity > getattr(shift, "booked", 0)
            and selectors.shift_start(shift) > timezone.now(),
        },
    )


def _roster_shift(user: Any, pk: int, action: str = "change") -> DutyShift:
    shift = selectors.get_shift_for_user(user, pk, write=True, action=action)
    if not selectors.keeps_roster(user):
        raise _refuse(_("值班表由司法所维护；律师可以登记本人值班的实际情况。"))
    return shift


def dutyshift_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    shift = _roster_shift(user, pk)
    form = forms.DutyShiftForm(request.POST or None, instance=shift, user=user)
    return form_page(
        request,
        form,
        template="core/crud_form.html",
        context=DUTY_SHIFTS._context(request, object=shift),
        action=lambda data: services.duty_shift_update(shift, actor=user, **data),
        success=lambda obj: (
            _("已保存值班“%(object)s”。") % {"object": obj},
            reverse("legal_services:dutyshift_detail", args=[obj.pk]),
        ),
        on_invalid=shift.refresh_from_db,
    )


def _action_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    obj: Any,
    back: str,
    submit: str,
    action: Callable[[dict[str, Any]], Any],
    success: Callable[[Any], tuple[str, str]],
    intro: str = "",
    danger: bool = False,
) -> HttpResponse:
    return form_page(
        request,
        form,
        template="legal_services/duty_action.html",
        context={
            "title": title,
            "object": obj,
            "back_url": back,
            "submit": submit,
            "intro": intro,
            "danger": danger,
        },
        action=action,
        success=success,
    )


def dutyshift_record(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    shift = selectors.get_shift_for_user(user, pk, write=True)
    if not selectors.may_record_shift(user, shift):
        raise _refuse(_("只能登记本人的值班情况；其他律师的值班由司法所登记。"))
    initial = {
        "status": shift.status if shift.status != DutyShift.Status.SCHEDULED else "held",
        "consultations_handled": shift.consultations_handled,
        "record": shift.record,
    }
    form = forms.DutyShiftRecordForm(request.POST or None, initial=initial)
    detail = reverse("legal_services:dutyshift_detail", args=[shift.pk])
    return _action_page(
        request,
        form,
        title=_("登记值班情况"),
        obj=shift,
        back=detail,
        submit=_("保存"),
        action=lambda data: services.duty_shift_record(shift, actor=user, **data),
        success=lambda obj: (
            _("已登记值班情况：%(status)s。") % {"status": obj.get_status_display()},
            detail,
        ),
    )


def dutyshift_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    shift = _roster_shift(user, pk)
    holding = shift.appointments.filter(
        status__in=(Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
    ).count()
    form = forms.DutyShiftCancelForm(request.POST or None)
    detail = reverse("legal_services:dutyshift_detail", args=[shift.pk])
    intro = (
        _("该值班有%(count)d个预约，将一并取消。") % {"count": holding}
        if holding
        else _("该值班尚无预约。")
    )

    def success(obj: DutyShift) -> tuple[str, str]:
        return (
            _("已取消值班“%(object)s”，%(count)d个预约随之取消。")
            % {"object": obj, "count": holding},
            detail,
        )

    return _action_page(
        request,
        form,
        title=_("取消值班"),
        obj=shift,
        back=detail,
        submit=_("取消值班"),
        intro=intro,
        danger=True,
        action=lambda data: services.duty_shift_cancel(shift, actor=user, reason=data["reason"]),
        success=success,
    )


# --- the lawyers' calendar links --------------------------------------------------------------


def _feed_rows(request: HttpRequest) -> list[Any]:
    return list(selectors.lawyers_for_feeds(request.user))


def dutyshift_calendar(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, DutyShift, "view")
    return render(
        request,
        "legal_services/duty_calendar.html",
        {"lawyers": _feed_rows(request), "issued": None, "keeper": selectors.keeps_roster(user)},
    )


def _feed_lawyer(request: HttpRequest, pk: int) -> Any:
    user: Any = request.user
    require_perm(user, DutyShift, "view")
    lawyer = selectors.get_lawyer_for_user(user, pk)
    if not selectors.may_manage_feed(user, lawyer):
        raise _refuse(_("只能管理本人的值班日历，或由司法所管理。"))
    return lawyer


def dutyshift_calendar_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    lawyer = _feed_lawyer(request, pk)
    try:
        _feed, token = services.lawyer_calendar_feed_issue(lawyer=lawyer, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("legal_services:dutyshift_calendar"))
    url = request.build_absolute_uri(
        reverse("legal_services:dutyshift_calendar_feed", args=[token])
    )
    response = render(
        request,
        "legal_services/duty_calendar.html",
        {
            "lawyers": _feed_rows(request),
            "issued": {
                "lawyer": lawyer,
                "url": url,
                "webcal": "webcal://" + url.split("://", 1)[1],
            },
            "keeper": selectors.keeps_roster(user),
        },
    )
    # The link is shown once: keep it out of caches and the browser's back button.
    response["Cache-Control"] = "no-store"
    return response


def dutyshift_calendar_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    lawyer = _feed_lawyer(request, pk)
    try:
        services.lawyer_calendar_feed_revoke(lawyer=lawyer, actor=_actor(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已停用%(lawyer)s的值班日历链接。") % {"lawyer": lawyer.name})
    return HttpResponseRedirect(reverse("legal_services:dutyshift_calendar"))


@never_cache
@require_http_methods(_READ)
def dutyshift_calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The .ics of a lawyer's shifts, for calendar apps: no login, the secret link is the key."""
    if len(token) > 100:
        raise Http404(Refusal(_("日历链接无效或已停用。")))
    feed = selectors.feed_by_digest(services.feed_token_digest(token))
    if feed is None:
        raise Http404(Refusal(_("日历链接无效或已停用。")))
    shifts = selectors.feed_shifts(feed.lawyer, timezone.localdate())
    body = ical.duty_calendar(feed.lawyer, shifts)
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duty.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- service suspensions ----------------------------------------------------------------------


def _suspension_message(obj: ServiceSuspension, before: int, started: Any) -> str:
    shifts = obj.cancelled_shifts.count() - before
    appointments = Appointment.objects.filter(
        shift__suspension=obj, status=Appointment.Status.CANCELLED, status_changed_at=started
    ).count()
    return _(
        "已保存暂停现场服务“%(object)s”：取消了该期间已排的%(shifts)d个值班和%(appointments)d个预约。"
    ) % {"object": obj, "shifts": shifts, "appointments": appointments}


SUSPENSIONS = Crud(
    model=ServiceSuspension,
    name="servicesuspension",
    namespace="legal_services",
    list_fields=["starts_on", "ends_on", "village", "reason", "alternative"],
    filterset=filters.ServiceSuspensionFilter,
    form_class=forms.ServiceSuspensionForm,
    selector=selectors.service_suspension_list,
    create=lambda data, *, street, actor: services.service_suspension_create(
        street=street, actor=actor, **data
    ),
    update=lambda obj, data, *, actor: services.service_suspension_update(obj, actor=actor, **data),
    delete=services.service_suspension_delete,
    detail_fields=["village", "starts_on", "ends_on", "reason", "alternative", "created_at"],
    related=[
        Related(
            gettext_lazy("因暂停取消的值班"),
            lambda s: s.cancelled_shifts.select_related("village", "lawyer"),
            ["date", "village", "lawyer", "cancel_reason"],
            "legal_services:dutyshift_detail",
        )
    ],
    help_text=gettext_lazy(
        "暂停期间已排的值班自动取消，其预约一并取消；暂停原因和替代服务方式在预约页面公开显示。"
        "恢复现场服务时，请修改“恢复前最后一日”，不要删除记录。"
    ),
)


def servicesuspension_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, ServiceSuspension, "add")
    if user.street_id is None or not selectors.keeps_roster(user):
        raise _refuse(_("暂停现场服务由司法所办理。"))
    form = forms.ServiceSuspensionForm(request.POST or None, user=user)
    started = timezone.now()
    return form_page(
        request,
        form,
        template="core/crud_form.html",
        context=SUSPENSIONS._context(request, object=None),
        action=lambda data: services.service_suspension_create(
            street=user.street, actor=user, now=started, **data
        ),
        success=lambda obj: (
            _suspension_message(obj, 0, started),
            reverse("legal_services:servicesuspension_detail", args=[obj.pk]),
        ),
    )


def servicesuspension_update(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    suspension = selectors.get_suspension_for_user(user, pk, write=True)
    if not selectors.keeps_roster(user):
        raise _refuse(_("暂停现场服务由司法所办理。"))
    form = forms.ServiceSuspensionForm(request.POST or None, instance=suspension, user=user)
    started = timezone.now()
    before = suspension.cancelled_shifts.count()
    return form_page(
        request,
        form,
        template="core/crud_form.html",
        context=SUSPENSIONS._context(request, object=suspension),
        action=lambda data: services.service_suspension_update(
            suspension, actor=user, now=started, **data
        ),
        success=lambda obj: (
            _suspension_message(obj, before, started),
            reverse("legal_services:servicesuspension_detail", args=[obj.pk]),
        ),
        on_invalid=suspension.refresh_from_db,
    )


# --- appointments -----------------------------------------------------------------------------


APPOINTMENT_COLUMNS = [
    _field(Appointment, "code", link=True),
    Column(pgettext_lazy("appointment", "值班日期"), lambda a: cn_date(a.shift.date)),
    Column(gettext_lazy("时段"), lambda a: _time_slot(a.shift)),
    Column(gettext_lazy("村居"), lambda a: a.shift.village),
    Column(gettext_lazy("值班律师"), lambda a: a.shift.lawyer),
    _field(Appointment, "topic"),
    _field(Appointment, "name"),
    _field(Appointment, "mobile"),
    _field(Appointment, "source"),
    _field(Appointment, "status"),
]


def appointment_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_perm(user, Appointment, "view")
    return _list_page(
        request,
        model=Appointment,
        filterset=filters.AppointmentFilter,
        queryset=selectors.appointment_list(user).order_by("shift__date", "shift__starts_at", "pk"),
        columns=APPOINTMENT_COLUMNS,
        detail_url="legal_services:appointment_detail",
        template="legal_services/duty_list.html",
        context={
            "create_url": reverse("legal_services:appointment_create")
            if selectors.handles_bookings(user)
            else None,
            "help": _(
                "群众在网上预约或由工作人员代为预约；预约人的姓名和手机号码只在本系统内显示。"
            ),
        },
    )


def _appointment_page(
    request: HttpRequest,
    appointment: Appointment,
    *,
    error: str = "",
    cancel_form: Any = None,
    reschedule_form: Any = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    now = timezone.now()
    shift = appointment.shift
    names = ["code", "status", "topic", "description", "name", "mobile", "source"]
    names += ["consent_at", "status_changed_at", "note", "created_at"]
    fields = [(field_label(Appointment, n), display_value(appointment, n)) for n in names]
    open_ = appointment.status in (Appointment.Status.BOOKED, Appointment.Status.CONFIRMED)
    handler = selectors.may_handle_appointment(user, appointment)
    keeper = selectors.handles_bookings(user)
    started = selectors.shift_start(shift) <= now
    markable = open_ or appointment.status in (
        Appointment.Status.ATTENDED,
        Appointment.Status.NO_SHOW,
    )
    previous = Appointment.objects.filter(rescheduled_to=appointment).first()
    return render(
        request,
        "legal_services/duty_appointment.html",
        {
            "appointment": appointment,
            "shift": shift,
            "time_slot": _time_slot(shift),
            "fields": fields,
            "previous": previous,
            "error": error,
            "can_confirm": handler and appointment.status == Appointment.Status.BOOKED,
            "can_attend": handler and markable and started,
            "attend_later": handler and open_ and not started,
            "can_cancel": keeper and open_,
            "can_reschedule": keeper and open_,
            "cancel_form": cancel_form or forms.AppointmentCancelForm(),
            "reschedule_form": reschedule_form
            or forms.AppointmentRescheduleForm(appointment=appointment, now=now),
        },
        status=status,
    )


def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.get_appointment_for_user(request.user, pk)
    return _appointment_page(request, appointment)


def _appointment_action(
    request: HttpRequest, pk: int, run: Callable[[Appointment], Any], done: Callable[[Any], str]
) -> HttpResponse:
    """Run a state change from a detail page button: back to the page with the outcome."""
    appointment = selectors.get_appointment_for_user(request.user, pk, write=True)
    try:
        result = run(appointment)
    except ValidationError as exc:
        appointment.refresh_from_db()
        return _appointment_page(request, appointment, error=" ".join(exc.messages), status=400)
    messages.success(request, done(result))
    target = result if isinstance(result, Appointment) else appointment
    return HttpResponseRedirect(reverse("legal_services:appointment_detail", args=[target.pk]))


def appointment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _appointment_action(
        request,
        pk,
        lambda a: services.appointment_confirm(a, actor=_actor(request)),
        lambda a: _("已确认预约%(code)s。") % {"code": a.code},
    )


def appointment_attend(request: HttpRequest, pk: int) -> HttpResponse:
    attended = request.POST.get("attended")
    if attended not in ("yes", "no"):
        appointment = selectors.get_appointment_for_user(request.user, pk, write=True)
        return _appointment_page(
            request, appointment, error=_("请选择“已到场”或“未到场”。"), status=400
        )
    return _appointment_action(
        request,
        pk,
        lambda a: services.appointment_attend(a, actor=_actor(request), attended=attended == "yes"),
        lambda a: (
            _("已登记预约%(code)s：%(status)s。")
            % {"code": a.code, "status": a.get_status_display()}
        ),
    )


def appointment_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = selectors.get_appointment_for_user(request.user, pk, write=True)
    form = forms.AppointmentCancelForm(request.POST)
    if not form.is_valid():
        return _appointment_page(request, appointment, cancel_form=form, status=400)
    return _appointment_action(
        request,
        pk,
        lambda a: services.appointment_cancel(
            a, actor=_actor(request), reason=form.cleaned_data["reason"]
        ),
        lambda a: _("已取消预约%(code)s。") % {"code": a.code},
    )


def appointment_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    appointment = selectors.get_appointment_for_user(user, pk, write=True)
    if not selectors.handles_bookings(user):
        raise _refuse(_("只有司法所工作人员可以代为预约、取消或改期。"))
    form = forms.AppointmentRescheduleForm(
        request.POST, appointment=appointment, now=timezone.now()
    )
    if not form.is_valid():
        return _appointment_page(request, appointment, reschedule_form=form, status=400)
    try:
        new = services.appointment_reschedule(
            appointment, shift=form.cleaned_data["shift"], actor=user
        )
    except ValidationError as exc:
        add_service_error(form, exc, "shift")
        appointment.refresh_from_db()
        return _appointment_page(request, appointment, reschedule_form=form, status=400)
    messages.success(
        request,
        _("已改期：新的预约码为%(code)s，请告知预约人。原预约%(old)s已标记为已改期。")
        % {"code": new.code, "old": appointment.code},
    )
    return HttpResponseRedirect(reverse("legal_services:appointment_detail", args=[new.pk]))


def appointment_create(request: HttpRequest) -> HttpResponse:
    """Book on a resident's behalf (phone or desk): the same rules as the public page."""
    user: Any = request.user
    require_perm(user, Appointment, "add")
    if user.street_id is None:
        raise _refuse(_("您的账号未归属任何街道，不能新增记录。"))
    initial = {"shift": request.GET.get("shift")} if request.GET.get("shift", "").isdigit() else {}
    form = forms.StaffBookingForm(
        request.POST or None, initial=initial, user=user, now=timezone.now()
    )
    return form_page(
        request,
        form,
        template="legal_services/duty_action.html",
        context={
            "title": _("代为预约"),
            "object": None,
            "back_url": reverse("legal_services:appointment_list"),
            "submit": _("提交预约"),
            "intro": _("为来电或来访的群众预约律师值班时段，规则与网上预约相同。"),
            "danger": False,
        },
        action=lambda data: services.appointment_book(
            shift=data["shift"],
            topic=data["topic"],
            name=data["name"],
            mobile=data["mobile"],
            consent=data["consent"],
            description=data["description"],
            source=Appointment.Source.STAFF,
            actor=user,
        ),
        success=lambda a: (
            _("已为%(name)s预约%(shift)s，预约码%(code)s，请告知预约人。")
            % {"name": a.name, "shift": a.shift, "code": a.code},
            reverse("legal_services:appointment_detail", args=[a.pk]),
        ),
        error_field="shift",
    )


def _crud_pattern(crud: Crud, name: str) -> URLPattern:
    return next(p for p in crud.urls() if p.name == f"{crud.name}_{name}")


urlpatterns: list[URLPattern] = [
    path("dutyshift/", _view(dutyshift_list, _READ), name="dutyshift_list"),
    _crud_pattern(DUTY_SHIFTS, "create"),
    path("dutyshift/<int:pk>/", _view(dutyshift_detail, _READ), name="dutyshift_detail"),
    path("dutyshift/<int:pk>/edit/", _view(dutyshift_update, _WRITE), name="dutyshift_update"),
    _crud_pattern(DUTY_SHIFTS, "delete"),
    path("dutyshift/<int:pk>/record/", _view(dutyshift_record, _WRITE), name="dutyshift_record"),
    path("dutyshift/<int:pk>/cancel/", _view(dutyshift_cancel, _WRITE), name="dutyshift_cancel"),
    path("dutyshift/calendar/", _view(dutyshift_calendar, _READ), name="dutyshift_calendar"),
    path(
        "dutyshift/calendar/<int:pk>/issue/",
        login_required(require_POST(dutyshift_calendar_issue)),
        name="dutyshift_calendar_issue",
    ),
    path(
        "dutyshift/calendar/<int:pk>/revoke/",
        login_required(require_POST(dutyshift_calendar_revoke)),
        name="dutyshift_calendar_revoke",
    ),
    path(
        "dutyshift/calendar/feed/<str:token>.ics",
        dutyshift_calendar_feed,
        name="dutyshift_calendar_feed",
    ),
    _crud_pattern(SUSPENSIONS, "list"),
    path(
        "servicesuspension/new/",
        _view(servicesuspension_create, _WRITE),
        name="servicesuspension_create",
    ),
    _crud_pattern(SUSPENSIONS, "detail"),
    path(
        "servicesuspension/<int:pk>/edit/",
        _view(servicesuspension_update, _WRITE),
        name="servicesuspension_update",
    ),
    _crud_pattern(SUSPENSIONS, "delete"),
    path("appointment/", _view(appointment_list, _READ), name="appointment_list"),
    path("appointment/new/", _view(appointment_create, _WRITE), name="appointment_create"),
    path("appointment/<int:pk>/", _view(appointment_detail, _READ), name="appointment_detail"),
    *(
        path(
            f"appointment/<int:pk>/{name}/",
            login_required(require_POST(view)),
            name=f"appointment_{name}",
        )
        for name, view in (
            ("confirm", appointment_confirm),
            ("attend", appointment_attend),
            ("cancel", appointment_cancel),
            ("reschedule", appointment_reschedule),
        )
    ),
]
