"""Idle timeout: 30 minutes without a request end the session, and the end is audited."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from fazhi.audit.models import Action, AuditEntry
from fazhi.testing import PASSWORD


def logouts() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.LOGOUT))


def test_a_request_after_29_idle_minutes_keeps_the_session(world):
    client = world.client(world.clerk_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get("/office/").status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get("/office/").status_code == 200
    assert logouts() == []


def test_a_request_after_31_idle_minutes_logs_out_and_is_audited(world):
    client = world.client(world.clerk_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get("/office/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/office/org/village/?page=2")
        assert response.status_code == 302
        assert (
            response["Location"] == "/accounts/login/?next=%2Foffice%2Forg%2Fvillage%2F%3Fpage%3D2"
        )
        [entry] = logouts()
        assert entry.actor == world.clerk_a
        assert entry.changes["reason"] == "idle_timeout"
        # The login page says why, and the old session no longer opens anything.
        login_page = client.get(response["Location"])
        assert (
            "您已超过30分钟未操作，为保障安全已自动退出，请重新登录。"
            in login_page.content.decode()
        )
        assert client.get("/office/")["Location"].startswith("/accounts/login/")
    assert len(logouts()) == 1


def test_activity_keeps_the_session_alive(world):
    client = world.client(world.clerk_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):
            assert client.get("/office/").status_code == 200
            clock.shift(timedelta(minutes=20))
        assert client.get("/office/").status_code == 200
    assert logouts() == []


def test_idle_time_counts_from_the_login_itself(world):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        response = client.post("/accounts/login/", {"username": "clerk_a", "password": PASSWORD})
        assert response.status_code == 302
        clock.shift(timedelta(minutes=31))
        assert client.get("/office/").status_code == 302
    assert [e.changes["reason"] for e in logouts()] == ["idle_timeout"]


def test_an_idle_api_session_gets_a_json_401(world):
    client = world.client(world.clerk_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get("/api/villages/").status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get("/api/villages/")
        assert response.status_code == 401
        assert "重新登录" in response.json()["detail"]
    assert [e.changes["reason"] for e in logouts()] == ["idle_timeout"]


def test_requests_within_a_minute_do_not_write_the_session(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client(world.clerk_a)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get("/office/").status_code == 200
        clock.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as quiet:
            assert client.get("/office/").status_code == 200
        clock.shift(timedelta(seconds=31))
        with CaptureQueriesContext(connection) as due:
            assert client.get("/office/").status_code == 200

    def session_writes(queries: CaptureQueriesContext) -> list[str]:
        return [
            q["sql"]
            for q in queries.captured_queries
            if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
        ]

    assert session_writes(quiet) == []
    assert len(session_writes(due)) == 1
