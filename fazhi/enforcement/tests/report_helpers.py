"""Helpers of the registry, patrol and report tests: small real pictures, the last audit row,
a patrol and a report made through the services."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.enforcement.models import Patrol, Report
from fazhi.enforcement.services.patrols import patrol_create
from fazhi.enforcement.services.reports import report_create

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)  # type: ignore[misc]


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A real PNG picture (red pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


# The smallest JFIF header and an end marker: a JPEG by its structure.
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def photo(content: bytes | None = None, name: str = "现场.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes() if content is None else content, "image/png")


def last_audit() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry is not None
    return entry


def make_patrol(world: Any, enf: Any, **fields: Any) -> Patrol:
    data = {
        "started_at": at(2020, 9, 1, 9, 0),
        "ended_at": at(2020, 9, 1, 11, 0),
        "grid": world.a.grid,
        "route": "幸福路—光明大道",
        "findings": "发现占道经营一处。",
        "problems_found": 1,
        **fields,
    }
    members = data.pop("members", [enf.officer1, enf.officer2])
    return patrol_create(street=world.a.street, actor=world.clerk_a, members=members, **data)


def make_report(world: Any, enf: Any, **data: Any) -> Report:
    """A grid worker's report in grid A-01 (or what ``data`` says)."""
    actor = data.pop("actor", world.grid_worker)
    street = data.pop("street", world.a.street)
    picture = data.pop("photo", None)
    values = {
        "source": Report.Source.GRID_WORKER,
        "category": enf.stall,
        "address": "幸福路12号门前",
        "description": "流动摊贩占用人行道经营。",
        **data,
    }
    return report_create(
        actor=actor, street=street, data=values, photo=picture, now=at(2020, 9, 28, 10, 0)
    )
