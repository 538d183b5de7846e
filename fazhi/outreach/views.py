"""Back-office pages of law education and publicity: the lists of every record type (with
their filters and Excel exports), the coverage of the responsibility lists, the calendar of key
dates, an activity's photos and on-the-spot consultations, the FAQ's and the quizzes' state
changes, the files of works, and the Excel imports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import get_for_user, perm_name, require_perm
from fazhi.core.crud import Column, Crud, Related
from fazhi.core.files import serve_document
from fazhi.core.forms import form_page
from fazhi.core.imports.pages import ImportPages
from fazhi.legal_services.models import Consultation
from fazhi.outreach import filters, forms, selectors, services, views_quiz
from fazhi.outreach import imports as outreach_imports
from fazhi.outreach.models import (
    Activity,
    ActivityPhoto,
    FaqEntry,
    KeyDate,
    MediaWork,
    PublicityItem,
    Question,
    Quiz,
    QuizAttempt,
    Recognition,
    ResponsibilityItem,
    Theme,
)

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


def _post_button(request: HttpRequest, url: str, label: str, css: str = "button") -> Any:
    """A one-button form posting to ``url`` (a state change), with the page's CSRF token."""
    return format_html(
        '<form method="post" action="{}" class="inline">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button type="submit" class="{}">{}</button></form>',
        url,
        get_token(request),
        css,
        label,
    )


def _link(url: str, label: str) -> Any:
    return format_html('<a class="button" href="{}">{}</a>', url, label)


def _year(request: HttpRequest) -> int:
    """The year asked for (?year=2020), this year when none or a bad one is given."""
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


# --- computed values of lists and detail pages ----------------------------------------------------


def _activity_rows(request: HttpRequest, activity: Activity) -> list[tuple[Any, Any]]:
    user: Any = request.user
    photos = list(activity.photos.all())
    thumbnails = format_html_join(
        " ",
        '<a href="{}?inline=1"><img src="{}?inline=1" alt="{}" width="240"></a>',
        (
            (
                reverse("outreach:activityphoto_file", args=[p.pk]),
                reverse("outreach:activityphoto_file", args=[p.pk]),
                p.caption or _("活动照片"),
            )
            for p in photos
        ),
    )
    actions: list[Any] = []
    can_change = user.has_perm(perm_name(Activity, "change"))
    if can_change and user.has_perm(perm_name(ActivityPhoto, "add")):
        actions.append(
            _link(reverse("outreach:activity_photo_add", args=[activity.pk]), _("上传照片"))
        )
    if photos and user.has_perm(perm_name(ActivityPhoto, "delete")):
        actions.append(
            format_html_join(
                " ",
                "{}",
                (
                    (
                        _post_button(
                            request,
                            reverse("outreach:activityphoto_delete", args=[p.pk]),
                            _("删除照片“%(name)s”") % {"name": p.caption or p.pk},
                            "link",
                        ),
                    )
                    for p in photos
                ),
            )
        )
    rows: list[tuple[Any, Any]] = [
        (
            _("活动照片"),
            format_html(
                "{}<br>{}",
                thumbnails or _("暂无照片。"),
                format_html_join(" ", "{}", ((a,) for a in actions)),
            ),
        )
    ]
    if can_change and user.has_perm(perm_name(Consultation, "view")):
        rows.append(
            (
                _("现场法律咨询"),
                _link(
                    reverse("outreach:activity_consultations", args=[activity.pk]),
                    _("选择活动当天的咨询"),
                ),
            )
        )
    return rows


def _themes(obj: Any) -> str:
    return _("、").join(t.name for t in obj.themes.all())


def _work_rows(request: HttpRequest, work: MediaWork) -> list[tuple[Any, Any]]:
    if not work.file:
        return [(_("作品文件"), _("未上传"))]
    url = reverse("outreach:mediawork_file", args=[work.pk])
    return [
        (_("作品文件"), format_html('<a href="{}">{}</a>', url, _("下载作品文件"))),
    ]


def _faq_rows(request: HttpRequest, entry: FaqEntry) -> list[tuple[Any, Any]]:
    user: Any = request.user
    if not user.has_perm(perm_name(FaqEntry, "change")):
        return []
    if entry.status == FaqEntry.Status.PUBLISHED:
        url = reverse("outreach:faqentry_retire", args=[entry.pk])
        return [(_("操作"), _post_button(request, url, _("停用（不再公开）")))]
    url = reverse("outreach:faqentry_publish", args=[entry.pk])
    return [(_("操作"), _post_button(request, url, _("发布")))]


def _quiz_rows(request: HttpRequest, quiz: Quiz) -> list[tuple[Any, Any]]:
    user: Any = request.user
    rows: list[tuple[Any, Any]] = [
        (_("出题范围内在用的试题"), _("%(count)d道") % {"count": services.quiz_pool(quiz).count()})
    ]
    if user.has_perm(perm_name(QuizAttempt, "view")):
        url = f"{reverse('outreach:quizattempt_list')}?{urlencode({'quiz': quiz.pk})}"
        submitted = quiz.attempts.filter(submitted_at__isnull=False).count()
        rows.append(
            (
                _("参与人数"),
                format_html('{}　<a href="{}">{}</a>', submitted, url, _("查看竞答记录")),
            )
        )
    if user.has_perm(perm_name(Quiz, "change")):
        buttons = []
        if quiz.status == Quiz.Status.DRAFT:
            buttons.append(
                _post_button(request, reverse("outreach:quiz_publish", args=[quiz.pk]), _("发布"))
            )
        if quiz.status != Quiz.Status.CANCELLED:
            buttons.append(
                _post_button(
                    request,
                    reverse("outreach:quiz_cancel", args=[quiz.pk]),
                    _("取消竞答"),
                    "danger",
                )
            )
        if buttons:
            rows.append((_("操作"), format_html_join(" ", "{}", ((b,) for b in buttons))))
    return rows


def _key_date_when(key_date: KeyDate) -> str:
    return key_date.when


def _participants(quiz: Quiz) -> Any:
    return getattr(quiz, "participants", "")


def _masked_mobile(attempt: QuizAttempt) -> str:
    from fazhi.core.masking import mask_mobile

    return mask_mobile(attempt.mobile)


# --- the entities ---------------------------------------------------------------------------------

THEME = Crud(
    model=Theme,
    name="theme",
    namespace="outreach",
    list_fields=["name", "kind", "sort_order", "is_active", "note"],
    filterset=filters.ThemeFilter,
    form_class=forms.ThemeForm,
    selector=selectors.theme_list,
    create=_create(services.theme_create),
    update=_update(services.theme_update),
    delete=services.record_delete,
    help_text=gettext_lazy(
        "普法活动、宣传、作品和试题按普法主题归类；普法责任清单列明各部门负责宣传的法律法规。"
        "不再使用的主题请取消“在用”，不要删除。"
    ),
)

RESPONSIBILITY_ITEM = Crud(
    model=ResponsibilityItem,
    name="responsibilityitem",
    namespace="outreach",
    list_fields=["year", "department", "theme", "audience"],
    export_fields=["year", "department", "theme", "content", "audience", "note"],
    filterset=filters.ResponsibilityItemFilter,
    form_class=forms.ResponsibilityItemForm,
    selector=selectors.responsibility_item_list,
    create=_create(services.responsibility_item_create),
    update=_update(services.responsibility_item_update),
    delete=services.record_delete,
    help_text=gettext_lazy(
        "谁执法谁普法：每个部门每年列出本部门执行、应当向群众宣传的法律法规。"
        "“清单落实情况”按年度列出每部法律当年开展的普法活动，没有开展的一目了然。"
    ),
)

KEY_DATE = Crud(
    model=KeyDate,
    name="keydate",
    namespace="outreach",
    list_fields=["name", "themes", "is_active", "description"],
    filterset=filters.KeyDateFilter,
    form_class=forms.KeyDateForm,
    selector=selectors.key_date_list,
    create=_create(services.key_date_create),
    update=_update(services.key_date_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("日期"), _key_date_when)],
    help_text=gettext_lazy(
        "每年的普法节点，如4·15全民国家安全教育日、6·26国际禁毒日、12·4国家宪法日。"
        "节点前14天仍没有安排活动的，首页会提醒。"
    ),
)

ACTIVITY = Crud(
    model=Activity,
    name="activity",
    namespace="outreach",
    list_fields=["held_on", "title", "kind", "status", "department", "headcount", "materials"],
    export_fields=[
        "held_on",
        "title",
        "kind",
        "status",
        "themes",
        "place",
        "village",
        "department",
        "partner_firm",
        "partners",
        "audience",
        "headcount",
        "materials",
        "key_date",
        "quiz",
        "summary",
    ],
    detail_fields=[
        "title",
        "kind",
        "status",
        "held_on",
        "themes",
        "place",
        "village",
        "department",
        "partner_firm",
        "partners",
        "audience",
        "headcount",
        "materials",
        "key_date",
        "quiz",
        "summary",
    ],
    filterset=filters.ActivityFilter,
    form_class=forms.ActivityForm,
    selector=selectors.activity_list,
    create=_create(services.activity_create),
    update=_update(services.activity_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("普法主题"), _themes)],
    detail_rows=_activity_rows,
    related=[
        Related(
            gettext_lazy("现场法律咨询"),
            lambda activity: activity.consultations.select_related("lawyer"),
            ["occurred_at", "channel", "topic", "lawyer"],
            "legal_services:consultation_detail",
        ),
    ],
    help_text=gettext_lazy(
        "已开展的活动计入统计（讲座、赶大集等场次，参与人数和发放材料份数）；计划开展的活动"
        "显示在普法节点日历上，开展后把状态改为“已开展”并填写参与人数。活动现场的法律咨询"
        "在公共法律服务中登记，再在活动页面上关联。"
    ),
)

PUBLICITY_ITEM = Crud(
    model=PublicityItem,
    name="publicityitem",
    namespace="outreach",
    list_fields=["published_on", "title", "channel", "kind", "quantity", "reach", "village"],
    export_fields=[
        "published_on",
        "channel",
        "title",
        "kind",
        "quantity",
        "reach",
        "village",
        "grid",
        "group",
        "lawyer",
        "department",
        "themes",
        "link",
        "note",
    ],
    filterset=filters.PublicityItemFilter,
    form_class=forms.PublicityItemForm,
    selector=selectors.publicity_item_list,
    create=_create(services.publicity_item_create),
    update=_update(services.publicity_item_update),
    delete=services.record_delete,
    help_text=gettext_lazy(
        "线上推送（微博、公众号、微信群、朋友圈、抖音）和线下宣传（公开栏、电子显示屏、条幅、海报、"
        "大喇叭、移动音箱、一封信、明白纸、宣讲员、网格巡逻车）都在这里登记，包括律师在法律服务"
        "微信群的推送。线上推送计入“推送法律信息”。"
    ),
)

MEDIA_WORK = Crud(
    model=MediaWork,
    name="mediawork",
    namespace="outreach",
    list_fields=["published_on", "title", "kind", "platform", "partner_firm", "views"],
    export_fields=[
        "published_on",
        "title",
        "kind",
        "platform",
        "partner_firm",
        "makers",
        "link",
        "views",
        "themes",
        "department",
        "description",
        "file_sha256",
    ],
    detail_fields=[
        "title",
        "kind",
        "published_on",
        "partner_firm",
        "makers",
        "platform",
        "link",
        "views",
        "themes",
        "department",
        "description",
        "file_sha256",
    ],
    filterset=filters.MediaWorkFilter,
    form_class=forms.MediaWorkForm,
    selector=selectors.media_work_list,
    create=_create(services.media_work_create),
    update=_update(services.media_work_update),
    delete=services.record_delete,
    detail_rows=_work_rows,
    related=[
        Related(
            gettext_lazy("获得的肯定"),
            lambda work: work.recognitions.all(),
            ["recognised_on", "recognised_by", "level"],
            "outreach:recognition_detail",
        )
    ],
)

RECOGNITION = Crud(
    model=Recognition,
    name="recognition",
    namespace="outreach",
    list_fields=["recognised_on", "recognised_by", "level", "work"],
    filterset=filters.RecognitionFilter,
    form_class=forms.RecognitionForm,
    selector=selectors.recognition_list,
    create=_create(services.recognition_create),
    update=_update(services.recognition_update),
    delete=services.record_delete,
)

FAQ_ENTRY = Crud(
    model=FaqEntry,
    name="faqentry",
    namespace="outreach",
    list_fields=["question", "category", "status", "published_on", "partner_firm"],
    export_fields=[
        "question",
        "answer",
        "category",
        "law_references",
        "status",
        "published_on",
        "retired_on",
        "partner_firm",
    ],
    filterset=filters.FaqEntryFilter,
    form_class=forms.FaqEntryForm,
    selector=selectors.faq_entry_list,
    create=_create(services.faq_entry_create),
    update=_update(services.faq_entry_update),
    delete=services.record_delete,
    detail_rows=_faq_rows,
    help_text=gettext_lazy(
        "新增的问题为草稿，在问题页面点击“发布”后在公众服务网站公开；所依据的法律修改或废止后，"
        "请修改解答或“停用”。"
    ),
)

QUESTION = Crud(
    model=Question,
    name="question",
    namespace="outreach",
    list_fields=["stem", "kind", "answer", "theme", "in_use"],
    export_fields=[
        "kind",
        "stem",
        "option_list",
        "answer",
        "explanation",
        "law_reference",
        "theme",
        "in_use",
    ],
    detail_fields=[
        "kind",
        "stem",
        "option_list",
        "answer",
        "explanation",
        "law_reference",
        "theme",
        "in_use",
    ],
    filterset=filters.QuestionFilter,
    form_class=forms.QuestionForm,
    selector=selectors.question_list,
    create=_create(services.question_create),
    update=_update(services.question_update),
    delete=services.record_delete,
    help_text=gettext_lazy(
        "知识竞答从题库中在用的试题随机抽题。已用于竞答的试题不再使用时请取消“在用”，不要删除。"
    ),
)

QUIZ = Crud(
    model=Quiz,
    name="quiz",
    namespace="outreach",
    list_fields=[
        "title",
        "opens_at",
        "closes_at",
        "question_count",
        "time_limit_minutes",
        "status",
    ],
    filterset=filters.QuizFilter,
    form_class=forms.QuizForm,
    selector=selectors.quiz_list,
    create=_create(services.quiz_create),
    update=_update(services.quiz_update),
    delete=services.record_delete,
    columns=[Column(gettext_lazy("参与人数"), _participants)],
    detail_rows=_quiz_rows,
    detail_template="outreach/quiz_detail.html",
    detail_context=views_quiz.quiz_results,
    help_text=gettext_lazy(
        "竞答发布后，群众在开始和结束时间之间用手机号码参加，每个号码限答一次，"
        "每次从出题范围内的在用试题中随机抽题，在限时内交卷，由系统评分。"
    ),
)

QUIZ_ATTEMPT = Crud(
    model=QuizAttempt,
    name="quizattempt",
    namespace="outreach",
    list_fields=["quiz", "name", "submitted_at", "correct", "score"],
    export_fields=["quiz", "name", "started_at", "submitted_at", "correct", "score"],
    detail_fields=["quiz", "name", "started_at", "submitted_at", "correct", "score"],
    filterset=filters.QuizAttemptFilter,
    form_class=forms.QuizForm,  # not used: attempts are written by the residents' quiz pages
    selector=selectors.quiz_attempt_list,
    create=None,
    update=None,
    delete=None,
    columns=[Column(gettext_lazy("手机号码"), _masked_mobile)],
    help_text=gettext_lazy("群众参加知识竞答的记录，手机号码只显示前三位和后四位。"),
)

ENTITIES = [
    THEME,
    RESPONSIBILITY_ITEM,
    KEY_DATE,
    ACTIVITY,
    PUBLICITY_ITEM,
    MEDIA_WORK,
    RECOGNITION,
    FAQ_ENTRY,
    QUESTION,
    QUIZ,
    QUIZ_ATTEMPT,
]


# --- the coverage of the responsibility lists and the calendar of key dates --------------------


@login_required
@require_http_methods(_READ)
def responsibility_coverage(request: HttpRequest) -> HttpResponse:
    """Which laws of the year's responsibility lists had activities, and which had none."""
    user: Any = request.user
    require_perm(user, ResponsibilityItem, "view")
    require_perm(user, Activity, "view")
    year = _year(request)
    rows = selectors.responsibility_coverage(user, year)
    covered = sum(1 for r in rows if r.covered)
    return render(
        request,
        "outreach/coverage.html",
        {
            "year": year,
            "rows": rows,
            "covered": covered,
            "uncovered": len(rows) - covered,
            "activity_list_url": reverse("outreach:activity_list"),
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


@login_required
@require_http_methods(_READ)
def keydate_calendar(request: HttpRequest) -> HttpResponse:
    """The key dates of a year with the activities and quizzes planned and done for each."""
    user: Any = request.user
    require_perm(user, KeyDate, "view")
    year = _year(request)
    today = timezone.localdate()
    due = {(r.key_date.pk, r.start) for r in selectors.key_dates_unplanned(user, today)}
    rows = [
        (row, (row.key_date.pk, row.start) in due)
        for row in selectors.key_date_calendar(user, year)
    ]
    return render(
        request,
        "outreach/calendar.html",
        {
            "year": year,
            "rows": rows,
            "today": today,
            "can_add_activity": user.has_perm(perm_name(Activity, "add")),
            "can_add_key_date": user.has_perm(perm_name(KeyDate, "add")),
            "years": range(today.year + 1, today.year - 6, -1),
        },
    )


@login_required
@require_http_methods(["POST"])
def keydate_add_standard(request: HttpRequest) -> HttpResponse:
    """Add the standard key dates the street does not have yet."""
    user: Any = request.user
    require_perm(user, KeyDate, "add")
    if user.street_id is None:
        messages.error(request, _("您的账号未归属任何街道，不能新增记录。"))
    else:
        created = services.key_dates_add_standard(street=user.street, actor=user)
        if created:
            messages.success(
                request,
                _("已添加普法节点：%(names)s。") % {"names": _("、").join(k.name for k in created)},
            )
        else:
            messages.success(request, _("常用普法节点都已添加，没有新增。"))
    return HttpResponseRedirect(reverse("outreach:keydate_calendar"))


# --- an activity's photos and consultations --------------------------------------------------


@login_required
@require_http_methods(_WRITE)
def activity_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    activity = get_for_user(Activity, user, pk, write=True)
    require_perm(user, ActivityPhoto, "add")
    form = forms.ActivityPhotoForm(request.POST or None, request.FILES or None)
    detail_url = reverse("outreach:activity_detail", args=[activity.pk])
    return form_page(
        request,
        form,
        template="outreach/activity_photo_form.html",
        context={"activity": activity, "detail_url": detail_url},
        action=lambda data: services.activity_photo_add(
            activity=activity, file=data["file"], caption=data.get("caption", ""), actor=user
        ),
        success=lambda photo: (_("已上传活动照片。"), detail_url),
        error_field="file",
    )


@login_required
@require_http_methods(_READ)
def activityphoto_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo, for those who may see the activity."""
    photo = get_for_user(ActivityPhoto, request.user, pk)
    response = serve_document(photo.file, filename=_("活动照片%(pk)s") % {"pk": photo.pk})
    if request.GET.get("inline"):
        response["Content-Disposition"] = "inline"
    return response


@login_required
@require_http_methods(["POST"])
def activityphoto_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    photo = get_for_user(ActivityPhoto, user, pk, write=True, action="delete")
    url = reverse("outreach:activity_detail", args=[photo.activity_id])
    services.activity_photo_remove(photo, actor=user)
    messages.success(request, _("已删除活动照片。"))
    return HttpResponseRedirect(url)


@login_required
@require_http_methods(_WRITE)
def activity_consultations(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick which of the activity day's consultations were taken at the activity."""
    user: Any = request.user
    activity = get_for_user(Activity, user, pk, write=True)
    require_perm(user, Consultation, "view")
    choices = selectors.consultations_of_the_day(user, activity)
    form = forms.ActivityConsultationsForm(
        request.POST or None,
        choices=choices,
        initial={"consultations": list(activity.consultations.values_list("pk", flat=True))},
    )
    detail_url = reverse("outreach:activity_detail", args=[activity.pk])
    # Links to consultations the user may not see stay as they are.
    hidden = list(activity.consultations.exclude(pk__in=choices.values("pk")))
    return form_page(
        request,
        form,
        template="outreach/activity_consultations.html",
        context={"activity": activity, "detail_url": detail_url, "choices": choices},
        action=lambda data: services.activity_consultations_set(
            activity, consultations=[*data["consultations"], *hidden], actor=user
        ),
        success=lambda _result: (_("已保存本次活动的现场法律咨询。"), detail_url),
        error_field="consultations",
    )


# --- files of works, the FAQ's and the quizzes' state ------------------------------------------


@login_required
@require_http_methods(_READ)
def mediawork_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    work = get_for_user(MediaWork, request.user, pk)
    name = work.title.replace("/", "_").replace("\\", "_")
    return serve_document(work.file, filename=name)


def _state_change(
    request: HttpRequest, model: Any, pk: int, change: Any, done: str, url_name: str
) -> HttpResponse:
    user: Any = request.user
    obj = get_for_user(model, user, pk, write=True)
    try:
        change(obj, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"object": obj})
    return HttpResponseRedirect(reverse(url_name, args=[obj.pk]))


@login_required
@require_http_methods(["POST"])
def faqentry_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        FaqEntry,
        pk,
        services.faq_entry_publish,
        _("已发布“%(object)s”。"),
        "outreach:faqentry_detail",
    )


@login_required
@require_http_methods(["POST"])
def faqentry_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        FaqEntry,
        pk,
        services.faq_entry_retire,
        _("已停用“%(object)s”。"),
        "outreach:faqentry_detail",
    )


@login_required
@require_http_methods(["POST"])
def quiz_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        Quiz,
        pk,
        services.quiz_publish,
        _("已发布竞答“%(object)s”。"),
        "outreach:quiz_detail",
    )


@login_required
@require_http_methods(["POST"])
def quiz_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _state_change(
        request,
        Quiz,
        pk,
        services.quiz_cancel,
        _("已取消竞答“%(object)s”。"),
        "outreach:quiz_detail",
    )


# --- Excel import --------------------------------------------------------------------------------

IMPORT_PAGES = ImportPages(
    importers=outreach_imports.IMPORTERS,
    namespace="outreach",
    perm="outreach.import_outreach",
    title=gettext_lazy("普法宣传数据导入"),
    help=gettext_lazy(
        "从Excel文件成批录入普法活动、宣传记录、常见法律问题和题库试题：下载模板、填写、上传预览，"
        "确认无误后一次导入。导入的每条记录与手工录入一样经过校验并记入审计日志。"
    ),
    refusal=gettext_lazy("无权导入普法宣传数据。"),
)


urlpatterns: list[URLPattern] = [
    path("responsibilityitem/coverage/", responsibility_coverage, name="responsibility_coverage"),
    path("keydate/calendar/", keydate_calendar, name="keydate_calendar"),
    path("keydate/standard/", keydate_add_standard, name="keydate_add_standard"),
    path("activity/<int:pk>/photos/new/", activity_photo_add, name="activity_photo_add"),
    path("activity/<int:pk>/consultations/", activity_consultations, name="activity_consultations"),
    path("activityphoto/<int:pk>/file/", activityphoto_file, name="activityphoto_file"),
    path("activityphoto/<int:pk>/delete/", activityphoto_delete, name="activityphoto_delete"),
    path("mediawork/<int:pk>/file/", mediawork_file, name="mediawork_file"),
    path("faqentry/<int:pk>/publish/", faqentry_publish, name="faqentry_publish"),
    path("faqentry/<int:pk>/retire/", faqentry_retire, name="faqentry_retire"),
    path("quiz/<int:pk>/publish/", quiz_publish, name="quiz_publish"),
    path("quiz/<int:pk>/cancel/", quiz_cancel, name="quiz_cancel"),
    *IMPORT_PAGES.urls(),
]
for _crud in ENTITIES:
    urlpatterns += _crud.urls()
