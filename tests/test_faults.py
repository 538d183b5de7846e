"""Faults: an import killed while applying writes nothing; a database connection lost during a
request answers 503 in Chinese, and the next request reconnects.

The import runs in a process of its own (``fazhi shell``, settings read from DATABASE_URL as a
deployment's are) against a database that process shares with the test: a SQLite file copied
from the test database, or the PostgreSQL test database itself.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from openpyxl import Workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.db_errors import RETRY_AFTER_SECONDS, is_connection_lost
from fazhi.legal_services.models import Consultation
from fazhi.org.roles import Role
from fazhi.testing import make_street, make_user

PROJECT_DIR = Path(__file__).resolve().parent.parent

requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a second server process and pg_terminate_backend (PostgreSQL; set DATABASE_URL)",
)
requires_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite file's recovery; PostgreSQL's is tested too"
)

# --- An import killed while applying ------------------------------------------------------------

ROWS = 1500
PAUSE_AFTER = 1000

# Run by ``fazhi shell`` in a process of its own. The consultation import's bulk create function
# is wrapped so that, after PAUSE_AFTER rows have been written inside the apply's transaction,
# the process says so in a file (with what its own connection sees) and stays there: the test
# kills it at that point, however slow the machine, instead of guessing when applying has
# started. PAUSE_AFTER is a multiple of the rows the apply hands the service at a time.
APPLY_AND_WAIT = """
import dataclasses, json, os, threading
from pathlib import Path

from django.db import connection

from fazhi.legal_services.imports import CONSULTATION_IMPORT
from fazhi.legal_services.models import Consultation
from fazhi.org.models import User

user = User.objects.get(username=os.environ["IMPORT_USER"])
path = Path(os.environ["IMPORT_FILE"])
marker = Path(os.environ["IMPORT_MARKER"])
pause_after = int(os.environ["IMPORT_PAUSE_AFTER"])
preview = CONSULTATION_IMPORT.preview(path.read_bytes(), user=user)
assert preview.ok, [str(e) for e in preview.errors[:5]]
if connection.vendor == "sqlite":
    # A page cache of 64 pages spills the transaction into the write-ahead log long before it
    # commits, as a big import's does: the kill then leaves uncommitted pages in the file.
    connection.cursor().execute("PRAGMA cache_size = 64")
created = []

def create_then_wait(rows, *, user):
    objs = CONSULTATION_IMPORT.create_many(rows, user=user)
    created.extend(obj.pk for obj in objs)
    if len(created) == pause_after:
        state = {
            "created": len(created),
            "in_transaction": connection.in_atomic_block,
            "seen_inside": Consultation.objects.count(),
            "backend_pid": (
                connection.cursor().connection.info.backend_pid
                if connection.vendor == "postgresql" else None
            ),
        }
        marker.with_suffix(".tmp").write_text(json.dumps(state))
        marker.with_suffix(".tmp").rename(marker)
        threading.Event().wait()
    return objs

importer = dataclasses.replace(CONSULTATION_IMPORT, create_many=create_then_wait)
importer.apply(preview, user=user, file_name=path.name, sha256="0" * 64)
print("applied", len(created))
"""


def consultation_sheet(path: Path, rows: int) -> Path:
    """A consultation register of ``rows`` distinct rows, as the template's columns."""
    wb = Workbook()
    ws = wb.active
    ws.append(["时间", "渠道", "事项", "问题", "解答", "咨询人"])
    start = datetime(2020, 3, 2, 8, 0)  # noqa: DTZ001 (a cell holds no time zone)
    for i in range(rows):
        ws.append(
            [
                start + timedelta(minutes=7 * i),
                "电话",
                "劳动争议",
                f"第{i + 1}号来电：单位拖欠工资，应当去哪里投诉？",
                "可向劳动保障监察机构投诉，也可申请劳动争议仲裁。",
                "李女士",
            ]
        )
    wb.save(path)
    return path


def subprocess_env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAZHI_", "DATABASE_URL"))}
    return env | {
        "FAZHI_ENV": "test",
        "FAZHI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
    }


def fazhi(env: dict[str, str], *args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fazhi", *args],
        env=env,
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def kill_mid_apply(tmp_path: Path, env: dict[str, str], username: str) -> dict:
    """Start the import, wait until it has written PAUSE_AFTER rows uncommitted, SIGKILL it."""
    sheet = consultation_sheet(tmp_path / "咨询登记.xlsx", ROWS)
    marker = tmp_path / "mid-apply.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "fazhi", "shell", "-c", APPLY_AND_WAIT],
        env=env
        | {
            "IMPORT_USER": username,
            "IMPORT_FILE": str(sheet),
            "IMPORT_MARKER": str(marker),
            "IMPORT_PAUSE_AFTER": str(PAUSE_AFTER),
        },
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            if process.poll() is not None:
                pytest.fail(f"the import ended before it was killed: {process.communicate()}")
            if time.monotonic() > deadline:
                pytest.fail("the import did not reach the middle of applying in 240 s")
            time.sleep(0.05)
        state = json.loads(marker.read_text())
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    # It was killed inside the apply's transaction with the rows written so far visible to it.
    assert state["created"] == PAUSE_AFTER
    assert state["in_transaction"] is True
    assert state["seen_inside"] == PAUSE_AFTER
    return state


def assert_audit_chain_verifies(env: dict[str, str]) -> None:
    result = fazhi(env, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "审计链完整" in result.stdout


@requires_sqlite
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_while_applying_leaves_the_sqlite_file_as_it_was(tmp_path):
    a = make_street("street-a", "甲街")
    make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    database = tmp_path / "db.sqlite3"
    connection.ensure_connection()
    with closing(sqlite3.connect(database)) as copy:
        connection.connection.backup(copy)
    env = subprocess_env(tmp_path, f"sqlite:///{database}")
    with closing(sqlite3.connect(database)) as before:
        audit_before = before.execute(
            f"SELECT count(*) FROM {AuditEntry._meta.db_table}"
        ).fetchone()

    kill_mid_apply(tmp_path, env, "clerk_a")
    # The killed writer's uncommitted pages reached the write-ahead log: recovery is what
    # keeps them out, not their never having been written.
    wal = database.with_name(database.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0

    with closing(sqlite3.connect(database)) as fresh:
        assert fresh.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert fresh.execute(f"SELECT count(*) FROM {Consultation._meta.db_table}").fetchone() == (
            0,
        )
        audit = AuditEntry._meta.db_table
        assert fresh.execute(f"SELECT count(*) FROM {audit}").fetchone() == audit_before
        assert fresh.execute(
            f"SELECT count(*) FROM {audit} WHERE action = ?", [Action.IMPORT]
        ).fetchone() == (0,)
        assert fresh.execute(
            f"SELECT count(*) FROM {audit} WHERE object_type = ?",
            [Consultation._meta.label_lower],
        ).fetchone() == (0,)
    assert_audit_chain_verifies(env)


def postgres_url() -> str:
    """The test database's address, for another process (``connection`` names the test's)."""
    s = connection.settings_dict
    password = f":{quote(s['PASSWORD'], safe='')}" if s.get("PASSWORD") else ""
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{quote(s['USER'], safe='')}{password}@{host}:{port}/{s['NAME']}"


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_while_applying_leaves_postgresql_as_it_was(tmp_path):
    import psycopg

    a = make_street("street-a", "甲街")
    make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    audit_before = AuditEntry.objects.count()
    url = postgres_url()
    env = subprocess_env(tmp_path, url)

    state = kill_mid_apply(tmp_path, env, "clerk_a")

    with psycopg.connect(url, autocommit=True) as fresh:
        # The server notices the dead client and rolls its transaction back.
        deadline = time.monotonic() + 30
        while fresh.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [state["backend_pid"]]
        ).fetchone() != (0,):
            assert time.monotonic() < deadline, "the killed import's session is still open"
            time.sleep(0.05)
        audit = AuditEntry._meta.db_table
        assert fresh.execute(f"SELECT count(*) FROM {Consultation._meta.db_table}").fetchone() == (
            0,
        )
        assert fresh.execute(f"SELECT count(*) FROM {audit}").fetchone() == (audit_before,)
        assert fresh.execute(
            f"SELECT count(*) FROM {audit} WHERE action = %s OR object_type = %s",
            [Action.IMPORT, Consultation._meta.label_lower],
        ).fetchone() == (0,)
    assert_audit_chain_verifies(env)


# --- A database connection lost during a request -------------------------------------------


class DeadConnection:
    """What psycopg leaves of a connection whose server went away."""

    closed = True
    broken = True

    def close(self) -> None:
        pass


def lost_connection_wrapper() -> mock.Mock:
    wrapper = mock.Mock(spec=["connection", "errors_occurred", "close"])
    wrapper.connection = DeadConnection()
    wrapper.errors_occurred = True
    return wrapper


def also_open(wrapper: mock.Mock):
    """The request's connections, and ``wrapper`` among them."""
    from fazhi.core import db_errors

    real = db_errors._open_connections
    return mock.patch.object(db_errors, "_open_connections", lambda: [*real(), wrapper])


def session_lookup_fails(message: str):
    """The first query of a logged-in request (the session, read by a middleware) fails."""
    return mock.patch(
        "django.contrib.sessions.backends.db.SessionStore._get_session_from_db",
        side_effect=OperationalError(message),
    )


def dashboard_query_fails(message: str):
    """The front page's view fails on its first query of figures."""
    return mock.patch(
        "fazhi.core.views_dashboard.street_dashboard", side_effect=OperationalError(message)
    )


def test_only_an_error_that_left_a_connection_gone_counts_as_lost(db):
    lost = lost_connection_wrapper()
    with also_open(lost):
        assert is_connection_lost(OperationalError("server closed the connection unexpectedly"))
        assert is_connection_lost(InterfaceError("connection already closed"))
        assert not is_connection_lost(ValueError("not a database error"))
    # The same errors while every connection works: a deadlock, a timeout, a locked SQLite file.
    connection.ensure_connection()
    assert not is_connection_lost(OperationalError("database is locked"))
    lost.connection = None  # connecting failed: the server is down or refuses
    with mock.patch("fazhi.core.db_errors._open_connections", return_value=[lost]):
        assert is_connection_lost(OperationalError("connection refused"))


@pytest.mark.django_db(transaction=True)
def test_a_lost_connection_answers_503_in_chinese_and_is_discarded(caplog):
    a = make_street("street-a", "甲街")
    clerk = make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    lost = lost_connection_wrapper()

    with (
        session_lookup_fails("server closed the connection unexpectedly"),
        also_open(lost),
        caplog.at_level(logging.ERROR, logger="django.request"),
    ):
        page = client.get("/office/")
        # The lost connection was closed, so that the next query opens a new one.
        assert lost.close.called
        lost.close.reset_mock()
        api = client.get("/api/")
        assert lost.close.called
    with dashboard_query_fails("server closed the connection unexpectedly"), also_open(lost):
        in_view = client.get("/office/")

    assert page.status_code == 503
    assert page["Retry-After"] == str(RETRY_AFTER_SECONDS)
    text = page.content.decode()
    assert "数据库连接暂时中断" in text
    assert "请稍后刷新页面重试" in text
    assert "错误代码 503" in text
    assert "系统出现错误" not in text
    assert in_view.status_code == 503
    assert "数据库连接暂时中断" in in_view.content.decode()
    assert api.status_code == 503
    assert api["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert api.json() == {"detail": "数据库连接暂时中断，请稍后重试。", "errors": {}}
    assert not [r for r in caplog.records if "Internal Server Error" in r.getMessage()]
    # The next request, the database reachable again, is answered as usual.
    assert client.get("/office/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_inside_an_api_view_answers_503_in_the_apis_json(caplog):
    """The API's own exception handler sees its views' errors before the site's 500 handler."""
    from fazhi.org.api import RESOURCES

    a = make_street("street-a", "甲街")
    clerk = make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    streets = next(resource for resource in RESOURCES if resource.path == "streets")
    lost = lost_connection_wrapper()
    failing = mock.Mock(side_effect=OperationalError("server closed the connection unexpectedly"))

    with (
        mock.patch.object(streets, "selector", failing),
        also_open(lost),
        caplog.at_level(logging.ERROR),
    ):
        response = client.get("/api/streets/")

    assert failing.called
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": "数据库连接暂时中断，请稍后重试。", "errors": {}}
    assert lost.close.called
    assert not [r for r in caplog.records if "failed" in r.getMessage()]
    assert client.get("/api/streets/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_database_error_that_leaves_the_connection_working_is_still_a_500():
    a = make_street("street-a", "甲街")
    clerk = make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    with dashboard_query_fails("database is locked"):
        response = client.get("/office/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "系统出现错误" in response.content.decode()


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_cut_during_a_request_answers_503_then_the_next_request_reconnects(caplog):
    import psycopg

    a = make_street("street-a", "甲街")
    clerk = make_user("clerk_a", a.street, [Role.OFFICE], full_name="甲街办公室")
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    assert client.get("/office/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()

    # Another session ends this one's server process, as a database restart or a failover
    # does, between the connection's last use and the request's first query.
    with psycopg.connect(postgres_url(), autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
        deadline = time.monotonic() + 30
        while other.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid]
        ).fetchone() != (0,):
            assert time.monotonic() < deadline, "the terminated session is still open"
            time.sleep(0.05)

    dead = connection.connection
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/office/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "数据库连接暂时中断" in response.content.decode()
    assert not [r for r in caplog.records if "Internal Server Error" in r.getMessage()]
    assert dead.closed
    assert connection.connection is not dead  # dropped: the next query opens a new one

    response = client.get("/office/")
    assert response.status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone() != (pid,)
