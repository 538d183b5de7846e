"""A database connection lost during a request: a 503 in Chinese, and the next request reconnects.

With ``CONN_HEALTH_CHECKS`` (set with every ``DATABASE_URL``) Django tests a kept connection
before a request's first query, so one that died while idle (a database restart, a failover, a
firewall's idle timeout) is replaced unnoticed. One that dies during a request raises
OperationalError or InterfaceError wherever the request is, often in the session or user lookup
of a middleware before any view runs; only the 500 handler sees all of those, so it asks
``connection_lost_response`` first (``core.views.error_500``). The API's own exception handler
catches its views' exceptions before that and must ask too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# What the API answers (its errors are Chinese whatever the interface language).
CONNECTION_LOST = "数据库连接暂时中断，请稍后重试。"
# Seconds a client is asked to wait: a restart or failover of the database takes about this.
RETRY_AFTER_SECONDS = 10


def _open_connections() -> list[BaseDatabaseWrapper]:
    """This thread's connections that have been used (the others cannot be lost)."""
    return list(connections.all(initialized_only=True))


def _lost(conn: BaseDatabaseWrapper) -> bool:
    raw = conn.connection
    if raw is None:
        # Connecting failed (the server is down or refuses), or Django dropped the connection
        # after a rollback failed: either way the error came from not having one.
        return bool(conn.errors_occurred)
    # psycopg marks a connection whose server went away as closed (psycopg 3 also as broken);
    # SQLite's connections have neither attribute and are never lost this way.
    return bool(getattr(raw, "closed", False) or getattr(raw, "broken", False))


def is_connection_lost(exc: BaseException) -> bool:
    """Whether ``exc`` is a database error that left one of this thread's connections gone.

    A deadlock, a statement timeout or SQLite's "database is locked" is an OperationalError
    too, but leaves the connection working: those stay ordinary errors.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    return any(_lost(conn) for conn in _open_connections())


def discard_lost_connections() -> None:
    """Close every connection of this thread that is gone, so that the next query reconnects."""
    for conn in _open_connections():
        if _lost(conn):
            conn.close()


def connection_lost_response(request: HttpRequest, exc: BaseException) -> HttpResponse | None:
    """The 503 for a request whose database connection was lost, or None for any other error.

    JSON (``{"detail": …, "errors": {}}``) under /api/, the site's page elsewhere; both with
    Retry-After. The page is rendered without the request's context processors, which would
    query the database (the user, their menu, their messages) and fail again.
    """
    if not is_connection_lost(exc):
        return None
    discard_lost_connections()
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": CONNECTION_LOST, "errors": {}},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(
            render_to_string(
                "core/connection_lost.html",
                {
                    "status": 503,
                    "title": _("数据库连接暂时中断"),
                    "detail": _(
                        "系统与数据库的连接暂时中断，请稍后刷新页面重试；"
                        "如多次出现，请联系系统管理员。"
                    ),
                    "request_id": getattr(request, "request_id", ""),
                    "retry_url": request.get_full_path(),
                    "site_title": settings.SITE_TITLE,
                },
            ),
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
