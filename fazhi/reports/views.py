from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import stats
from fazhi.core.access import Refusal, perm_name, require_perm
from fazhi.core.charts import figure_text
from fazhi.core.documents import PDF_MIME, PdfUnavailable, file_response
from fazhi.core.docx import DOCX_MIME
from fazhi.core.excel import export_rows
from fazhi.core.links import records_url
from fazhi.core.paging import paginate
from fazhi.core.replica import replica_reads
from fazhi.core.scoping import user_is_grid_scoped, user_is_lawyer_scoped
from fazhi.reports import document, services
from fazhi.reports.document import read_report
from fazhi.reports.forms import PeriodForm
from fazhi.reports.models import AnnualReport
from fazhi.reports.selectors import (
    FigureRecords,
    FigureSummary,
    annual_report_list,
    figure_records,
    figure_summary,
    get_annual_report_for_user,
    record_headers,
    statistics_table,
)
from fazhi.reports.views_workflow import workflow_panel

RECORDS_PER_PAGE = 50


def _require_statistics(user: Any) -> None:
    if not user.has_perm("org.view_statistics"):
        raise PermissionDenied(Refusal(_("无权查看统计指标。")))


def _period_form(request: HttpRequest) -> PeriodForm:
    """The period asked for; this year up to today when none is."""
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    return PeriodForm(PeriodForm.initial_for(timezone.localdate()))


def _period_filters(street: Any, form: PeriodForm, period: stats.Period) -> dict[Any, Any]:
    return {
        gettext_lazy("街道"): street.name,
        form.fields["start"].label: str(period.start),
        form.fields["end"].label: str(period.end),
    }


@replica_reads()
@login_required
@require_http_methods(["GET", "HEAD"])
def statistics(request: HttpRequest) -> HttpResponse:
    """Every registered figure for the user's street and a chosen period, by the report's
    chapters, with the value a year earlier and a link to the records behind each."""
    user: Any = request.user
    _require_statistics(user)
    street = user.street
    form = _period_form(request)
    chapters = []
    status = 200
    if street is None:
        form.add_error(None, _("您的账号未归属任何街道。"))
        status = 400
    elif form.is_valid():
        period = form.period()
        chapters = statistics_table(street, period)
        if request.GET.get("format") == "xlsx":
            rows = [
                [
                    str(r.stat.label),
                    r.value,
                    str(r.stat.unit),
                    r.stat.key,
                    str(r.stat.description),
                    chapter.label,
                    area.label,
                    r.earlier,
                    r.year_on_year.change,
                    r.year_on_year.percent,
                ]
                for chapter in chapters
                for area in chapter.areas
                for r in area.rows
            ]
            return export_rows(
                object_type="reports.statistics",
                title=gettext_lazy("统计指标"),
                headers=[
                    _("指标"),
                    _("数值"),
                    _("单位"),
                    _("键名"),
                    _("口径说明"),
                    _("章节"),
                    _("工作领域"),
                    _("上年同期"),
                    _("同比增减"),
                    _("同比增幅（%）"),
                ],
                rows=rows,
                count=len(rows),
                filters=_period_filters(street, form, period),
                actor=user,
                filename=_("统计指标-%(start)s-%(end)s.xlsx")
                % {"start": f"{period.start:%Y%m%d}", "end": f"{period.end:%Y%m%d}"},
            )
    else:
        status = 400
    return render(
        request,
        "reports/statistics.html",
        {"form": form, "chapters": chapters, "street": street},
        status=status,
    )


def _detail_url_name(stat: stats.Statistic, model: Any, user: Any) -> str | None:
    """The URL name of one listed record's page, where there is one the user may open."""
    records = stat.basis().records
    assert records is not None
    name = (
        records.detail_url
        if model is records.model and records.detail_url
        else f"{model._meta.app_label}:{model._meta.model_name}_detail"
    )
    if not user.has_perm(perm_name(model, "view")):
        return None
    try:
        reverse(name, args=[1])
    except NoReverseMatch:
        return None
    return name


def _expected_total(stat: stats.Statistic, summary: FigureSummary) -> stats.Number:
    """What the listed records should add up to: the figure, or a ratio's denominator."""
    if summary.denominator is not None:
        return summary.denominator.value
    if stat.derived:
        return 0
    return summary.value


def _total_text(stat: stats.Statistic, records: FigureRecords, count: int) -> str:
    """The listed records' total as the page words it: 12条, 3个不同的执法案件, 1,200元（6条记录）."""
    basis = stat.basis()
    total = figure_text(records.total)
    if isinstance(basis.aggregate, stats.CountDistinct):
        return _("%(total)s个不同的%(name)s") % {
            "total": total,
            "name": records.model._meta.verbose_name,
        }
    if isinstance(basis.aggregate, stats.Sum | stats.SumLatest):
        return _("%(total)s%(unit)s（%(count)s条记录）") % {
            "total": total,
            "unit": basis.unit,
            "count": figure_text(count),
        }
    return _("%(total)s条") % {"total": total}


@replica_reads()
@login_required
@require_http_methods(["GET", "HEAD"])
def statistic_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records behind one figure of the user's street over a period — or behind one bar of
    its breakdown (``by`` and ``value``) — as far as the user may see them, with their total,
    which equals the figure; ``?format=xlsx`` exports them all (audited)."""
    user: Any = request.user
    _require_statistics(user)
    try:
        stat = stats.get(key)
    except ValidationError as exc:
        raise Http404(Refusal(exc.messages[0])) from None
    basis = stat.basis()
    assert basis.records is not None
    require_perm(user, basis.records.model, "view")
    street = user.street
    form = _period_form(request)
    by = request.GET.get("by") or None
    value = request.GET.get("value") if by else None
    breakdowns = basis.breakdowns()
    context: dict[str, Any] = {
        "stat": stat,
        "form": form,
        "street": street,
        "by": by,
        "value": value,
        "work_area": basis.records.label(),
    }
    error = ""
    if street is None:
        error = _("您的账号未归属任何街道。")
    elif not form.is_valid():
        error = _("统计期间有误，请按提示修改。")
    elif by and by not in dict(breakdowns):
        error = _("该指标不能按“%(by)s”分组，可选的分组方式：%(choices)s。") % {
            "by": by,
            # Translators: the separator between the items of a list (an enumeration comma).
            "choices": _("、").join(f"{name}（{label}）" for name, label in breakdowns),
        }
    if error:
        return render(
            request, "reports/statistic_records.html", {**context, "error": error}, status=400
        )
    period = form.period()
    try:
        # ``by`` alone shows the breakdown's bars beside all the records; with ``value`` the
        # records of that one bar.
        records = figure_records(
            stat, street, period, user, by=by if value is not None else None, value=value
        )
    except ValidationError as exc:  # a month not written YYYY-MM
        error = " ".join(exc.messages)
    except ValueError:  # a village, grid or related record named by something not an id
        error = _("分组值“%(value)s”不正确。") % {"value": value}
    if error:
        return render(
            request, "reports/statistic_records.html", {**context, "error": error}, status=400
        )
    summary = figure_summary(stat, street, period, by=by, value=value)
    if request.GET.get("format") == "xlsx":
        return _export_records(stat, records, summary, street, form, period, user)
    page = paginate(request, records.queryset, RECORDS_PER_PAGE)
    url_name = _detail_url_name(stat, records.model, user)
    numeric = [c.numeric for c in records.columns]
    rows = [
        (
            obj,
            reverse(url_name, args=[obj.pk]) if url_name else "",
            [
                (("" if v is None else figure_text(v)) if n else v, n)
                for v, n in zip(values, numeric, strict=True)
            ],
        )
        for obj, values in records.rows(page.object_list)
    ]
    expected = _expected_total(stat, summary)
    mismatch = ""
    if records.total != expected:
        if user_is_grid_scoped(user) or user_is_lawyer_scoped(user):
            mismatch = _(
                "您的账号只能查看本人管辖范围内（如本网格）的记录：下列记录合计%(total)s，"
                "全街道为%(expected)s。"
            )
        else:
            mismatch = _(
                "下列记录合计%(total)s，与指标的%(expected)s不一致，请将本页地址报告系统管理员。"
            )
        mismatch %= {"total": figure_text(records.total), "expected": figure_text(expected)}
    context.update(
        period=period,
        summary=summary,
        records=records,
        page=page,
        rows=rows,
        mismatch=mismatch,
        headers=list(zip(record_headers(records), [False, *numeric], strict=True)),
        total_text=_total_text(stat, records, page.paginator.count),
        whole_url=records_url(stat.key, period),
        statistics_url=f"{reverse('reports:statistics')}?start={period.start}&end={period.end}",
        breakdown_links=[
            (name, label, records_url(stat.key, period, name), name == by)
            for name, label in breakdowns
        ],
    )
    return render(request, "reports/statistic_records.html", context)


def _export_records(
    stat: stats.Statistic,
    records: FigureRecords,
    summary: FigureSummary,
    street: Any,
    form: PeriodForm,
    period: stats.Period,
    user: Any,
) -> HttpResponse:
    """All the records of the page as .xlsx, the same columns, headed by the figure; audited."""
    filters = {
        **_period_filters(street, form, period),
        gettext_lazy("指标"): stat.key,
    }
    if summary.by_label:
        filters[gettext_lazy("分组方式")] = summary.by_label
    if summary.slice_label:
        filters[gettext_lazy("分组")] = summary.slice_label
    title = lazy(lambda: _("%(label)s的记录") % {"label": stat.label}, str)()
    rows = ([str(obj), *values] for obj, values in records.rows(records.queryset.iterator(2000)))
    return export_rows(
        object_type="reports.statistic_records",
        title=title,
        headers=record_headers(records),
        rows=rows,
        count=records.queryset.count(),
        filters=filters,
        actor=user,
        filename=_("统计记录-%(key)s-%(start)s-%(end)s.xlsx")
        % {"key": stat.key, "start": f"{period.start:%Y%m%d}", "end": f"{period.end:%Y%m%d}"},
    )


# --- the annual reports --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def annual_reports(request: HttpRequest) -> HttpResponse:
    """The street's annual reports, the latest year first, with their state and deadline."""
    user: Any = request.user
    require_perm(user, AnnualReport, "view")
    reports = annual_report_list(user)
    return render(request, "reports/annual_report_list.html", {"reports": reports})


@login_required
@require_http_methods(["GET", "HEAD"])
def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    """One report as it reads now: its sections numbered as printed, every figure counted from
    the records of its period and linking to them, the paragraphs still proposed marked with
    their reason, and the versions saved."""
    user: Any = request.user
    report = get_annual_report_for_user(user, pk)
    view = read_report(report, empty=True)
    versions = report.versions.select_related("author").order_by("-number")
    return render(
        request,
        "reports/annual_report_detail.html",
        {"view": view, "versions": versions, "workflow": workflow_panel(report, user)},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def annual_report_download(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The report as it reads now, as the official document's Word file or its PDF, for those
    who read it; audited. Without LibreOffice the PDF is refused with the reason, on the
    report's page."""
    user: Any = request.user
    report = get_annual_report_for_user(user, pk)
    if file_format not in (services.FORMAT_DOCX, services.FORMAT_PDF):
        raise Http404
    try:
        content = services.report_export(report, file_format=file_format, actor=user)
    except PdfUnavailable as exc:
        messages.error(request, _("未能生成PDF：%(reason)s可下载Word文件。") % {"reason": exc})
        return redirect("reports:annual_report_detail", pk=report.pk)
    mime = PDF_MIME if file_format == services.FORMAT_PDF else DOCX_MIME
    return file_response(content, mime, document.file_name(report.title, report.year, file_format))
