"""The task queue's backend is a setting: with FAZHI_TASKS_BACKEND=redis a task enqueued by the
platform lands in Redis and an RQ worker runs it (the local Redis on 127.0.0.1:6379)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django_tasks import task

FAZHI = str(Path(sys.executable).parent / "fazhi")
ROOT = Path(__file__).resolve().parent.parent


@task()
def write_marker(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")


def _redis_up() -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", 6379)) == 0


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_with_the_redis_backend_a_worker_runs_what_the_platform_enqueued(tmp_path):
    marker = tmp_path / "done.txt"
    text = f"已执行{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "FAZHI_ENV": "test",
        "FAZHI_DATA_DIR": str(tmp_path),
        "FAZHI_TASKS_BACKEND": "redis",
        # A database of its own, emptied first, so other queues on this Redis stay apart.
        "FAZHI_REDIS_URL": "redis://127.0.0.1:6379/14",
        "PYTHONPATH": str(ROOT),  # the worker imports the task from this module
    }
    env.pop("DATABASE_URL", None)

    def fazhi(*args: str) -> str:
        done = subprocess.run(
            [FAZHI, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    enqueue = (
        "import django_rq; django_rq.get_connection('default').flushdb(); "
        "from django_tasks import task_backends; b = task_backends['default']; "
        "from tests.test_task_queues import write_marker; "
        f"r = write_marker.enqueue({str(marker)!r}, {text!r}); "
        "print(type(b).__name__, r.status)"
    )
    assert fazhi("shell", "--no-imports", "-c", enqueue).split() == ["RQBackend", "READY"]
    assert not marker.exists()
    fazhi("rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "default")
    assert marker.read_text(encoding="utf-8") == text
