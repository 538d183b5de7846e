"""The report's figures over the API: every figure of a street and period with its definition,
its breakdowns, and the records behind it (scoped and paginated like every list)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from fazhi.api.errors import ERROR_RESPONSES, FORBIDDEN, NOT_FOUND, InvalidInput
from fazhi.api.resources import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate
from fazhi.core import stats
from fazhi.core.access import require_perm
from fazhi.core.display import display_value, field_label
from fazhi.core.replica import replica_reads
from fazhi.org.models import Street

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BAD_DATE = "日期格式不正确，应为 YYYY-MM-DD，例如 2020-09-28。"
NO_STREET = "请用 street 参数指定街道（街道标识，例如 haibin）。"
NO_VALUE = "按分组查看记录时须同时提供 value（分组值，见分组统计接口返回的 key；空值为未填写）。"


class FigureOut(Schema):
    """One figure of a street and period."""

    key: str = Field(description="指标键名（稳定，不随显示名称变化）")
    label: str = Field(description="指标名称")
    unit: str = Field(description="单位")
    definition: str = Field(description="口径说明")
    chapter: str = Field(description="所属工作领域（org、enforcement、reviews、legal_services…）")
    chapter_label: str = Field(description="所属工作领域名称")
    value: float | int = Field(description="数值")
    breakdowns: list[str] = Field(description="可用的分组方式：month、village、grid 或分类维度")
    records: str | None = Field(description="该指标背后记录的接口地址；区级账号为 null")


class FiguresOut(Schema):
    """Every figure of a street and period."""

    street: str = Field(description="街道标识")
    street_name: str = Field(description="街道名称")
    start: date = Field(description="统计期间开始日期")
    end: date = Field(description="统计期间结束日期（含当日）")
    results: list[FigureOut]


class BarOut(Schema):
    """One group of a breakdown."""

    key: str = Field(description="分组值：月份 YYYY-MM、村居或网格编号（id）、分类代码；空为未填写")
    label: str = Field(description="分组名称")
    value: float | int = Field(description="该分组的数值")


class BreakdownOut(Schema):
    """A figure split by month, village, grid or a dimension."""

    key: str
    by: str
    street: str
    start: date
    end: date
    results: list[BarOut]


class RecordItem(Schema):
    """One record behind a figure: its id, display name and the columns the figure shows."""

    id: int = Field(description="记录编号")
    label: str = Field(description="显示名称")
    fields: dict[str, str] = Field(description="主要字段（字段名称：显示值）")


class RecordsPage(Schema):
    """One page of the records behind a figure."""

    key: str
    value: float | int = Field(description="指标数值")
    total: float | int = Field(description="全部记录的合计（计数或金额合计），与指标数值一致")
    results: list[RecordItem]
    next: str | None = Field(None, description="下一页的完整地址；没有下一页时为 null")
    next_cursor: str | None = Field(None, description="下一页的 cursor 参数；没有下一页时为 null")


def _day(value: str | None, name: str, default: date) -> date:
    if value is None or value == "":
        return default
    if not _ISO_DATE.fullmatch(value):
        raise InvalidInput({name: [BAD_DATE]})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput({name: [BAD_DATE]}) from None


def _period(start: str | None, end: str | None) -> stats.Period:
    today = timezone.localdate()
    first = _day(start, "from", today.replace(month=1, day=1))
    last = _day(end, "to", today)
    try:
        return stats.Period(first, last)
    except ValidationError as exc:
        raise InvalidInput({"to": exc.messages}) from None


def _district_office(user: Any) -> bool:
    return bool(getattr(user, "district_id", None)) and user.has_perm("org.view_district")


def _street(user: Any, slug: str | None, *, records: bool = False) -> Street:
    """The street whose figures ``user`` asks for: the own street, or for a district office a
    street of its district (figures only, never records)."""
    if not user.has_perm("org.view_statistics") and not _district_office(user):
        raise PermissionDenied(FORBIDDEN)
    if not slug:
        if user.street_id is None:
            raise InvalidInput({"street": [NO_STREET]})
        street_found: Street | None = user.street
    else:
        street_found = Street.objects.filter(slug=slug).first()
    if street_found is None:
        raise Http404(NOT_FOUND)
    if user.is_superuser or (
        user.street_id == street_found.pk and user.has_perm("org.view_statistics")
    ):
        return street_found
    if _district_office(user) and street_found.district_id == user.district_id:
        if records:
            raise PermissionDenied(FORBIDDEN)
        return street_found
    raise Http404(NOT_FOUND)


def _statistic(key: str) -> stats.Statistic:
    try:
        return stats.get(key)
    except ValidationError:
        raise Http404(NOT_FOUND) from None


def _columns(stat: stats.Statistic) -> list[str]:
    basis = stat.basis()
    if basis.records is None or stats.record_model(stat) is not basis.records.model:
        return []
    return list(basis.records.columns)


def router() -> Router:
    """The statistics endpoints."""
    api = Router(tags=["统计指标"])
    street_param = Query(None, description="街道标识，例如 haibin；默认为本人所属街道")
    from_param = Query(None, alias="from", description="开始日期 YYYY-MM-DD；默认为本年1月1日")
    to_param = Query(None, alias="to", description="结束日期 YYYY-MM-DD（含当日）；默认为今天")

    @api.get(
        "/",
        response={200: FiguresOut, **ERROR_RESPONSES},
        operation_id="statistics_list",
        url_name="statistics_list",
        summary="统计指标",
        description="一个街道在统计期间的全部指标（年度报告引用的数字），每项附口径说明和"
        "其背后记录的接口地址。区依法治区办的账号可查询本区各街道的指标，但不能查看记录。",
    )
    @decorate_view(replica_reads())
    def list_view(
        request: HttpRequest,
        street: str | None = street_param,
        start: str | None = from_param,
        end: str | None = to_param,
    ) -> Any:
        user: Any = request.user
        found = _street(user, street)
        period = _period(start, end)
        values = stats.compute(found, period)
        may_see_records = user.street_id == found.pk or user.is_superuser
        results = []
        for stat in stats.registered():
            link = None
            if may_see_records:
                link = request.build_absolute_uri(
                    reverse("api:statistics_records", kwargs={"key": stat.key})
                    + f"?street={found.slug}&from={period.start}&to={period.end}"
                )
            results.append(
                {
                    "key": stat.key,
                    "label": str(stat.label),
                    "unit": str(stat.unit),
                    "definition": str(stat.description),
                    "chapter": stat.chapter,
                    "chapter_label": str(stats.Chapter(stat.chapter).label)
                    if stat.chapter in stats.Chapter.values
                    else stat.chapter,
                    "value": values[stat.key],
                    "breakdowns": [] if stat.derived else [b for b, _ in stat.breakdowns()],
                    "records": link,
                }
            )
        return {
            "street": found.slug,
            "street_name": found.name,
            "start": period.start,
            "end": period.end,
            "results": results,
        }

    @api.get(
        "/{key}/breakdown/",
        response={200: BreakdownOut, **ERROR_RESPONSES},
        operation_id="statistics_breakdown",
        url_name="statistics_breakdown",
        summary="指标分组统计",
        description="一个指标按月份（month）、村居（village）、网格（grid）或指标所在记录的"
        "分类维度分组的数值；各组之和等于指标数值（按不同对象去重计数的指标除外）。",
    )
    @decorate_view(replica_reads())
    def breakdown_view(
        request: HttpRequest,
        key: str,
        by: str = Query(..., description="分组方式，见统计指标列表中的 breakdowns"),
        street: str | None = street_param,
        start: str | None = from_param,
        end: str | None = to_param,
    ) -> Any:
        user: Any = request.user
        found = _street(user, street)
        stat = _statistic(key)
        period = _period(start, end)
        try:
            bars = stats.breakdown(stat, found, period, by)
        except ValidationError as exc:
            raise InvalidInput({"by": exc.messages}) from None
        return {
            "key": stat.key,
            "by": by,
            "street": found.slug,
            "start": period.start,
            "end": period.end,
            "results": [{"key": b.key, "label": b.label, "value": b.value} for b in bars],
        }

    @api.get(
        "/{key}/records/",
        response={200: RecordsPage, **ERROR_RESPONSES},
        operation_id="statistics_records",
        url_name="statistics_records",
        summary="指标背后的记录",
        description="构成该指标的记录（计数的记录，或合计金额的记录），范围与权限同记录列表："
        "网格员只看到本网格的记录。可加 by 和 value 只看某一分组的记录。按编号升序分页。",
    )
    @decorate_view(replica_reads())
    def records_view(
        request: HttpRequest,
        key: str,
        street: str | None = street_param,
        start: str | None = from_param,
        end: str | None = to_param,
        by: str | None = Query(None, description="分组方式（可选）"),
        value: str | None = Query(None, description="分组值（与 by 同用）"),
        cursor: str | None = Query(None, description="分页游标：上一页返回的 next_cursor"),
        limit: int = Query(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="每页条数（1–200）"
        ),
    ) -> Any:
        user: Any = request.user
        found = _street(user, street, records=True)
        stat = _statistic(key)
        require_perm(user, stats.record_model(stat), "view")
        period = _period(start, end)
        if by and value is None:
            raise InvalidInput({"value": [NO_VALUE]})
        try:
            queryset = stats.records(stat, found, period, user, by=by, value=value)
            total = stats.records_total(stat, queryset)
        except ValidationError as exc:
            raise InvalidInput({"by": exc.messages}) from None
        figure = stats.compute(found, period, [stat.key])[stat.key]
        page = paginate(request, queryset, cursor, limit)
        columns = _columns(stat)
        model = stats.record_model(stat)
        page["results"] = [
            {
                "id": obj.pk,
                "label": str(obj),
                "fields": {
                    field_label(model, name): str(display_value(obj, name)) for name in columns
                },
            }
            for obj in page["results"]
        ]
        return {"key": stat.key, "value": figure, "total": total, **page}

    return api
