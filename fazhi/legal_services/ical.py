"""A lawyer's duty shifts as an iCalendar file (RFC 5545), written by hand: a handful of
properties do not need a dependency.

Times are local (``TZID=Asia/Shanghai``, with its VTIMEZONE: China has kept UTC+8 without
daylight saving since 1991), DTSTAMP in UTC. Lines end in CRLF and are folded at 75 octets
without splitting a character. Residents' names and numbers never go into a feed: calendar
apps copy it to servers the street does not control.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.plain_text import plain_text
from fazhi.legal_services.models import DutyShift, Lawyer

LINE_OCTETS = 75
TZID = "Asia/Shanghai"
PRODID = "-//Fazhi//Duty roster//ZH"

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped,
    control characters (which the RFC does not allow in a TEXT value) left out."""
    return (
        plain_text(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded into physical lines of at most 75 octets (3.1): each
    continuation starts with a space, and a UTF-8 character is never cut in two."""
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [" "], 1, LINE_OCTETS
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(shift: DutyShift, end: bool = False) -> str:
    moment = shift.ends_at if end else shift.starts_at
    return f"{shift.date:%Y%m%d}T{moment:%H%M%S}"


def _event(shift: DutyShift, stamp: str, domain: str) -> list[str]:
    booked = getattr(shift, "booked", 0)
    summary = _("村居法律顾问值班：%(village)s") % {"village": shift.village}
    details = [
        _("可预约名额%(capacity)d个，已预约%(booked)d个。")
        % {"capacity": shift.capacity, "booked": booked}
    ]
    if shift.status == DutyShift.Status.CANCELLED:
        summary = _("（已取消）") + summary
        details.insert(0, _("取消原因：%(reason)s") % {"reason": shift.cancel_reason or "—"})
    elif shift.status != DutyShift.Status.SCHEDULED:
        details.insert(0, str(shift.get_status_display()))
    lines = [
        "BEGIN:VEVENT",
        f"UID:dutyshift-{shift.pk}@{domain}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={TZID}:{_local(shift)}",
        f"DTEND;TZID={TZID}:{_local(shift, end=True)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(shift.place or str(shift.village))}",
        f"DESCRIPTION:{escape_text(''.join(details))}",
        f"LAST-MODIFIED:{_utc(shift.updated_at)}",
        "STATUS:" + ("CANCELLED" if shift.status == DutyShift.Status.CANCELLED else "CONFIRMED"),
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def duty_calendar(
    lawyer: Lawyer, shifts: Iterable[DutyShift], *, now: datetime | None = None
) -> str:
    """The whole .ics text of ``lawyer``'s ``shifts``."""
    stamp = _utc(now or timezone.now())
    # A UID stays the same for the life of the shift, whatever host serves the feed.
    domain = f"{lawyer.street.slug}.fazhi"
    name = _("%(lawyer)s的值班安排") % {"lawyer": lawyer.name}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for shift in shifts:
        lines.extend(_event(shift, stamp, domain))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
