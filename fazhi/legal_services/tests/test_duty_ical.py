"""The lawyers' calendar feeds: RFC 5545 text (structure, CRLF, folding at 75 octets, escaping),
secret links kept as digests only, and who may issue them."""

from __future__ import annotations

import hashlib
import re
from datetime import date, time, timedelta

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services import ical
from fazhi.legal_services.models import LawyerCalendarFeed
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import NOW, THURSDAY, book, make_shift

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services/dutyshift/calendar"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def parse(body: bytes) -> list[dict[str, list[tuple[str, str]]]]:
    """The VEVENTs of an .ics as {name: [(params, value)]}, checking the text's structure:
    CRLF line ends, physical lines of at most 75 octets, BEGIN/END properly nested."""
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    physical = body.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    text = body.decode("utf-8").replace("\r\n ", "")  # unfold (RFC 5545 3.1)
    stack: list[str] = []
    events: list[dict[str, list[tuple[str, str]]]] = []
    for line in text.split("\r\n")[:-1]:
        name, params, value = re.fullmatch(r"([A-Z-]+)((?:;[^:]*)?):(.*)", line).groups()
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack and stack[-1] == "VEVENT":
            events[-1].setdefault(name, []).append((params, value))
    assert stack == []
    return events


def issue(client, lawyer) -> str:
    response = client.post(f"{BASE}/{lawyer.pk}/issue/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    url = re.search(r'value="(http://testserver[^"]+\.ics)"', response.content.decode()).group(1)
    return url.removeprefix("http://testserver")


def test_fold_keeps_lines_short_and_characters_whole():
    line = "DESCRIPTION:" + "法律咨询，" * 40 + "x" * 30
    folded = ical.fold(line)
    parts = folded.encode().split(b"\r\n")
    assert len(parts) > 1 and all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    for p in parts:
        p.decode("utf-8")  # no character cut in two
    assert folded.replace("\r\n ", "") == line
    assert ical.fold("SHORT:ok") == "SHORT:ok"


def test_text_values_are_escaped():
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_control_characters_never_reach_the_feed(world, legal):
    # RFC 5545 allows no control character in a TEXT value; Word's line break is a new line.
    assert ical.escape_text("甲\x0b乙\x01丙,丁") == "甲\\n乙丙\\,丁"
    make_shift(world, legal, place="幸福社区\x0b法律服务室\x1f")
    client = world.client(legal.lawyer_user)
    body = client.get(issue(client, legal.lawyer_a)).content
    assert not any(b < 0x20 and b not in b"\t\r\n" for b in body)
    (event,) = parse(body)
    assert event["LOCATION"] == [("", "幸福社区\\n法律服务室")]


def test_feed_has_the_lawyers_shifts_as_events(world, legal):
    shift = make_shift(world, legal, place="党群服务中心二楼, 法律服务室; " + "长" * 30)
    book(shift)
    cancelled = make_shift(world, legal, date=THURSDAY + timedelta(days=7))
    duty.duty_shift_cancel(cancelled, actor=world.clerk_a, reason="律师出庭")
    make_shift(world, legal, lawyer=legal.other_lawyer_a)  # someone else's
    url = issue(world.client(legal.lawyer_user), legal.lawyer_a)
    response = world.client(None).get(url)  # calendar apps do not log in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    assert body.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert b"BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai" in body
    events = parse(body)
    assert len(events) == 2
    first, second = events
    assert first["UID"] == [("", f"dutyshift-{shift.pk}@street-a.fazhi")]
    assert first["DTSTAMP"] == [("", "20200601T020000Z")]
    assert first["DTSTART"] == [(";TZID=Asia/Shanghai", "20200604T090000")]
    assert first["DTEND"] == [(";TZID=Asia/Shanghai", "20200604T113000")]
    assert first["SUMMARY"] == [("", "村居法律顾问值班：甲街幸福社区")]
    assert first["LOCATION"][0][1].startswith("党群服务中心二楼\\, 法律服务室\\; 长")
    assert first["DESCRIPTION"] == [("", "可预约名额2个，已预约1个。")]
    assert first["STATUS"] == [("", "CONFIRMED")]
    assert second["STATUS"] == [("", "CANCELLED")]
    assert "律师出庭" in second["DESCRIPTION"][0][1]
    # No resident in a feed that calendar services copy.
    assert "张三丰".encode() not in body and b"13812340001" not in body


def test_only_the_digest_is_kept_and_a_new_link_retires_the_old(world, legal):
    client = world.client(legal.lawyer_user)
    old = issue(client, legal.lawyer_a)
    token = old.rsplit("/", 1)[1].removesuffix(".ics")
    feed = LawyerCalendarFeed.objects.get(lawyer=legal.lawyer_a)
    assert feed.token_digest == hashlib.sha256(token.encode()).hexdigest()
    entry = AuditEntry.objects.filter(object_type="legal_services.lawyercalendarfeed").get()
    assert (entry.action, entry.actor, entry.changes["event"]) == (
        Action.CREATE,
        legal.lawyer_user,
        "issue",
    )
    assert token not in str(entry.changes) and feed.token_digest not in str(entry.changes)
    new = issue(client, legal.lawyer_a)
    assert new != old
    assert world.client(None).get(old).status_code == 404
    assert world.client(None).get(new).status_code == 200
    assert AuditEntry.objects.order_by("-seq").first().changes["event"] == "regenerate"
    response = client.post(f"{BASE}/{legal.lawyer_a.pk}/revoke/")
    assert response.status_code == 302
    assert world.client(None).get(new).status_code == 404
    assert not LawyerCalendarFeed.objects.exists()
    assert AuditEntry.objects.order_by("-seq").first().action == Action.DELETE


def test_who_may_issue_a_link(world, legal):
    lawyer_client = world.client(legal.lawyer_user)
    assert lawyer_client.post(f"{BASE}/{legal.other_lawyer_a.pk}/issue/").status_code == 403
    assert world.client(world.leader).post(f"{BASE}/{legal.lawyer_a.pk}/issue/").status_code == 403
    assert world.client(world.clerk_b).post(f"{BASE}/{legal.lawyer_a.pk}/issue/").status_code == 404
    assert world.client(world.clerk_a).get(f"{BASE}/{legal.lawyer_a.pk}/issue/").status_code == 405
    assert not LawyerCalendarFeed.objects.exists()
    issue(world.client(world.clerk_a), legal.other_lawyer_a)  # the office: any of its lawyers
    assert LawyerCalendarFeed.objects.filter(lawyer=legal.other_lawyer_a).exists()


@pytest.mark.parametrize("token", ["nothing", "x" * 300, "..%2F"])
def test_unknown_links_are_404(world, legal, token):
    assert world.client(None).get(f"{BASE}/feed/{token}.ics").status_code == 404


def test_feed_window_leaves_out_old_shifts(world, legal):
    make_shift(world, legal, date=date(2019, 1, 10), starts_at=time(9), ends_at=time(10))
    make_shift(world, legal)
    url = issue(world.client(legal.lawyer_user), legal.lawyer_a)
    assert len(parse(world.client(None).get(url).content)) == 1
