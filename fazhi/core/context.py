"""Who is asking and from where, for the length of one request or command.

The audit log reads these so that services need not pass IP and request id around.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("fazhi_request_context", default=None)


def current() -> RequestContext:
    """The context of the running request, or a fresh one for commands and tests."""
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext(request_id=uuid.uuid4().hex)
        _current.set(ctx)
    return ctx


@contextlib.contextmanager
def bound(ctx: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
