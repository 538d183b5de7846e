"""Every API error is one JSON shape with a Chinese message: ``{"detail": …, "errors": {…}}``.

401 未登录; 403 无权; 404 不存在或不在管辖范围内; 422 the request was understood but refused by
a parameter check, the page's form or the service (field by field where a field is to blame);
400 the request could not be read at all (e.g. not JSON). Nothing is written on any of them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from pydantic import Field

from fazhi.core.db_errors import connection_lost_response

logger = logging.getLogger("fazhi.api")

INVALID = "提交的内容有误，未保存，请按 errors 中的提示修改。"
INVALID_QUERY = "查询条件有误，请按 errors 中的提示修改。"
NOT_FOUND = "记录不存在或不在您的管辖范围内。"
NOT_LOGGED_IN = (
    "未登录或登录已过期：请先登录，或在请求头中提供有效的接口令牌（Authorization: Bearer …）。"
)
FORBIDDEN = "无权执行此操作。"
SERVER_ERROR = "系统出现错误，错误已记录，请稍后重试或联系系统管理员。"
METHOD_NOT_ALLOWED = "该地址不支持此请求方法。"
CSRF_FAILED = "CSRF 校验失败，请刷新页面后重试；程序调用请改用接口令牌。"
NO_SUCH_ENDPOINT = "接口地址不存在，请查阅接口文档。"
_STATUS_TEXT = {
    400: "请求有误，未处理：请求体须为有效的 JSON（Content-Type: application/json）。",
    401: NOT_LOGGED_IN,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    429: "请求过于频繁，请稍后再试。",
}


# What each answer means, in the OpenAPI document (ninja would write HTTP's English phrase).
RESPONSE_DESCRIPTIONS = {
    200: "成功",
    201: "已新增，返回新记录",
    204: "已删除，无返回内容",
    400: "请求无法解析（例如请求体不是有效的 JSON），未处理",
    401: "未登录，或接口令牌无效、已过期、已吊销",
    403: "无权执行此操作，或须先修改初始密码",
    404: "记录不存在或不在您的管辖范围内",
    422: "提交的内容或查询条件未通过校验，或业务规则不允许，未保存",
}


class InvalidInput(Exception):
    """The request's content does not pass the form or parameter checks (answered with 422)."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class ErrorOut(Schema):
    """An error answer."""

    detail: str = Field(description="错误说明")
    errors: dict[str, list[str]] = Field(
        default_factory=dict, description="逐字段的错误说明；__all__ 为不属于单个字段的错误"
    )


def _sharing_error_answers(
    create: Callable[[Operation, Any], Any],
) -> Callable[[Operation, Any], Any]:
    """ninja's ``Operation._create_response_model``, giving the error answer one model.

    ninja wraps each answer of each operation in a pydantic model of its own: with the five
    error answers of some 340 operations, that is 1,700 identical models of ``ErrorOut`` (most
    of the time and memory it takes to build the API). The wrapper holds nothing but the
    answer's type, so every operation can share one."""
    shared: list[Any] = []

    def create_response_model(operation: Operation, response_param: Any) -> Any:
        if response_param is not ErrorOut:
            return create(operation, response_param)
        if not shared:
            shared.append(create(operation, ErrorOut))
        return shared[0]

    return create_response_model


# Before any operation is declared: every module that declares one imports ERROR_RESPONSES.
Operation._create_response_model = _sharing_error_answers(  # type: ignore[method-assign]
    Operation._create_response_model
)


ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "errors": errors or {}}


# --- pydantic's messages, in Chinese -----------------------------------------------------------

REQUIRED = "这个字段是必填项。"
BAD_DATE = "请输入有效的日期，格式为 YYYY-MM-DD。"
BAD_DATETIME = "请输入有效的日期时间，格式为 YYYY-MM-DDTHH:MM:SS+08:00。"
BAD_TIME = "请输入有效的时间，格式为 HH:MM 或 HH:MM:SS（北京时间），例如 09:00。"
TIME_OTHER_DAY = "该时间换算为北京时间后不在同一天（为{local}），请直接填写北京时间。"
NULL_REFUSED = "不能为 null：要保留原值（新增时为默认值），请不要提交此字段。"
NULL_REFUSED_TEXT = (
    '不能为 null：要清空请提交空字符串 ""；要保留原值（新增时为默认值），请不要提交此字段。'
)
_INTEGER = "须为整数。"
_MESSAGES: dict[str, str] = {
    "missing": REQUIRED,
    "string_type": "须为文本。",
    "string_too_short": "不能为空。",
    "string_too_long": "最多可填写{max_length}个字符。",
    "int_parsing": _INTEGER,
    "int_type": _INTEGER,
    "int_from_float": _INTEGER,
    "greater_than_equal": "不能小于{ge}。",
    "greater_than": "须大于{gt}。",
    "less_than_equal": "不能大于{le}。",
    "less_than": "须小于{lt}。",
    "date_parsing": BAD_DATE,
    "date_type": BAD_DATE,
    "date_from_datetime_parsing": BAD_DATE,
    "date_from_datetime_inexact": BAD_DATE,
    "datetime_parsing": BAD_DATETIME,
    "datetime_type": BAD_DATETIME,
    "datetime_from_date_parsing": BAD_DATETIME,
    "time_parsing": BAD_TIME,
    "time_type": BAD_TIME,
    "bool_parsing": "须为 true 或 false。",
    "bool_type": "须为 true 或 false。",
    "list_type": "须为列表，例如 [1, 2]。",
    "dict_type": "须为 JSON 对象。",
    "model_type": "须为 JSON 对象。",
    "model_attributes_type": "须为 JSON 对象。",
    "json_invalid": "请求体不是有效的 JSON。",
    "extra_forbidden": "不是可以提交的字段。",
    "none_required": "不能提交此字段。",
}


def pydantic_message(error: dict[str, Any]) -> str:
    """One pydantic error as a Chinese sentence; our own validators' messages are kept."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in {"literal_error", "enum"}:
        return f"请从以下选项中选择：{ctx.get('expected', '')}。".replace("' or '", "'、'")
    if kind == "value_error" and has_chinese(str(ctx.get("error", ""))):
        return str(ctx["error"])
    template = _MESSAGES.get(kind)
    if template is None:
        # Our own PydanticCustomError (e.g. null_refused) already speaks Chinese.
        message = str(error.get("msg", ""))
        return message if has_chinese(message) else "格式不正确。"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def _field_key(loc: Iterable[Any]) -> str:
    """``("body", "payload", "name")`` → ``name``; ``("query", "limit")`` → ``limit``;
    the body as a whole → ``__all__``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    if parts and parts[0] in {"payload", "filters"}:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def ninja_validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for error in errors:
        loc = error.get("loc")
        if loc is None:  # ninja's own errors, e.g. [{"cursor": "Invalid Cursor"}]
            for key in error:
                result.setdefault(str(key), []).append("格式不正确。")
            continue
        result.setdefault(_field_key(loc), []).append(pydantic_message(error))
    return result


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: list(errs) for field, errs in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: list(exc.messages)}


def _detail_from(errors: dict[str, list[str]], default: str) -> str:
    general = errors.get(NON_FIELD_ERRORS)
    return "".join(general) if general and len(errors) == 1 else default


# --- the handlers --------------------------------------------------------------------------------


def install(api: NinjaAPI) -> None:
    """Replace ninja's English error answers by ours."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def invalid(request: HttpRequest) -> str:
        # A read that is refused saved nothing to begin with: say the query is what is wrong.
        return INVALID_QUERY if request.method in ("GET", "HEAD") else INVALID

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = ninja_validation_errors(exc.errors)
        return respond(request, 422, error_body(invalid(request), errors))

    def on_invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
        detail = _detail_from(exc.errors, invalid(request))
        return respond(request, 422, error_body(detail, exc.errors))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = django_validation_errors(exc)
        return respond(request, 422, error_body(_detail_from(errors, invalid(request)), errors))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if not has_chinese(message):
            message = _STATUS_TEXT.get(exc.status_code, "请求未能处理。")
        return respond(request, exc.status_code, error_body(message))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = str(exc) if has_chinese(str(exc)) else NOT_LOGGED_IN
        response = respond(request, 401, error_body(message))
        response["WWW-Authenticate"] = 'Bearer realm="fazhi"'
        return response

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) if has_chinese(str(exc)) else FORBIDDEN
        return respond(request, 403, error_body(message))

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = str(exc) if has_chinese(str(exc)) else NOT_FOUND
        return respond(request, 404, error_body(message))

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # A database connection lost under the request: 503, and the next request reconnects.
        lost = connection_lost_response(request, exc)
        if lost is not None:
            return lost
        logger.exception("API request %s %s failed", request.method, request.path)
        return respond(request, 500, error_body(SERVER_ERROR))

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (NinjaValidationError, on_validation),
        (InvalidInput, on_invalid_input),
        (DjangoValidationError, on_django_validation),
        (AuthenticationError, on_authentication),
        (HttpError, on_http_error),
        (PermissionDenied, on_permission_denied),
        (Http404, on_not_found),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
