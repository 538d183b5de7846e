"""The roster, suspensions and appointments over the API: the pages' scope, permissions and
rules, the state-change endpoints, and errors as 4xx JSON."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import Appointment, DutyShift, ServiceSuspension
from fazhi.legal_services.tests.duty_fixtures import (
    NOW,
    THURSDAY,
    at,
    book,
    last_audit,
    make_shift,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def post(client, path, data=None):
    return client.post(f"/api/{path}", data or {}, content_type=JSON)


def test_shift_list_with_booked_count_and_filters(world, legal):
    shift = make_shift(world, legal, capacity=1)
    book(shift)
    make_shift(world, legal, date=THURSDAY + timedelta(days=1))
    client = world.client(world.clerk_a)
    rows = client.get("/api/duty-shifts/").json()["results"]
    assert (rows[0]["id"], rows[0]["booked"], rows[0]["capacity"]) == (shift.pk, 1, 1)
    free = client.get("/api/duty-shifts/", {"free": "yes"}).json()["results"]
    assert shift.pk not in [r["id"] for r in free] and len(free) == 1
    assert client.get(f"/api/duty-shifts/{shift.pk}/").json()["booked"] == 1
    assert world.client(world.clerk_b).get(f"/api/duty-shifts/{shift.pk}/").status_code == 404
    assert world.client(world.clerk_b).get("/api/duty-shifts/").json()["results"] == []


def test_create_shift_and_the_suspension_rule(world, legal):
    client = world.client(world.clerk_a)
    body = {
        "village": world.a.village.pk,
        "lawyer": legal.lawyer_a.pk,
        "date": "2020-06-11",
        "starts_at": "09:00",
        "ends_at": "11:30",
        "capacity": 3,
    }
    response = post(client, "duty-shifts/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["booked"] == 0
    assert last_audit().action == Action.CREATE
    post(
        client,
        "service-suspensions/",
        {"starts_on": "2020-06-15", "ends_on": "2020-06-30", "reason": "场所维修"},
    )
    response = post(client, "duty-shifts/", body | {"date": "2020-06-18"})
    assert response.status_code == 422
    assert "暂停现场法律服务" in response.json()["errors"]["date"][0]
    assert not DutyShift.objects.filter(date=date(2020, 6, 18)).exists()
    assert post(world.client(legal.lawyer_user), "duty-shifts/", body).status_code == 403


def test_a_lawyer_may_not_patch_the_roster_but_records_own_shift(world, legal):
    shift = make_shift(world, legal)
    lawyer = world.client(legal.lawyer_user)
    response = lawyer.patch(f"/api/duty-shifts/{shift.pk}/", {"capacity": 9}, content_type=JSON)
    assert response.status_code == 403
    shift.refresh_from_db()
    assert shift.capacity == 2
    response = post(lawyer, f"duty-shifts/{shift.pk}/record/", {"status": "held"})
    assert response.status_code == 422 and "尚未到" in response.json()["detail"]
    with time_machine.travel(at(THURSDAY, 12), tick=False):
        lawyer = world.client(legal.lawyer_user)
        response = post(
            lawyer,
            f"duty-shifts/{shift.pk}/record/",
            {"status": "held", "consultations_handled": 5, "record": "接待5人次"},
        )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["consultations_handled"]) == ("held", 5)
    assert (last_audit().action, last_audit().actor) == (Action.TRANSITION, legal.lawyer_user)
    assert post(lawyer, f"duty-shifts/{shift.pk}/record/", {"status": "late"}).status_code == 422


def test_cancel_shift_endpoint(world, legal):
    shift = make_shift(world, legal)
    appointment = book(shift)
    client = world.client(world.clerk_a)
    assert post(client, f"duty-shifts/{shift.pk}/cancel/", {"reason": ""}).status_code == 422
    response = post(client, f"duty-shifts/{shift.pk}/cancel/", {"reason": "律师出庭"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    other = world.client(world.clerk_b)
    assert post(other, f"duty-shifts/{shift.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_suspension_create_cancels_shifts_and_ends_by_patch(world, legal):
    shift = make_shift(world, legal)
    client = world.client(world.clerk_a)
    response = post(
        client,
        "service-suspensions/",
        {"village": world.a.village.pk, "starts_on": "2020-06-01", "reason": "疫情防控"},
    )
    assert response.status_code == 201
    suspension = ServiceSuspension.objects.get()
    shift.refresh_from_db()
    assert (shift.status, shift.suspension) == (DutyShift.Status.CANCELLED, suspension)
    response = client.patch(
        f"/api/service-suspensions/{suspension.pk}/", {"ends_on": "2020-06-30"}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["ends_on"] == "2020-06-30"
    assert client.delete(f"/api/service-suspensions/{suspension.pk}/").status_code == 422


def test_appointments_are_read_and_handled_through_their_endpoints(world, legal):
    shift = make_shift(world, legal, capacity=2)
    later = make_shift(
        world, legal, date=THURSDAY + timedelta(days=7), starts_at=time(14), ends_at=time(16)
    )
    client = world.client(world.clerk_a)
    response = post(
        client,
        "appointments/",
        {
            "shift": shift.pk,
            "topic": "labour",
            "name": "陈七",
            "mobile": "13612340007",
            "consent": True,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["source"], body["status"], body["mobile"]) == ("staff", "booked", "13612340007")
    pk = body["id"]
    assert client.get("/api/appointments/", {"q": "陈七"}).json()["results"][0]["id"] == pk
    assert post(client, f"appointments/{pk}/confirm/").json()["status"] == "confirmed"
    response = post(client, f"appointments/{pk}/reschedule/", {"shift": later.pk})
    assert response.status_code == 201
    new = response.json()
    assert new["shift"] == later.pk and new["code"] != body["code"]
    assert Appointment.objects.get(pk=pk).rescheduled_to_id == new["id"]
    response = post(client, f"appointments/{new['id']}/attend/", {"attended": True})
    assert response.status_code == 422 and "值班开始后" in response.json()["detail"]
    response = post(client, f"appointments/{new['id']}/cancel/", {"reason": "本人来电"})
    assert response.json()["status"] == "cancelled"
    # An appointment is not edited or deleted as a record.
    assert client.patch(f"/api/appointments/{pk}/", {}, content_type=JSON).status_code == 405
    assert client.delete(f"/api/appointments/{pk}/").status_code == 405


def test_booking_refusals_and_bad_input_over_the_api(world, legal):
    shift = make_shift(world, legal, capacity=1)
    book(shift)
    free = make_shift(world, legal, date=THURSDAY + timedelta(days=1))
    client = world.client(world.clerk_a)
    body = {"shift": shift.pk, "topic": "labour", "name": "陈七", "mobile": "13612340007"}
    before = (Appointment.objects.count(), AuditEntry.objects.count())
    response = post(client, "appointments/", body | {"consent": True})
    assert response.status_code == 422 and response.json()["errors"]["shift"] == [
        "该时段已约满，请选择其他时段。"
    ]
    assert post(client, "appointments/", body | {"consent": "yes"}).status_code == 422
    assert post(client, "appointments/", body | {"consent": False}).status_code == 422
    response = post(
        client, "appointments/", body | {"shift": free.pk, "mobile": "123", "consent": True}
    )
    assert response.status_code == 422 and "11位手机号码" in str(response.json()["errors"])
    assert (Appointment.objects.count(), AuditEntry.objects.count()) == before
    assert (
        post(world.client(legal.lawyer_user), "appointments/", body | {"consent": True}).status_code
        == 403
    )
    other = world.client(world.clerk_b)
    assert (
        post(other, "appointments/", body | {"shift": free.pk, "consent": True}).status_code == 404
    )
