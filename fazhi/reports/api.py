"""The annual report (法治政府建设情况报告) over the API: the street's reports, each with its
sections' text (figure tokens as written, and as the text reads), the figures it cites with the
records behind each, its saved versions, writing a section, and the steps of its workflow.

Scope and permissions are the pages': ``selectors.annual_report_list`` and
``get_annual_report_for_user`` (another street's report is a 404, a role without the reports a
403). A section is written by ``services.report_section_update`` (its tokens checked, a version
saved, an audit row), a step taken by ``services.report_advance`` (which checks who may take
it); a refusal is a 422 (403 for a step the user may not take) with the service's Chinese
message, and nothing is written.

No ``from __future__ import annotations``: ninja reads the endpoint functions' annotations.
"""

from datetime import date
from typing import Annotated, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field, Strict

from fazhi.api.errors import ERROR_RESPONSES, NOT_FOUND, InvalidInput
from fazhi.api.resources import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    StrictSchema,
    output_schema,
    page_schema,
    paginate,
)
from fazhi.core import stats
from fazhi.core.access import require_perm
from fazhi.core.links import records_url
from fazhi.reports import document, selectors, services, tokens
from fazhi.reports.models import AnnualReport, ReportSection, ReportVersion

NOTHING_TO_WRITE = "请提交要修改的内容：text（正文）或 title（小标题）。"
PREAMBLE = "开头语"

# --- answers ------------------------------------------------------------------------------------

ReportOut = output_schema(
    AnnualReport,
    [
        "id",
        "year",
        "title",
        "status",
        "period_start",
        "period_end",
        "issuer",
        "issued_on",
        "deadline",
        "street",
        "created_at",
        "updated_at",
    ],
)
ReportPage = page_schema(ReportOut, "AnnualReport")


class ProposalOut(Schema):
    """A paragraph the system proposes for the section, not yet accepted or dropped."""

    id: int = Field(description="拟稿建议编号")
    text: str = Field(description="建议内容（含数字标记）")
    rendered: str = Field(description="建议内容，数字标记按统计值写出")
    reason: str = Field(description="建议依据")


class SectionOut(Schema):
    """A section of the report: its place, headings and text."""

    id: int = Field(description="章节编号（修改章节时使用）")
    part: str = Field(description="章节代码（measures、first_responsibility、shortcomings…）")
    part_display: str = Field(description="章节名称")
    area: str = Field(description="工作领域代码（仅“主要举措和成效”一章有，其余为空）")
    area_display: str = Field(description="工作领域名称")
    position: int = Field(description="顺序")
    title: str = Field(description="小标题")
    heading1: str = Field(
        description="一级标题，如页面所示编号（一、……）；同一章的后续工作领域为空"
    )
    heading2: str = Field(description="二级标题（（一）……）；不分工作领域的章节为空")
    text: str = Field(
        description="正文，每段一行，数字以数字标记引用统计指标（如 {{fig:org.grids}}）"
    )
    rendered: str = Field(
        description="正文，每个数字标记按报告统计期间的统计值写出（如“72个”）；"
        "无法识别的数字标记原样保留，原因见 problems"
    )
    proposals: list[ProposalOut] = Field(description="待确认的拟稿建议")


class ReportDetailOut(ReportOut):  # type: ignore[valid-type,misc]
    """One report as it reads now."""

    preamble: str = Field(description="开头语（含数字标记）")
    preamble_rendered: str = Field(
        validation_alias="api_preamble_rendered", description="开头语，数字标记按统计值写出"
    )
    sections: list[SectionOut] = Field(
        validation_alias="api_sections", description="各章节，按顺序（包括尚无内容的章节）"
    )
    problems: list[str] = Field(
        validation_alias="api_problems", description="无法识别的数字标记及其原因；没有时为空列表"
    )


class ReportFigureOut(Schema):
    """One figure the report's text cites: the token, its value and where its records are."""

    key: str = Field(description="统计指标键名")
    label: str = Field(description="指标名称")
    unit: str = Field(description="正文所用的单位（数字标记未指定时为指标的单位）")
    start: date = Field(description="统计期间开始日期（数字标记自带期间的，为其期间）")
    end: date = Field(description="统计期间结束日期（含当日）")
    value: float | int = Field(description="统计值")
    reading: str = Field(description="正文中的写法，例如“260余名”“十余次”“210个”")
    token: str = Field(description="数字标记原文")
    section: int | None = Field(description="所在章节编号；开头语中的为 null")
    section_label: str = Field(description="所在章节名称（开头语、主要举措和成效：组织领导……）")
    proposal: int | None = Field(description="在待确认的拟稿建议中的，为该建议的编号；否则为 null")
    records: str = Field(description="系统页面上列出该数字背后记录的地址（与报告页面的链接相同）")
    records_api: str = Field(description="该数字背后记录的接口地址")


class ReportFiguresOut(Schema):
    """Every figure of the report, in the order of its text."""

    report: int = Field(description="年度报告编号")
    start: date = Field(description="报告统计期间开始日期")
    end: date = Field(description="报告统计期间结束日期（含当日）")
    results: list[ReportFigureOut] = Field(description="正文（含待确认的拟稿建议）中的每个数字")
    problems: list[str] = Field(description="无法识别的数字标记及其原因（不在 results 中）")


VersionOut = output_schema(ReportVersion, ["id", "number", "occasion", "author", "created_at"])


class VersionItemOut(VersionOut):  # type: ignore[valid-type,misc]
    """A saved version of the report."""

    author_name: str = Field(description="保存人姓名；系统生成的为空")

    @staticmethod
    def resolve_author_name(obj: ReportVersion) -> str:
        return obj.author.full_name if obj.author is not None else ""


VersionPage = page_schema(VersionItemOut, "ReportVersion")


class FrozenFigureOut(Schema):
    """A figure as the version froze it."""

    token: str = Field(description="数字标记原文")
    key: str = Field(description="统计指标键名")
    start: date = Field(description="统计期间开始日期")
    end: date = Field(description="统计期间结束日期（含当日）")
    value: float | int = Field(description="保存时的统计值")
    text: str = Field(description="保存时正文中的写法")


class VersionSectionOut(Schema):
    """A section's text as the version froze it."""

    part: str = Field(description="章节代码")
    area: str = Field(description="工作领域代码")
    title: str = Field(description="小标题")
    text: str = Field(description="正文（含数字标记）")
    rendered: str = Field(description="正文，数字标记按该版本冻结的统计值写出")


class VersionDetailOut(VersionItemOut):  # type: ignore[valid-type,misc]
    """One version: the whole text as saved and the value of every figure it cited."""

    title: str = Field(validation_alias="api_title", description="标题")
    issuer: str = Field(validation_alias="api_issuer", description="发文机关")
    issued_on: date | None = Field(validation_alias="api_issued_on", description="成文日期")
    period_start: date = Field(validation_alias="api_start", description="统计期间开始日期")
    period_end: date = Field(validation_alias="api_end", description="统计期间结束日期")
    preamble: str = Field(validation_alias="api_preamble", description="开头语（含数字标记）")
    preamble_rendered: str = Field(
        validation_alias="api_preamble_rendered", description="开头语，数字按冻结的统计值写出"
    )
    sections: list[VersionSectionOut] = Field(validation_alias="api_sections")
    figures: list[FrozenFigureOut] = Field(
        validation_alias="api_figures", description="正文中每个数字标记保存时的统计值和写法"
    )


# --- requests -----------------------------------------------------------------------------------

Text = Annotated[str, Strict()]


class SectionPatch(StrictSchema):
    """What to change in a section: its text, its subheading, or both."""

    text: Text = Field(
        None,
        description="正文，每段一行；数字以数字标记引用统计指标，例如 {{fig:org.grids}}。"
        "数字标记有误的，整段不保存（422）",
    )
    title: Annotated[str, Strict(), Field(max_length=100)] = Field(
        None, description="小标题（工作领域的小标题）"
    )


_STATUS_CHOICES = "；".join(f"{value}：{label}" for value, label in AnnualReport.Status.choices)


class AdvanceIn(StrictSchema):
    """A step of the workflow: the state the report moves to."""

    to: Literal[tuple(AnnualReport.Status.values)] = Field(  # type: ignore[valid-type]
        description=f"转入的状态（{_STATUS_CHOICES}）"
    )
    reason: Text = Field(
        "",
        description="理由：退回修改（to 为 draft）时必填；其他步骤可填写办理意见",
    )


# --- reading a report ---------------------------------------------------------------------------


def _report(request: HttpRequest, id: int, *, write: bool = False) -> AnnualReport:
    return selectors.get_annual_report_for_user(request.user, id, write=write)


def _read(report: AnnualReport) -> document.ReportView:
    return document.read_report(report, proposals=True, empty=True)


def _section_out(view: document.SectionView) -> dict[str, Any]:
    section = view.section
    own = [p for p in view.paragraphs if p.proposal is None]
    proposals: dict[int, dict[str, Any]] = {}
    for paragraph in view.paragraphs:
        proposal = paragraph.proposal
        if proposal is None:
            continue
        item = proposals.setdefault(
            proposal.pk,
            {"id": proposal.pk, "text": proposal.text, "lines": [], "reason": proposal.reason},
        )
        item["lines"].append(paragraph.plain)
    return {
        "id": section.pk,
        "part": section.part,
        "part_display": section.get_part_display(),
        "area": section.area,
        "area_display": section.get_area_display() if section.area else "",
        "position": section.position,
        "title": section.title,
        "heading1": view.heading1,
        "heading2": view.heading2,
        "text": section.text,
        "rendered": "\n".join(p.plain for p in own),
        "proposals": [
            {**item, "rendered": "\n".join(item.pop("lines"))} for item in proposals.values()
        ],
    }


def _detail(report: AnnualReport) -> AnnualReport:
    """``report`` carrying what the detail answer adds to its fields."""
    view = _read(report)
    report.api_preamble_rendered = view.preamble.plain if view.preamble else ""  # type: ignore[attr-defined]
    report.api_sections = [_section_out(s) for s in view.sections]  # type: ignore[attr-defined]
    report.api_problems = view.problems  # type: ignore[attr-defined]
    return report


def _figures(request: HttpRequest, report: AnnualReport) -> dict[str, Any]:
    """Every token the report reads (its text and the paragraphs still proposed), in order,
    with the value and reading the report page shows and the address of its records."""
    view = _read(report)
    period = report.period
    street = report.street.slug
    places: list[tuple[ReportSection | None, document.Paragraph]] = []
    if view.preamble is not None:
        places.append((None, view.preamble))
    places.extend((s.section, p) for s in view.sections for p in s.paragraphs)
    results = []
    for section, paragraph in places:
        for token in tokens.tokens(paragraph.text):
            try:
                figure_period = token.period(period)
                if (token.key, figure_period) not in view.values:
                    continue  # unreadable: listed in problems
                figure = tokens.resolve(token, period, view.values)
            except ValidationError:
                continue
            start, end = figure.period.start.isoformat(), figure.period.end.isoformat()
            api_records = reverse("api:statistics_records", kwargs={"key": token.key})
            results.append(
                {
                    "key": token.key,
                    "label": str(stats.get(token.key).label),
                    "unit": figure.unit,
                    "start": figure.period.start,
                    "end": figure.period.end,
                    "value": figure.value,
                    "reading": figure.text,
                    "token": token.source,
                    "section": section.pk if section is not None else None,
                    "section_label": str(section) if section is not None else PREAMBLE,
                    "proposal": paragraph.proposal.pk if paragraph.proposal else None,
                    "records": request.build_absolute_uri(records_url(token.key, figure.period)),
                    "records_api": request.build_absolute_uri(
                        f"{api_records}?street={street}&from={start}&to={end}"
                    ),
                }
            )
    return {
        "report": report.pk,
        "start": period.start,
        "end": period.end,
        "results": results,
        "problems": view.problems,
    }


def _version_detail(version: ReportVersion) -> ReportVersion:
    """``version`` carrying its content read out, each text also with its frozen figures."""
    content: dict[str, Any] = version.content or {}
    first, last = (date.fromisoformat(d) for d in content["period"])
    period = stats.Period(first, last)
    frozen: list[dict[str, Any]] = list(version.figures or [])
    values = {
        (f["key"], stats.Period(date.fromisoformat(f["start"]), date.fromisoformat(f["end"]))): f[
            "value"
        ]
        for f in frozen
    }

    def rendered(text: str) -> str:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return "\n".join(tokens.render_text(line, period, values) for line in lines)

    issued_on = content.get("issued_on")
    version.api_title = content.get("title", "")  # type: ignore[attr-defined]
    version.api_issuer = content.get("issuer", "")  # type: ignore[attr-defined]
    version.api_issued_on = date.fromisoformat(issued_on) if issued_on else None  # type: ignore[attr-defined]
    version.api_start, version.api_end = first, last  # type: ignore[attr-defined]
    version.api_preamble = content.get("preamble", "")  # type: ignore[attr-defined]
    version.api_preamble_rendered = rendered(version.api_preamble)  # type: ignore[attr-defined]
    version.api_sections = [  # type: ignore[attr-defined]
        {**s, "rendered": rendered(s.get("text", ""))} for s in content.get("sections", [])
    ]
    version.api_figures = frozen  # type: ignore[attr-defined]
    return version


# --- the endpoints ------------------------------------------------------------------------------


def router() -> Router:
    """The annual report's endpoints."""
    api = Router(tags=["年度报告"])
    cursor_param = Query(None, description="分页游标：上一页返回的 next_cursor")
    limit_param = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数（1–200）")

    @api.get(
        "/",
        response={200: ReportPage, **ERROR_RESPONSES},
        operation_id="annual_reports_list",
        url_name="annual_reports_list",
        summary="年度报告列表",
        description="本街道的法治政府建设年度报告，按编号（id）升序分页，附状态和报送期限。",
    )
    def list_view(
        request: HttpRequest, cursor: str | None = cursor_param, limit: int = limit_param
    ) -> Any:
        require_perm(request.user, AnnualReport, "view")
        return paginate(request, selectors.annual_report_list(request.user), cursor, limit)

    @api.get(
        "/{int:id}/",
        response={200: ReportDetailOut, **ERROR_RESPONSES},
        operation_id="annual_reports_retrieve",
        url_name="annual_reports_detail",
        summary="查看年度报告",
        description="报告现在的样子：开头语和各章节的正文，既有数字标记原文（text），也有按"
        "统计期间的记录写出数字后的文字（rendered），与报告页面一致；附待确认的拟稿建议"
        "和无法识别的数字标记。",
    )
    def retrieve_view(request: HttpRequest, id: int) -> Any:
        return _detail(_report(request, id))

    @api.get(
        "/{int:id}/figures/",
        response={200: ReportFiguresOut, **ERROR_RESPONSES},
        operation_id="annual_reports_figures",
        url_name="annual_reports_figures",
        summary="年度报告引用的数字",
        description="报告正文（含待确认的拟稿建议）引用的每个数字，按正文顺序：指标、统计期间、"
        "统计值、正文中的写法、所在章节，以及列出其背后记录的页面和接口地址。"
        "数值与报告页面上的数字相同。",
    )
    def figures_view(request: HttpRequest, id: int) -> Any:
        return _figures(request, _report(request, id))

    @api.patch(
        "/{int:id}/sections/{int:section_id}/",
        response={200: SectionOut, **ERROR_RESPONSES},
        operation_id="annual_reports_section_update",
        url_name="annual_reports_section_update",
        summary="修改年度报告章节",
        description="修改一个章节的正文（text）或小标题（title），只需提交要修改的内容。"
        "正文中的每个数字标记都要检查，有一个无法识别（指标不存在、写法不对、期间超出报告的"
        "统计期间）即不保存，返回422和原因。保存后形成报告的新版本，并写入审计日志。",
    )
    def section_update_view(
        request: HttpRequest, id: int, section_id: int, payload: SectionPatch
    ) -> Any:
        report = _report(request, id, write=True)
        section = report.sections.filter(pk=section_id).first()
        if section is None:
            raise Http404(NOT_FOUND)
        sent = payload.model_dump(exclude_unset=True)
        if not sent:
            raise InvalidInput({NON_FIELD_ERRORS: [NOTHING_TO_WRITE]})
        services.report_section_update(
            section, actor=request.user, text=sent.get("text"), title=sent.get("title")
        )
        view = _read(report)
        return _section_out(next(s for s in view.sections if s.section.pk == section.pk))

    @api.post(
        "/{int:id}/advance/",
        response={200: ReportOut, **ERROR_RESPONSES},
        operation_id="annual_reports_advance",
        url_name="annual_reports_advance",
        summary="年度报告流转",
        description="办理报告流转的一步：起草中 → 办公室已审核（领导小组办公室审核）→ "
        "主要负责人已审定（党政主要负责人审定）→ 已通过保密审查（指定的保密审查人确认）→ "
        "已公开（领导小组办公室公开）；公开前，正在办理的一方可以退回修改（to 为 draft，"
        "须填写理由）。不是您办理的步骤返回403；报告当前的状态不能转入所请求的状态、"
        "或尚不具备条件（如还有未处理的拟稿建议）时返回422和原因，均不作任何修改。"
        "审定时形成报告的版本。",
    )
    def advance_view(request: HttpRequest, id: int, payload: AdvanceIn) -> Any:
        report = _report(request, id)
        services.report_advance(report, to=payload.to, actor=request.user, reason=payload.reason)
        return _report(request, id)

    @api.get(
        "/{int:id}/versions/",
        response={200: VersionPage, **ERROR_RESPONSES},
        operation_id="annual_reports_versions",
        url_name="annual_reports_versions",
        summary="年度报告的版本",
        description="报告每次保存、采纳拟稿建议和审定时形成的版本，按编号（id）升序分页。",
    )
    def versions_view(
        request: HttpRequest,
        id: int,
        cursor: str | None = cursor_param,
        limit: int = limit_param,
    ) -> Any:
        report = _report(request, id)
        return paginate(request, report.versions.select_related("author"), cursor, limit)

    @api.get(
        "/{int:id}/versions/{int:number}/",
        response={200: VersionDetailOut, **ERROR_RESPONSES},
        operation_id="annual_reports_version",
        url_name="annual_reports_version",
        summary="查看年度报告的一个版本",
        description="该版本保存时的标题、开头语和各章节正文（含数字标记），正文中每个数字"
        "当时的统计值和写法，以及按这些冻结的数值写出的文字。",
    )
    def version_view(request: HttpRequest, id: int, number: int) -> Any:
        report = _report(request, id)
        version = report.versions.select_related("author").filter(number=number).first()
        if version is None:
            raise Http404(NOT_FOUND)
        return _version_detail(version)

    return api
