"""The one NinjaAPI of the platform, mounted at /api/: each app's endpoints (its own ``api.py``)
mounted here."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from fazhi.api import errors
from fazhi.api.auth import API_AUTH
from fazhi.api.docs import LocalSwagger, docs_guard
from fazhi.core import api as statistics
from fazhi.enforcement import api as enforcement
from fazhi.legal_services import api as legal_services
from fazhi.org import api as org
from fazhi.outreach import api as outreach
from fazhi.reports import api as reports
from fazhi.reviews import api as reviews
from fazhi.study import api as study

DESCRIPTION = """\
街道办事处法治政府建设工作平台的数据接口。数据范围、权限和校验规则与系统页面完全相同：\
只能看到本街道（网格员只能看到本网格）的记录，新增、修改、删除都写入审计日志。

**认证**：浏览器中已登录的用户直接使用（修改类请求须带 `X-CSRFToken` 请求头）；\
程序调用请在[接口令牌](/api/tokens/)页面创建令牌，并在请求头中提供 `Authorization: Bearer <令牌>`。

**分页**：列表按编号（id）升序，每页默认50条（`limit` 最多200）；\
把返回的 `next_cursor` 作为 `cursor` 参数即可取下一页，或直接请求 `next` 地址。

**修改**：PATCH 只提交要修改的字段，未提交的字段保持不变（其间他人所做的修改也不会被覆盖）；\
`null` 只用于清空可以为空的字段（例如撤销日期、系统账号），文本字段要清空请提交空字符串 `""`。\
数值、布尔值和编号须为 JSON 的相应类型：`"3"` 不是 3，`true` 不是编号 1，`"yes"` 不是 true。

**错误**：一律返回 `{"detail": "说明", "errors": {"字段": ["说明"]}}`：\
401 未登录或令牌无效，403 无权操作，404 记录不存在或不在您的管辖范围内，\
422 提交的内容未通过校验或业务规则不允许（例如记录仍被使用，不能删除），\
400 请求无法解析（例如请求体不是 JSON）。
"""


class ChineseJSONRenderer(JSONRenderer):
    """JSON with Chinese characters as they are, not as \\u escapes."""

    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}


class PlatformAPI(NinjaAPI):
    """The NinjaAPI whose document describes each answer in Chinese."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for item in document["paths"].values():
            for operation in item.values():
                for status, answer in operation["responses"].items():
                    # An operation's own description (e.g. 合同文本文件) is kept.
                    if answer.get("description") == HTTPStatus(int(status)).phrase:
                        answer["description"] = errors.RESPONSE_DESCRIPTIONS.get(
                            int(status), answer["description"]
                        )
        return document


api = PlatformAPI(
    title="法治政府建设工作平台 API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    renderer=ChineseJSONRenderer(),
    docs=LocalSwagger(),
    docs_url="/docs",
    docs_decorator=docs_guard,
)
errors.install(api)

for resource in [
    *org.RESOURCES,
    *legal_services.RESOURCES,
    *reviews.RESOURCES,
    *enforcement.RESOURCES,
    *outreach.RESOURCES,
    *study.RESOURCES,
]:
    api.add_router(f"/{resource.path}", resource.router())
api.add_router("/statistics", statistics.router())
api.add_router("/annual-reports", reports.router())
