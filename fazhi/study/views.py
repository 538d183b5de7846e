"""Back-office pages of law study and the 法律明白人: the records (described once each with
``Crud``), each person's hours against the year's target, who has studied each law on the list,
the villages' coverage by 法律明白人, and the import of sign-in sheets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core.access import Refusal, perm_name, require_perm
from fazhi.core.crud import Column, Crud, Related
from fazhi.core.excel import export_rows
from fazhi.core.formats import cn_date
from fazhi.core.forms import DateInput
from fazhi.core.imports.pages import ImportPages
from fazhi.study import filters, selectors, services
from fazhi.study import forms as study_forms
from fazhi.study.imports import IMPORTERS
from fazhi.study.models import (
    LITERATES_PER_VILLAGE,
    LawToStudy,
    LegalLiterate,
    LiterateTraining,
    SelfStudy,
    StudyAttendance,
    StudyExam,
    StudyExamScore,
    StudySession,
    StudyTarget,
    hours_text,
)

_READ = ["GET", "HEAD"]


def _create(service: Any) -> Any:
    def create(data: dict[str, Any], *, street: Any, actor: Any) -> Any:
        return service(street=street, actor=actor, **data)

    return create


def _update(service: Any) -> Any:
    def update(obj: Any, data: dict[str, Any], *, actor: Any) -> Any:
        return service(obj, actor=actor, **data)

    return update


def _link(url: str, text: str) -> Any:
    return format_html('<a class="button" href="{}">{}</a>', url, text)


# --- Computed rows and columns -------------------------------------------------------------------


def _one_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def _session_rows(request: HttpRequest, session: StudySession) -> list[tuple[Any, Any]]:
    present = session.attendance.filter(attended=True).count()
    absent = session.attendance.filter(attended=False).count()
    rows: list[tuple[Any, Any]] = [
        (
            _("出席情况"),
            _("出席%(present)s人，缺席%(absent)s人") % {"present": present, "absent": absent},
        )
    ]
    user: Any = request.user
    if user.has_perm(perm_name(StudyAttendance, "add")):
        rows.append(
            (
                _("签到"),
                format_html(
                    "{}　{}",
                    _link(reverse("study:studyattendance_create"), _("登记签到")),
                    _link(reverse("study:import_upload", args=["attendance"]), _("导入签到表")),
                ),
            )
        )
    return rows


def _law_rows(request: HttpRequest, law: LawToStudy) -> list[tuple[Any, Any]]:
    studied = selectors.laws_studied_counts(LawToStudy.objects.filter(pk=law.pk)).get(law.pk, 0)
    people = selectors.study_people(law.street_id).count()
    text = _("已学习%(studied)s人，应学习%(people)s人") % {"studied": studied, "people": people}
    user: Any = request.user
    if selectors.may_see_everyones_study(user):
        url = reverse("study:lawtostudy_status", args=[law.pk])
        return [(_("学习情况"), format_html("{}　{}", text, _link(url, _("查看学习名单"))))]
    return [(_("学习情况"), text)]


def _target_help(request: HttpRequest) -> Any:
    return gettext_lazy(
        "每年设置一次本街道工作人员应完成的学法学时（集中学法与自学合计），学时统计页按此标出未达标人员。"
    )


def _attendance_help(request: HttpRequest) -> Any:
    user: Any = request.user
    text = _("每人每次学法一条签到记录；未出席的记为“否”，不计学时。")
    if user.has_perm("study.import_study"):
        url = reverse("study:import_home")
        return format_html('{}<a href="{}">{}</a>', text, url, _("从Excel导入签到表。"))
    return text


def _self_study_help(request: HttpRequest) -> Any:
    user: Any = request.user
    if selectors.may_see_everyones_study(user):
        return _("本街道工作人员的自学记录；学习清单中的法律请在“学习的新修订法律”中选择。")
    return _("您本人的自学记录；学习清单中的法律请在“学习的新修订法律”中选择。")


ENTITIES = [
    Crud(
        model=StudySession,
        name="studysession",
        namespace="study",
        list_fields=["date", "title", "kind", "speaker_display", "hours"],
        columns=[Column(gettext_lazy("出席人数"), lambda s: s.present)],
        detail_fields=[
            "kind",
            "title",
            "date",
            "place",
            "content",
            "laws",
            "other_laws",
            "speaker_display",
            "meeting",
            "department",
            "hours",
            "note",
        ],
        detail_rows=_session_rows,
        export_fields=[
            "date",
            "title",
            "kind",
            "place",
            "content",
            "laws",
            "other_laws",
            "speaker_display",
            "department",
            "hours",
            "note",
        ],
        filterset=filters.StudySessionFilter,
        form_class=study_forms.StudySessionForm,
        selector=selectors.study_session_list,
        create=_create(services.study_session_create),
        update=_update(services.study_session_update),
        delete=services.study_session_delete,
        related=[
            Related(
                pgettext_lazy("plural", "学法签到"),
                lambda s: s.attendance.select_related("user", "session"),
                ["user", "attended", "hours", "note"],
                "study:studyattendance_detail",
            )
        ],
    ),
    Crud(
        model=StudyAttendance,
        name="studyattendance",
        namespace="study",
        list_fields=["session", "user", "attended", "hours", "note"],
        filterset=filters.StudyAttendanceFilter,
        form_class=study_forms.StudyAttendanceForm,
        selector=selectors.study_attendance_list,
        create=_create(services.study_attendance_create),
        update=_update(services.study_attendance_update),
        delete=services.study_attendance_delete,
        help=_attendance_help,
    ),
    Crud(
        model=SelfStudy,
        name="selfstudy",
        namespace="study",
        list_fields=["date", "user", "laws", "material", "hours"],
        export_fields=["date", "user", "laws", "material", "hours", "note"],
        detail_fields=["user", "date", "laws", "material", "hours", "note"],
        filterset=filters.SelfStudyFilter,
        form_class=study_forms.SelfStudyForm,
        selector=selectors.self_study_list,
        create=_create(services.self_study_create),
        update=_update(services.self_study_update),
        delete=services.self_study_delete,
        help=_self_study_help,
    ),
    Crud(
        model=LawToStudy,
        name="lawtostudy",
        namespace="study",
        list_fields=["name", "level", "revised_on", "effective_on", "listed_on"],
        export_fields=["name", "level", "revised_on", "effective_on", "listed_on", "note"],
        detail_rows=_law_rows,
        filterset=filters.LawToStudyFilter,
        form_class=study_forms.LawToStudyForm,
        selector=selectors.law_to_study_list,
        create=_create(services.law_to_study_create),
        update=_update(services.law_to_study_update),
        delete=services.record_delete,
        help_text=gettext_lazy(
            "新通过或修订、工作人员须学习的法律法规。学法活动或自学记录选择了清单中的法律，"
            "出席或自学的人员即记为已学习。"
        ),
    ),
    Crud(
        model=StudyTarget,
        name="studytarget",
        namespace="study",
        list_fields=["year", "target_hours", "note"],
        filterset=filters.StudyTargetFilter,
        form_class=study_forms.StudyTargetForm,
        selector=selectors.study_target_list,
        create=_create(services.study_target_create),
        update=_update(services.study_target_update),
        delete=services.record_delete,
        help=_target_help,
    ),
    Crud(
        model=StudyExam,
        name="studyexam",
        namespace="study",
        list_fields=["date", "title", "pass_score"],
        columns=[
            Column(gettext_lazy("试题数"), lambda e: e.question_total),
            Column(gettext_lazy("参考人数"), lambda e: e.takers),
            Column(gettext_lazy("平均分"), lambda e: hours_text(_one_decimal(e.average))),
        ],
        detail_fields=["title", "date", "laws", "pass_score", "note"],
        export_fields=["date", "title", "laws", "pass_score", "note"],
        filterset=filters.StudyExamFilter,
        form_class=study_forms.StudyExamForm,
        selector=selectors.study_exam_list,
        create=_create(services.study_exam_create),
        update=_update(services.study_exam_update),
        delete=services.study_exam_delete,
        help_text=gettext_lazy(
            "试题取自知识竞答题库：新增考试时可挑选试题或填写抽题数随机抽取；成绩由工作人员逐人登记。"
        ),
        related=[
            Related(
                gettext_lazy("试题"),
                lambda e: e.questions.all(),
                ["kind", "stem", "answer", "law_reference"],
            ),
            Related(
                pgettext_lazy("plural", "考试成绩"),
                lambda e: e.scores.select_related("user", "exam"),
                ["user", "score", "passed", "note"],
                "study:studyexamscore_detail",
            ),
        ],
    ),
    Crud(
        model=StudyExamScore,
        name="studyexamscore",
        namespace="study",
        list_fields=["exam", "user", "score", "passed", "note"],
        filterset=filters.StudyExamScoreFilter,
        form_class=study_forms.StudyExamScoreForm,
        selector=selectors.study_exam_score_list,
        create=_create(services.study_exam_score_create),
        update=_update(services.study_exam_score_update),
        delete=services.record_delete,
    ),
    Crud(
        model=LegalLiterate,
        name="legalliterate",
        namespace="study",
        # The phone masked in lists and exports; in full on the record's page.
        list_fields=["name", "village", "source", "masked_phone", "appointed_on", "ended_on"],
        detail_fields=[
            "village",
            "name",
            "source",
            "phone",
            "grid_worker",
            "user",
            "appointed_on",
            "ended_on",
            "note",
        ],
        filterset=filters.LegalLiterateFilter,
        form_class=study_forms.LegalLiterateForm,
        selector=selectors.legal_literate_list,
        create=_create(services.legal_literate_create),
        update=_update(services.legal_literate_update),
        delete=services.record_delete,
        help_text=format_lazy(
            gettext_lazy(
                "每个村居至少培养{count}名法律明白人。不再担任的请填写退出日期，不要删除记录。"
            ),
            count=LITERATES_PER_VILLAGE,
        ),
        related=[
            Related(
                pgettext_lazy("plural", "法律明白人培训"),
                lambda p: p.trainings.all(),
                ["date", "title", "hours"],
                "study:literatetraining_detail",
            )
        ],
    ),
    Crud(
        model=LiterateTraining,
        name="literatetraining",
        namespace="study",
        list_fields=["date", "title", "place", "speaker_display", "hours"],
        columns=[Column(gettext_lazy("参训人数"), lambda t: t.trainees)],
        detail_fields=[
            "title",
            "date",
            "place",
            "content",
            "speaker_display",
            "hours",
            "attendees",
            "note",
        ],
        export_fields=[
            "date",
            "title",
            "place",
            "content",
            "speaker_display",
            "hours",
            "attendees",
            "note",
        ],
        filterset=filters.LiterateTrainingFilter,
        form_class=study_forms.LiterateTrainingForm,
        selector=selectors.literate_training_list,
        create=_create(services.literate_training_create),
        update=_update(services.literate_training_update),
        delete=services.literate_training_delete,
    ),
]


# --- Each person's hours against the year's target --------------------------------------------


class HoursForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=2000,
        max_value=2200,
        required=False,
        error_messages={"invalid": gettext_lazy("年度须为四位数字的年份，如2020。")},
    )
    below = forms.BooleanField(label=gettext_lazy("只看未达标人员"), required=False)


@login_required
@require_http_methods(_READ)
def study_hours(request: HttpRequest) -> HttpResponse:
    """Everyone's study hours in a year (sessions attended and self-study) against the street's
    target, those below it flagged; staff who do not keep the records see their own row."""
    user: Any = request.user
    require_perm(user, SelfStudy, "view")
    form = HoursForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    data = form.cleaned_data if form.is_bound and valid else {}
    year: int = data.get("year") or timezone.localdate().year
    below_only = bool(data.get("below"))
    everyone = selectors.may_see_everyones_study(user)
    table = selectors.hours_in_year(user, year, only=None if everyone else user)
    people = table.below if below_only else table.people
    if valid and request.GET.get("format") == "xlsx":
        shown: dict[Any, Any] = {gettext_lazy("年度"): str(year)}
        if below_only:
            shown[gettext_lazy("只看未达标人员")] = gettext_lazy("是")
        return export_rows(
            object_type="study.hours",
            title=_("%(year)s年度学法学时") % {"year": year},
            headers=[
                _("姓名"),
                _("部门"),
                _("集中学法学时"),
                _("自学学时"),
                _("合计学时"),
                _("年度学时目标"),
                _("是否达标"),
            ],
            rows=(
                [
                    p.user.display_name,
                    str(p.user.department or ""),
                    float(p.session_hours),
                    float(p.self_hours),
                    float(p.total),
                    float(p.target) if p.target is not None else "",
                    _status_text(p),
                ]
                for p in people
            ),
            count=len(people),
            filters=shown,
            actor=user,
        )
    return render(
        request,
        "study/hours.html",
        {
            "form": form,
            "year": year,
            "table": table,
            "people": people,
            "below_only": below_only,
            "everyone": everyone,
            "can_set_target": user.has_perm(perm_name(StudyTarget, "add")),
        },
        status=200 if valid else 400,
    )


def _status_text(person: selectors.PersonHours) -> str:
    if person.target is None:
        return _("未设置目标")
    if person.below_target:
        return _("未达标（差%(hours)s学时）") % {"hours": hours_text(person.shortfall)}
    return _("达标")


# --- Who has studied a law on the list ------------------------------------------------------------


@login_required
@require_http_methods(_READ)
def law_status(request: HttpRequest, pk: int) -> HttpResponse:
    """One law of the list: who has studied it (where, and first when), who not yet."""
    user: Any = request.user
    law = selectors.get_law_to_study_for_user(user, pk)
    if not selectors.may_see_everyones_study(user):
        raise PermissionDenied(Refusal(_("无权查看全街道人员的学法情况。")))
    status = selectors.law_study_status(law)
    if request.GET.get("format") == "xlsx":
        rows = [
            [
                _("已学习"),
                s.user.display_name,
                str(s.user.department or ""),
                _("、").join(
                    [str(x) for x in s.sessions]
                    + [_("%(date)s自学") % {"date": cn_date(x.date)} for x in s.self_studies]
                ),
                s.first_on,
            ]
            for s in status.studied
        ] + [
            [_("尚未学习"), p.display_name, str(p.department or ""), "", ""] for p in status.not_yet
        ]
        return export_rows(
            object_type=LawToStudy._meta.label_lower,
            title=_("%(law)s学习情况") % {"law": law.name},
            headers=[_("状态"), _("姓名"), _("部门"), _("学习记录"), _("首次学习日期")],
            rows=rows,
            count=len(rows),
            filters={},
            actor=user,
        )
    return render(
        request,
        "study/law_status.html",
        {
            "law": law,
            "status": status,
            "detail_url": reverse("study:lawtostudy_detail", args=[law.pk]),
        },
    )


# --- 法律明白人 per village -----------------------------------------------------------------------


class CoverageForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("统计日期"), required=False, widget=DateInput())


@login_required
@require_http_methods(_READ)
def literate_coverage(request: HttpRequest) -> HttpResponse:
    """Each village's 法律明白人 in the registry on a day (today by default); villages with
    fewer than the target flagged."""
    user: Any = request.user
    require_perm(user, LegalLiterate, "view")
    form = CoverageForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    day: date = (form.cleaned_data.get("day") if form.is_bound and valid else None) or (
        timezone.localdate()
    )
    coverage = selectors.literate_coverage(user, day)
    below = [c for c in coverage if c.below_target]
    if valid and request.GET.get("format") == "xlsx":
        return export_rows(
            object_type=LegalLiterate._meta.label_lower,
            title=_("法律明白人覆盖情况（%(date)s）") % {"date": cn_date(day)},
            headers=[_("村居"), _("类型"), _("法律明白人人数"), _("名单"), _("是否达标")],
            rows=(
                [
                    c.village.name,
                    c.village.get_kind_display(),
                    c.count,
                    _("、").join(p.name for p in c.literates),
                    _("不足%(target)s名，缺%(missing)s名")
                    % {"target": LITERATES_PER_VILLAGE, "missing": c.missing}
                    if c.below_target
                    else _("达标"),
                ]
                for c in coverage
            ),
            count=len(coverage),
            filters={gettext_lazy("统计日期"): cn_date(day)},
            actor=user,
        )
    return render(
        request,
        "study/coverage.html",
        {
            "form": form,
            "day": day,
            "coverage": coverage,
            "below": below,
            "target": LITERATES_PER_VILLAGE,
            "total": sum(c.count for c in coverage),
        },
        status=200 if valid else 400,
    )


# --- Excel import of sign-in sheets ---------------------------------------------------------------


IMPORT_PAGES = ImportPages(
    importers=IMPORTERS,
    namespace="study",
    perm="study.import_study",
    title=gettext_lazy("学法数据导入"),
    help=gettext_lazy(
        "从Excel文件成批录入学法签到：下载模板、填写、上传预览，确认无误后一次导入。导入的每条"
        "记录与手工录入一样经过校验并记入审计日志；学法活动和人员须为本街道已登记的。"
    ),
    refusal=gettext_lazy("无权导入学法签到。"),
)


urlpatterns: list[URLPattern] = [
    path("hours/", study_hours, name="hours"),
    path("lawtostudy/<int:pk>/status/", law_status, name="lawtostudy_status"),
    path("legalliterate/coverage/", literate_coverage, name="legalliterate_coverage"),
    *IMPORT_PAGES.urls(),
]
for _crud in ENTITIES:
    urlpatterns += _crud.urls()
