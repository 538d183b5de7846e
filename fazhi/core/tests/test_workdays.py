"""The working-day calendar: the package's 2020, the administrator's entries and declared
years, a year no one knows, the pages and the operators' command."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.models import CalendarDay, CalendarYear
from fazhi.core.services import (
    calendar_day_remove,
    calendar_day_set,
    calendar_year_declare,
    calendar_year_withdraw,
)
from fazhi.core.workdays import (
    CalendarUnknown,
    WorkCalendar,
    add_workdays,
    is_workday,
    next_workday,
    workdays_between,
)
from fazhi.org.roles import Role
from fazhi.testing import make_user

HOLIDAY, WORKDAY = CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.WORKDAY
UNKNOWN_2099 = "尚无2099年的法定节假日安排，请系统管理员在“节假日安排”中录入后再计算。"


def last_audit() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(n) for n in range((last - first).days + 1)]


# --- The package's calendar ------------------------------------------------------------------


@pytest.mark.django_db
def test_spring_festival_2020_includes_the_epidemic_extension():
    calendar = WorkCalendar.load()
    assert calendar.is_workday(date(2020, 1, 23))  # the Thursday before the holiday
    # 24 January to 2 February: the holiday, extended by the State Council's epidemic notice
    # from 30 January to 2 February; 1 February was to be a make-up Saturday before it.
    assert [d for d in days(date(2020, 1, 24), date(2020, 2, 2)) if calendar.is_workday(d)] == []
    assert not is_workday(date(2020, 1, 31))
    assert not is_workday(date(2020, 2, 1))
    assert is_workday(date(2020, 2, 3))
    assert next_workday(date(2020, 1, 23)) == date(2020, 2, 3)


@pytest.mark.django_db
def test_the_make_up_sunday_before_spring_festival_2020_is_a_working_day():
    assert date(2020, 1, 19).weekday() == 6
    assert is_workday(date(2020, 1, 19))
    assert not is_workday(date(2020, 1, 18))  # the Saturday before stays off


@pytest.mark.django_db
def test_add_workdays_across_national_day_2020():
    # 1-8 October off; Sunday 27 September and Saturday 10 October worked.
    assert add_workdays(date(2020, 9, 25), 1) == date(2020, 9, 27)
    assert add_workdays(date(2020, 9, 30), 1) == date(2020, 10, 9)
    assert add_workdays(date(2020, 9, 30), 2) == date(2020, 10, 10)
    assert add_workdays(date(2020, 9, 28), 7) == date(2020, 10, 14)
    assert workdays_between(date(2020, 9, 28), date(2020, 10, 14)) == 7
    assert workdays_between(date(2020, 10, 14), date(2020, 9, 28)) == -7
    assert workdays_between(date(2020, 9, 30), date(2020, 10, 8)) == 0


@pytest.mark.django_db
def test_zero_working_days_is_the_day_itself_or_the_next_working_day():
    assert add_workdays(date(2020, 9, 27), 0) == date(2020, 9, 27)  # a make-up Sunday
    assert add_workdays(date(2020, 10, 3), 0) == date(2020, 10, 9)
    with pytest.raises(ValueError):
        add_workdays(date(2020, 10, 3), -1)
    with pytest.raises(TypeError):
        is_workday(datetime(2020, 10, 3, 9, tzinfo=ZoneInfo("Asia/Shanghai")))


# --- The administrator's entries and declared years ------------------------------------------


def test_an_entry_overrides_the_package_and_is_audited(world):
    entry = calendar_day_set(
        day=date(2020, 10, 9), kind=HOLIDAY, name="国庆节", note="试行调整", actor=world.sysadmin
    )
    audit = last_audit()
    assert (audit.action, audit.object_type, audit.object_id, audit.actor) == (
        Action.CREATE,
        "core.calendarday",
        str(entry.pk),
        world.sysadmin,
    )
    assert not is_workday(date(2020, 10, 9))
    assert add_workdays(date(2020, 9, 30), 1) == date(2020, 10, 10)

    calendar_day_set(day=date(2020, 10, 9), kind=WORKDAY, name="国庆节", actor=world.sysadmin)
    assert CalendarDay.objects.count() == 1
    assert last_audit().changes == {"before": {"kind": "holiday", "note": "试行调整"}} | {
        "after": {"kind": "workday", "note": ""}
    }

    calendar_day_remove(day=date(2020, 10, 9), actor=world.sysadmin)
    assert last_audit().action == Action.DELETE
    assert add_workdays(date(2020, 9, 30), 1) == date(2020, 10, 9)  # the package again
    with pytest.raises(ValidationError, match="2020年10月9日没有录入的安排"):
        calendar_day_remove(day=date(2020, 10, 9), actor=world.sysadmin)


@pytest.mark.django_db
def test_a_year_beyond_the_package_and_without_entries_is_refused_with_a_message():
    for compute in (
        lambda: is_workday(date(2099, 3, 2)),
        lambda: add_workdays(date(2099, 3, 2), 7),
        lambda: workdays_between(date(2099, 3, 2), date(2099, 3, 20)),
        lambda: next_workday(date(2099, 3, 6)),
    ):
        with pytest.raises(CalendarUnknown) as caught:
            compute()
        assert caught.value.year == 2099
        assert str(caught.value) == UNKNOWN_2099
        assert caught.value.messages == [UNKNOWN_2099]


def test_entries_alone_do_not_make_a_year_known(world):
    calendar_day_set(day=date(2099, 1, 1), kind=HOLIDAY, name="元旦", actor=world.sysadmin)
    assert not is_workday(date(2099, 1, 1))
    with pytest.raises(CalendarUnknown):
        is_workday(date(2099, 1, 5))


def test_after_the_year_is_entered_and_declared_working_days_count(world):
    with pytest.raises(ValidationError, match="尚未录入2099年的节假日"):
        calendar_year_declare(year=2099, source="国办发明电〔2098〕9号", actor=world.sysadmin)
    assert not CalendarYear.objects.exists()

    # 1 January 2099 is a Thursday: off Thursday to Saturday, the Sunday after worked.
    calendar_day_set(day=date(2099, 1, 1), kind=HOLIDAY, name="元旦", actor=world.sysadmin)
    calendar_day_set(day=date(2099, 1, 2), kind=HOLIDAY, name="元旦", actor=world.sysadmin)
    calendar_day_set(day=date(2099, 1, 4), kind=WORKDAY, name="元旦", actor=world.sysadmin)
    declared = calendar_year_declare(
        year=2099, source="国办发明电〔2098〕9号", actor=world.sysadmin
    )
    audit = last_audit()
    assert (audit.action, audit.object_type, audit.object_id) == (
        Action.CREATE,
        "core.calendaryear",
        str(declared.pk),
    )
    assert add_workdays(date(2099, 1, 1), 1) == date(2099, 1, 4)
    assert workdays_between(date(2099, 1, 1), date(2099, 1, 9)) == 6
    assert is_workday(date(2099, 3, 2)) and not is_workday(date(2099, 3, 7))

    calendar_year_withdraw(year=2099, actor=world.sysadmin)
    with pytest.raises(CalendarUnknown):
        is_workday(date(2099, 3, 2))


# --- Pages -------------------------------------------------------------------------------------


def test_sysadmin_adds_a_day_with_an_audit_row(world):
    client = world.client(world.sysadmin)
    response = client.post(
        "/office/calendarday/new/",
        {"day": "2099-10-01", "kind": "holiday", "name": "国庆节", "note": ""},
    )
    entry = CalendarDay.objects.get(day=date(2099, 10, 1))
    assert response.status_code == 302
    assert response["Location"] == f"/office/calendarday/{entry.pk}/"
    assert (entry.kind, entry.name) == ("holiday", "国庆节")
    audit = last_audit()
    assert (audit.action, audit.object_id, audit.actor) == (
        Action.CREATE,
        str(entry.pk),
        world.sysadmin,
    )
    assert audit.changes["after"]["day"] == "2099-10-01"


def test_the_calendar_is_the_same_for_every_street(world):
    entry = calendar_day_set(
        day=date(2099, 10, 1), kind=HOLIDAY, name="国庆节", actor=world.sysadmin
    )
    sysadmin_b = make_user("sysadmin_b", world.b.street, [Role.SYSTEM_ADMIN])
    client = world.client(sysadmin_b)
    assert client.get(f"/office/calendarday/{entry.pk}/").status_code == 200
    response = client.post(
        f"/office/calendarday/{entry.pk}/edit/",
        {"kind": "holiday", "name": "国庆节", "note": "乙街核对"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.note == "乙街核对" and last_audit().actor == sysadmin_b
    # Other records stay scoped to the own street.
    assert client.get(f"/office/org/grid/{world.a.grid.pk}/").status_code == 404


def test_leader_may_look_but_not_add(world):
    client = world.client(world.leader)
    assert client.get("/office/calendar/2020/").status_code == 200
    assert client.get("/office/calendarday/new/").status_code == 403
    response = client.post(
        "/office/calendarday/new/", {"day": "2099-10-01", "kind": "holiday", "name": "国庆节"}
    )
    assert response.status_code == 403
    assert not CalendarDay.objects.exists()
    assert client.post("/office/calendaryear/new/", {"year": 2020, "source": "x"}).status_code == (
        403
    )
    # A grid worker has no use for it and does not see it.
    assert world.client(world.grid_worker).get("/office/calendar/2020/").status_code == 403


def test_bad_input_is_refused_in_chinese_and_nothing_is_written(world):
    calendar_day_set(day=date(2099, 10, 1), kind=HOLIDAY, name="国庆节", actor=world.sysadmin)
    client = world.client(world.sysadmin)
    before = (CalendarDay.objects.count(), AuditEntry.objects.count())

    duplicate = client.post(
        "/office/calendarday/new/", {"day": "2099-10-01", "kind": "workday", "name": "国庆节"}
    )
    assert duplicate.status_code == 400
    assert "该日期已录入，请修改原有记录。" in duplicate.content.decode()

    bad_kind = client.post(
        "/office/calendarday/new/", {"day": "2099-10-02", "kind": "festival", "name": "国庆节"}
    )
    assert bad_kind.status_code == 400
    assert "选择一个有效的选项" in bad_kind.content.decode()

    empty_year = client.post(
        "/office/calendaryear/new/", {"year": "2098", "source": "国办发明电〔2097〕1号"}
    )
    assert empty_year.status_code == 400
    assert "尚未录入2098年的节假日，不能确认该年安排已录入完整。" in empty_year.content.decode()

    assert (CalendarDay.objects.count(), AuditEntry.objects.count()) == before
    assert CalendarDay.objects.get().kind == HOLIDAY
    assert client.delete("/office/calendarday/").status_code == 405


def test_the_year_page_shows_both_sources(world):
    calendar_day_set(day=date(2020, 10, 9), kind=HOLIDAY, name="国庆节", actor=world.sysadmin)
    client = world.client(world.sysadmin)
    page = client.get("/office/calendar/2020/").content.decode()
    assert "<h1>2020年节假日安排</h1>" in page
    extension = page.split("2020年1月31日", 1)[1].split("</tr>", 1)[0]
    assert (
        "春节" in extension and "节假日软件包" in extension and "国办发明电〔2020〕1号" in extension
    )
    make_up = page.split("2020年9月27日", 1)[1].split("</tr>", 1)[0]
    assert "调休上班" in make_up and "星期日" in make_up
    entered = page.split("2020年10月9日", 1)[1].split("</tr>", 1)[0]
    assert "管理员录入（覆盖软件包）" in entered

    unknown = client.get("/office/calendar/2099/").content.decode()
    assert "本年须由系统管理员录入" in unknown and "本年没有已知的节假日或调休日。" in unknown
    assert 'href="/office/calendaryear/new/"' in unknown


def test_the_nav_leads_the_sysadmin_to_this_year(world):
    with time_machine.travel(datetime(2020, 9, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page = world.client(world.sysadmin).get("/office/calendar/")
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>2020年节假日安排</h1>" in html
    assert '<a href="/office/calendar/"' in html and "节假日安排</a>" in html


# --- The command -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_prints_the_date_and_the_holidays_skipped():
    out = StringIO()
    call_command("workdays", "--from", "2020-01-20", "--days", "7", stdout=out)
    assert out.getvalue().splitlines() == [
        "2020年1月20日后第7个工作日：2020年2月6日",
        "跳过的节假日：",
        "  2020年1月24日至2020年2月2日 春节（10天）",
    ]


@pytest.mark.django_db
def test_the_command_counts_from_today():
    out = StringIO()
    with time_machine.travel(datetime(2020, 9, 30, 17, tzinfo=ZoneInfo("Asia/Shanghai"))):
        call_command("workdays", "--days", "2", stdout=out)
    assert out.getvalue().splitlines() == [
        "2020年9月30日后第2个工作日：2020年10月10日",
        "跳过的节假日：",
        "  2020年10月1日至2020年10月8日 国庆节（8天）",
    ]


@pytest.mark.django_db
def test_the_command_names_a_year_no_one_knows_and_exits_with_1():
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("workdays", "--from", "2099-01-01", "--days", "3", stdout=out, stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().strip() == UNKNOWN_2099
    assert out.getvalue() == ""


def test_the_end_of_the_calendar_is_unknown_not_a_crash(db):
    from datetime import date as _date

    with pytest.raises(CalendarUnknown):
        next_workday(_date.max)
