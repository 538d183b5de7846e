"""Back-office pages of the roster and suspensions: status, then the database, then the audit
row; other street 404, read-only role 403, wrong method, bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.services import model_create
from fazhi.legal_services.models import Appointment, Consultation, DutyShift, ServiceSuspension
from fazhi.legal_services.services import duty
from fazhi.legal_services.tests.duty_fixtures import NOW, THURSDAY, at, book, last_audit, make_shift

pytestmark = pytest.mark.django_db
BASE = "/office/legal-services"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def shift_form(world, legal, **changes):
    data = {
        "village": world.a.village.pk,
        "lawyer": legal.lawyer_a.pk,
        "date": "2020-06-11",
        "starts_at": "09:00",
        "ends_at": "11:30",
        "place": "村委会二楼",
        "capacity": "3",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "path", ["dutyshift/", "servicesuspension/", "appointment/", "dutyshift/calendar/"]
)
def test_lists_open_to_office_lawyer_and_leader_and_need_login(world, legal, anon, path):
    for user in (world.clerk_a, legal.lawyer_user, world.leader):
        assert world.client(user).get(f"{BASE}/{path}").status_code == 200, user
    response = anon.get(f"{BASE}/{path}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert world.client(world.grid_worker).get(f"{BASE}/{path}").status_code == 403


def test_roster_list_shows_booked_over_capacity_and_filters(world, legal):
    full = make_shift(world, legal, capacity=1)
    book(full)
    free = make_shift(world, legal, date=THURSDAY + timedelta(days=30), capacity=3)
    client = world.client(world.clerk_a)
    text = client.get(f"{BASE}/dutyshift/").content.decode()
    assert "<td>1/1</td>" in text and "<td>0/3</td>" in text
    text = client.get(f"{BASE}/dutyshift/?free=yes").content.decode()
    assert f"/dutyshift/{free.pk}/" in text and f"/dutyshift/{full.pk}/" not in text
    text = client.get(f"{BASE}/dutyshift/?month=2020-06").content.decode()
    assert f"/dutyshift/{full.pk}/" in text and f"/dutyshift/{free.pk}/" not in text
    response = client.get(f"{BASE}/dutyshift/?month=June")
    assert response.status_code == 400 and "2020-01" in response.content.decode()


def test_list_query_counts_do_not_grow_with_rows(world, legal):
    def queries(client, path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{BASE}/{path}").status_code == 200
        return len(ctx.captured_queries)

    client = world.client(world.clerk_a)
    book(make_shift(world, legal))
    one = [queries(client, p) for p in ("dutyshift/", "appointment/")]
    for n in range(1, 6):
        book(make_shift(world, legal, date=THURSDAY + timedelta(days=n)), mobile=f"1381234000{n}")
    assert [queries(client, p) for p in ("dutyshift/", "appointment/")] == one


def test_roster_export_is_audited(world, legal):
    make_shift(world, legal)
    response = world.client(world.clerk_a).get(f"{BASE}/dutyshift/?format=xlsx&status=scheduled")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    entry = last_audit()
    assert (entry.action, entry.object_type, entry.changes["count"]) == (
        Action.EXPORT,
        "legal_services.dutyshift",
        1,
    )


def test_create_shift(world, legal):
    response = world.client(world.clerk_a).post(f"{BASE}/dutyshift/new/", shift_form(world, legal))
    shift = DutyShift.objects.get(date=date(2020, 6, 11))
    assert response.status_code == 302 and response["Location"].endswith(f"/dutyshift/{shift.pk}/")
    assert (shift.street, shift.capacity, shift.place) == (world.a.street, 3, "村委会二楼")
    entry = last_audit()
    assert (entry.action, entry.actor, entry.object_id) == (
        Action.CREATE,
        world.clerk_a,
        str(shift.pk),
    )


def test_create_in_a_suspension_is_refused_with_the_reason_and_nothing_written(world, legal):
    duty.service_suspension_create(
        street=world.a.street,
        actor=world.clerk_a,
        starts_on=date(2020, 6, 8),
        reason="场所改造",
        alternative="电话咨询照常",
    )
    before = (DutyShift.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(f"{BASE}/dutyshift/new/", shift_form(world, legal))
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "不能安排值班：全街道暂停现场法律服务（2020年6月8日起，恢复时间另行通知），原因：场所改造"
        in text
    )
    assert (DutyShift.objects.count(), AuditEntry.objects.count()) == before


def test_bad_shift_input_is_refused(world, legal):
    before = (DutyShift.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}/dutyshift/new/",
        shift_form(world, legal, ends_at="08:00", capacity="-1", village="999999"),
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "选择一个有效的选项" in text and "确保该值大于或等于0" in text
    assert (DutyShift.objects.count(), AuditEntry.objects.count()) == before


def test_lawyer_and_leader_cannot_change_the_roster(world, legal):
    shift = make_shift(world, legal)
    for user in (legal.lawyer_user, world.leader):
        client = world.client(user)
        assert client.get(f"{BASE}/dutyshift/new/").status_code == 403
        assert client.get(f"{BASE}/dutyshift/{shift.pk}/edit/").status_code == 403
        assert (
            client.post(f"{BASE}/dutyshift/{shift.pk}/cancel/", {"reason": "x"}).status_code == 403
        )
        assert client.post(f"{BASE}/dutyshift/{shift.pk}/delete/").status_code == 403
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SCHEDULED


def test_other_streets_shift_is_404(world, legal):
    shift = make_shift(world, legal)
    client = world.client(world.clerk_b)
    for path in ("", "edit/", "record/", "cancel/", "delete/"):
        assert client.get(f"{BASE}/dutyshift/{shift.pk}/{path}").status_code == 404, path
    assert client.post(f"{BASE}/dutyshift/{shift.pk}/cancel/", {"reason": "x"}).status_code == 404
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SCHEDULED


def test_office_deletes_a_shift_entered_by_mistake(world, legal):
    shift = make_shift(world, legal)
    client = world.client(world.clerk_a)
    assert client.get(f"{BASE}/dutyshift/{shift.pk}/delete/").status_code == 200
    response = client.post(f"{BASE}/dutyshift/{shift.pk}/delete/")
    assert response.status_code == 302
    assert not DutyShift.objects.filter(pk=shift.pk).exists()
    assert last_audit().action == Action.DELETE
    booked = make_shift(world, legal)
    book(booked)
    response = client.post(f"{BASE}/dutyshift/{booked.pk}/delete/")
    assert response.status_code == 400 and "请取消该值班" in response.content.decode()
    assert DutyShift.objects.filter(pk=booked.pk).exists()


def test_update_moves_a_shift(world, legal):
    shift = make_shift(world, legal)
    response = world.client(world.clerk_a).post(
        f"{BASE}/dutyshift/{shift.pk}/edit/", shift_form(world, legal, date="2020-06-05")
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.date == date(2020, 6, 5)
    assert last_audit().changes["after"]["date"] == "2020-06-05"


def test_detail_shows_bookings_consultations_and_the_allowed_actions(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    model_create(
        Consultation,
        actor=None,
        data={
            "street": world.a.street,
            "occurred_at": at(THURSDAY, 9, 40),
            "channel": Consultation.Channel.ONSITE,
            "topic": "labour",
            "question": "加班费怎么算？",
            "lawyer": legal.lawyer_a,
            "shift": shift,
        },
    )
    text = world.client(world.clerk_a).get(f"{BASE}/dutyshift/{shift.pk}/").content.decode()
    assert appointment.code in text and "13812340001" in text
    assert "预约（1）" in text and "值班时接待的咨询（1）" in text
    assert "2020年6月4日 09:40" in text
    assert "取消值班" in text and "登记值班情况" not in text  # not before the day
    text = world.client(world.leader).get(f"{BASE}/dutyshift/{shift.pk}/").content.decode()
    assert "取消值班" not in text and f"/dutyshift/{shift.pk}/edit/" not in text


def test_record_page_for_the_own_lawyer(world, legal):
    shift = make_shift(world, legal)
    other = make_shift(world, legal, lawyer=legal.other_lawyer_a)
    with time_machine.travel(THURSDAY, tick=False):
        client = world.client(legal.lawyer_user)
        response = client.post(
            f"{BASE}/dutyshift/{shift.pk}/record/",
            {"status": "held", "consultations_handled": "3", "record": "接待3人"},
        )
        assert response.status_code == 302
        shift.refresh_from_db()
        assert (shift.status, shift.consultations_handled) == (DutyShift.Status.HELD, 3)
        entry = last_audit()
        assert (entry.action, entry.actor) == (Action.TRANSITION, legal.lawyer_user)
        # Another lawyer's shift is not in a lawyer's scope at all.
        assert client.get(f"{BASE}/dutyshift/{other.pk}/record/").status_code == 404
        assert (
            world.client(world.leader).get(f"{BASE}/dutyshift/{shift.pk}/record/").status_code
            == 403
        )


def test_record_before_the_day_is_refused(world, legal):
    shift = make_shift(world, legal)
    response = world.client(world.clerk_a).post(
        f"{BASE}/dutyshift/{shift.pk}/record/", {"status": "held"}
    )
    assert response.status_code == 400
    assert "尚未到，不能登记值班情况" in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == DutyShift.Status.SCHEDULED


def test_cancel_page_cancels_the_bookings_and_says_how_many(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    client = world.client(world.clerk_a)
    assert (
        "该值班有1个预约，将一并取消"
        in client.get(f"{BASE}/dutyshift/{shift.pk}/cancel/").content.decode()
    )
    response = client.post(f"{BASE}/dutyshift/{shift.pk}/cancel/", {"reason": ""})
    assert response.status_code == 400
    response = client.post(
        f"{BASE}/dutyshift/{shift.pk}/cancel/", {"reason": "律师出庭"}, follow=True
    )
    assert "1个预约随之取消" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    assert client.put(f"{BASE}/dutyshift/{shift.pk}/cancel/").status_code == 405


def test_suspension_page_reports_what_it_cancelled(world, legal):
    shift = make_shift(world, legal)
    book(shift)
    response = world.client(world.clerk_a).post(
        f"{BASE}/servicesuspension/new/",
        {
            "village": world.a.village.pk,
            "starts_on": "2020-06-01",
            "ends_on": "2020-06-30",
            "reason": "疫情防控",
            "alternative": "电话咨询",
        },
        follow=True,
    )
    suspension = ServiceSuspension.objects.get()
    assert response.status_code == 200
    text = response.content.decode()
    assert "取消了该期间已排的1个值班和1个预约" in text
    assert f"/dutyshift/{shift.pk}/" in text  # listed on the suspension's page
    assert AuditEntry.objects.filter(
        object_type="legal_services.servicesuspension", object_id=str(suspension.pk)
    ).exists()


def test_ending_a_suspension_by_its_last_day(world, legal):
    suspension = duty.service_suspension_create(
        street=world.a.street, actor=world.clerk_a, starts_on=date(2020, 1, 24), reason="疫情"
    )
    response = world.client(world.clerk_a).post(
        f"{BASE}/servicesuspension/{suspension.pk}/edit/",
        {"starts_on": "2020-01-24", "ends_on": "2020-05-31", "reason": "疫情", "alternative": ""},
    )
    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.ends_on == date(2020, 5, 31)
    assert last_audit().changes["after"] == {"ends_on": "2020-05-31"}
    assert (
        world.client(legal.lawyer_user)
        .get(f"{BASE}/servicesuspension/{suspension.pk}/edit/")
        .status_code
        == 403
    )
    assert (
        world.client(world.clerk_b).get(f"{BASE}/servicesuspension/{suspension.pk}/").status_code
        == 404
    )


def test_calendar_page_lists_own_lawyer_for_a_lawyer_and_all_for_the_office(world, legal):
    text = world.client(legal.lawyer_user).get(f"{BASE}/dutyshift/calendar/").content.decode()
    assert "王律师" in text and "赵律师" not in text
    text = world.client(world.clerk_a).get(f"{BASE}/dutyshift/calendar/").content.decode()
    assert "王律师" in text and "赵律师" in text and "钱律师" not in text
