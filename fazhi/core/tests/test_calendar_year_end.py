"""The calendar's year-end: the dashboard warns when next year's holiday arrangement is not
entered (the system administrator from 1 November, everyone whose deadlines depend on it from
1 December), and the administrator loads a year's arrangement from a small file, previewed
before it is written all at once.

The year after the package's last is the year nobody knows yet. The arrangement loaded here is
written for the test, not the State Council's."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.calendar_file import read_arrangement
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.services import calendar_day_set, calendar_year_load
from fazhi.core.workdays import CalendarUnknown, add_workdays, package_years
from fazhi.org.roles import Role
from fazhi.testing import make_user

LAST = package_years()[1]  # the last year the holiday package knows
NEXT = LAST + 1
LOAD = "/office/calendar/load/"
TEMPLATE = "/office/calendar/load/template.csv"
WARNING = f"尚未录入{NEXT}年的法定节假日安排"
SOURCE = "国办发明电〔测试〕1号"

# A Spring Festival of the test's own: Friday 5 to Thursday 11 February off, Saturday 20 at work.
ARRANGEMENT = f"""日期,类型,名称
{NEXT}-01-01,放假,元旦
{NEXT}-02-05,放假,春节
{NEXT}-02-06,放假,春节
{NEXT}-02-07,放假,春节
{NEXT}-02-08,放假,春节
{NEXT}-02-09,放假,春节
{NEXT}-02-10,放假,春节
{NEXT}-02-11,放假,春节
{NEXT}-02-20,上班,春节
"""


def warnings(user, when: str) -> list[dict]:
    """The calendar warnings on ``user``'s dashboard at ``when`` (Beijing time)."""
    from django.test import Client

    with time_machine.travel(f"{when} 09:00 +0800", tick=False):
        client = Client()
        client.force_login(user)
        found = client.get("/office/").context["reminders"]
    return [r for r in found if "法定节假日安排" in str(r["label"])]


def upload(client, content: bytes, name: str = "安排.csv", year: int = NEXT):
    return client.post(
        LOAD,
        {"year": year, "source": SOURCE, "file": SimpleUploadedFile(name, content)},
    )


def next_year_entries() -> int:
    return CalendarDay.objects.filter(day__year=NEXT).count()


# --- Warnings ----------------------------------------------------------------------------------


def test_no_warning_on_31_october(world):
    assert warnings(world.sysadmin, f"{LAST}-10-31") == []
    assert warnings(world.reviewer, f"{LAST}-10-31") == []


def test_from_1_november_the_system_administrator_is_warned(world):
    (item,) = warnings(world.sysadmin, f"{LAST}-11-01")
    assert WARNING in str(item["label"])
    assert "期限将无法计算" in str(item["label"]) and "请系统管理员录入" in str(item["label"])
    assert item["url"] == LOAD
    assert warnings(world.reviewer, f"{LAST}-11-01") == []
    assert warnings(world.clerk_a, f"{LAST}-11-30") == []


def test_from_1_december_everyone_whose_deadlines_depend_on_it_is_warned(world):
    for user in (world.clerk_a, world.reviewer, world.leader, world.clerk_b):
        (item,) = warnings(user, f"{LAST}-12-01")
        assert WARNING in str(item["label"])
        assert item["url"] == "/office/calendar/"
    assert len(warnings(world.sysadmin, f"{LAST}-12-01")) == 1  # once, with the loading link
    # A lawyer's review opinions and mediations have time limits too; the link opens for them.
    lawyer = make_user("lawyer", world.a.street, [Role.LAWYER])
    (item,) = warnings(lawyer, f"{LAST}-12-01")
    assert world.client(lawyer).get(item["url"]).status_code == 200
    # Who counts no deadline is not troubled.
    assert warnings(world.auditor, f"{LAST}-12-01") == []
    assert warnings(world.secadmin, f"{LAST}-12-01") == []


def test_no_warning_once_the_year_is_entered(world):
    arrangement = read_arrangement(ARRANGEMENT.encode(), year=NEXT)
    calendar_year_load(
        year=NEXT,
        days=[(d.day, d.kind, d.name) for d in arrangement.days],
        source=SOURCE,
        actor=world.sysadmin,
    )
    assert warnings(world.sysadmin, f"{LAST}-12-01") == []
    assert warnings(world.reviewer, f"{LAST}-12-20") == []


# --- Loading a year's arrangement from a file --------------------------------------------------


def test_a_file_is_previewed_then_applied_and_deadlines_follow_it(world):
    client = world.client(world.sysadmin)
    calendar_day_set(day=date(NEXT, 3, 1), kind="holiday", name="旧录入", actor=world.sysadmin)
    with pytest.raises(CalendarUnknown):
        add_workdays(date(NEXT, 2, 2), 7)

    response = upload(client, ARRANGEMENT.encode())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{NEXT}年2月5日" in page and f"{NEXT}年2月20日" in page
    assert "星期六" in page and "上班" in page and "春节" in page
    assert f"确认载入{NEXT}年安排" in page
    # The preview writes nothing.
    assert next_year_entries() == 1 and not CalendarYear.objects.filter(year=NEXT).exists()

    arrangement = response.context["form"].data["arrangement"]
    response = client.post(
        LOAD, {"year": NEXT, "source": SOURCE, "arrangement": arrangement, "confirm": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/office/calendar/{NEXT}/"
    days = dict(CalendarDay.objects.filter(day__year=NEXT).values_list("day", "kind"))
    assert len(days) == 9 and date(NEXT, 3, 1) not in days  # the year's entries replaced
    assert days[date(NEXT, 2, 20)] == "workday"
    assert CalendarYear.objects.get(year=NEXT).source == SOURCE
    # Tuesday 2 February: Wednesday, Thursday, then the holiday, then Friday 12 and the
    # next week's Monday to Thursday. Weekends alone would have given Thursday 11.
    assert add_workdays(date(NEXT, 2, 2), 7) == date(NEXT, 2, 18)
    assert add_workdays(date(NEXT, 2, 19), 1) == date(NEXT, 2, 20)  # the make-up Saturday

    audit = AuditEntry.objects.order_by("-seq").first()
    assert (audit.action, audit.actor, audit.object_type) == (
        Action.IMPORT,
        world.sysadmin,
        "core.calendaryear",
    )
    assert audit.changes["before"]["days"] == [f"{NEXT}-03-01 holiday 旧录入"]
    assert f"{NEXT}-02-20 workday 春节" in audit.changes["after"]["days"]
    assert audit.changes["after"]["source"] == SOURCE


def test_an_excel_file_and_plain_text_are_read_alike(world):
    book = Workbook()
    sheet = book.active
    for line in ARRANGEMENT.splitlines():
        sheet.append(line.split(","))
    sheet["A3"].value = date(NEXT, 2, 5)  # a real Excel date cell
    xlsx = BytesIO()
    book.save(xlsx)
    from_excel = read_arrangement(xlsx.getvalue(), year=NEXT, filename="安排.xlsx")
    text = "\n".join(line.replace(",", " ") for line in ARRANGEMENT.splitlines()[1:])
    from_text = read_arrangement(text.encode(), year=NEXT)
    from_csv = read_arrangement(ARRANGEMENT.encode("gb18030"), year=NEXT)
    assert from_excel.errors == from_text.errors == from_csv.errors == []
    assert from_excel.as_text() == from_text.as_text() == from_csv.as_text()
    assert len(from_csv.days) == 9


def test_a_bad_file_lists_every_error_and_writes_nothing(world):
    client = world.client(world.sysadmin)
    calendar_day_set(day=date(NEXT, 3, 1), kind="holiday", name="旧录入", actor=world.sysadmin)
    before = AuditEntry.objects.count()
    bad = f"""日期,类型,名称
{NEXT}-02-05,放假,春节
{NEXT}-02-31,放假,春节
{LAST}-12-31,放假,元旦
{NEXT}-02-05,放假,春节
{NEXT}-02-06,休假,春节
{NEXT}-02-08,上班,春节
{NEXT}-02-13,放假,春节
"""
    response = upload(client, bad.encode())
    assert response.status_code == 400
    assert response.context["arrangement"].errors == [
        f"第3行：日期“{NEXT}-02-31”有误，请写作{NEXT}-02-06这样的日期。",
        f"第4行：{LAST}年12月31日不在{NEXT}年内。",
        f"第5行：{NEXT}年2月5日与第2行重复。",
        "第6行：类型“休假”无法识别，请填写“放假”或“上班”。",
        f"第7行：{NEXT}年2月8日是星期一，本来就是工作日，不能作为调休上班日。",
    ]
    page = response.content.decode()
    assert "文件中有 5 处问题" in page and f"确认载入{NEXT}年安排" not in page
    # A holiday on a weekend (Saturday 13 February) is no error.
    assert f"{NEXT}年2月13日" in page

    # Posting the bad dates as a confirmation writes nothing either.
    response = client.post(
        LOAD, {"year": NEXT, "source": SOURCE, "arrangement": bad, "confirm": "1"}
    )
    assert response.status_code == 400
    assert list(CalendarDay.objects.filter(day__year=NEXT).values_list("name", flat=True)) == [
        "旧录入"
    ]
    assert not CalendarYear.objects.filter(year=NEXT).exists()
    assert AuditEntry.objects.count() == before


def test_an_unreadable_or_empty_file_is_refused_in_chinese(world):
    client = world.client(world.sysadmin)
    response = upload(client, b"")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["所提交的是空文件。"]
    response = upload(client, b"PK\x03\x04broken", name="安排.xlsx")
    assert response.status_code == 400
    assert "不是Excel（.xlsx）文件" in response.context["form"].errors["file"][0]
    response = upload(client, b"\n \n")
    assert response.context["form"].errors["file"] == ["上传的文件是空的。"]
    assert next_year_entries() == 0


def test_the_service_writes_all_or_nothing(world):
    with pytest.raises(ValidationError):
        calendar_year_load(
            year=NEXT,
            days=[(date(NEXT, 2, 5), "holiday", "春节"), (date(LAST, 12, 31), "holiday", "元旦")],
            source=SOURCE,
            actor=world.sysadmin,
        )
    with pytest.raises(ValidationError):
        calendar_year_load(
            year=NEXT,
            days=[(date(NEXT, 2, 5), "holiday", "春节"), (date(NEXT, 2, 6), "holiday", "")],
            source=SOURCE,
            actor=world.sysadmin,
        )
    with pytest.raises(ValidationError) as caught:
        calendar_year_load(
            year=NEXT,
            days=[(date(NEXT, 2, 5), "holiday", "春节"), (date(NEXT, 2, 8), "workday", "春节")],
            source=SOURCE,
            actor=world.sysadmin,
        )
    assert caught.value.messages == [f"{NEXT}年2月8日是工作日，不能作为调休上班日。"]
    assert next_year_entries() == 0 and not CalendarYear.objects.exists()


def test_only_the_system_administrator_loads_a_year(world, anon):
    for user in (world.clerk_a, world.leader, world.reviewer, world.secadmin):
        client = world.client(user)
        assert client.get(LOAD).status_code == 403
        assert upload(client, ARRANGEMENT.encode()).status_code == 403
        assert client.get(TEMPLATE).status_code == 403
    assert anon.get(LOAD).status_code == 302
    assert next_year_entries() == 0
    # The administrator finds the page from the year's calendar.
    page = world.client(world.sysadmin).get(f"/office/calendar/{NEXT}/").content.decode()
    assert LOAD in page
    assert LOAD not in world.client(world.leader).get(f"/office/calendar/{NEXT}/").content.decode()


def test_the_template_is_a_published_year_in_the_file_form(world):
    client = world.client(world.sysadmin)
    response = client.get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    assert content.decode("utf-8-sig").splitlines()[0] == "日期,类型,名称"
    sample = read_arrangement(content, year=LAST)
    assert sample.errors == [] and len(sample.days) > 20
    assert "下载模板" in client.get(LOAD).content.decode()
