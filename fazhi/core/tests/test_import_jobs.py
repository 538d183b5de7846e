"""Long Excel imports go to the task queue: all rows or none, progress on 我的导入, owner only."""

from __future__ import annotations

import os
import time
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.core.excel import XLSX_MIME
from fazhi.core.imports import importer as importer_module
from fazhi.core.imports import jobs
from fazhi.core.models import ImportJob
from fazhi.org import services
from fazhi.org.models import Grid

GRID_HEADERS = ["村居名称", "网格编号", "网格名称", "四至范围", "划定日期"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.FAZHI_IMPORT_BACKGROUND_ROWS = 2
    return tmp_path


def xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(GRID_HEADERS)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def grid_rows(world, codes: list[str]) -> list[list[Any]]:
    return [[world.a.village.name, code, f"{code}网格", None, "2020-09-28"] for code in codes]


def apply_url(client, content: bytes, name: str = "甲街网格.xlsx") -> str:
    upload = client.post(
        reverse("org:import_upload", args=["grid"]),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX_MIME)},
    )
    assert upload.status_code == 302
    return client.get(upload["Location"]).context["apply_url"]


def start(client, content: bytes, capture) -> tuple[ImportJob, list[Any]]:
    """Apply a long file: the job is recorded and its task queued, not yet run."""
    url = apply_url(client, content)
    with capture() as queued:
        response = client.post(url)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    return job, queued


def test_a_long_file_is_imported_in_the_background_and_shown_to_its_owner(
    world, data_dir, django_capture_on_commit_callbacks
):
    client = world.client(world.clerk_a)
    codes = ["A-60", "A-61", "A-62"]
    before = Grid.objects.count()

    job, queued = start(client, xlsx(grid_rows(world, codes)), django_capture_on_commit_callbacks)

    assert (job.requested_by, job.importer, job.total) == (world.clerk_a, "org:grid", 3)
    assert job.status == ImportJob.Status.PENDING
    assert Grid.objects.count() == before  # nothing written by the request
    page = client.get(reverse("core:import_job", args=[job.pk]))
    assert page.status_code == 200
    assert "排队中" in page.content.decode()
    assert page.context["refresh"] == 3
    # Queued once the job is committed; the tests' immediate backend then runs the task.
    [enqueue] = queued
    enqueue()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created_count == 3
    assert job.finished_at is not None
    grids = Grid.objects.filter(code__in=codes)
    assert sorted(grids.values_list("code", flat=True)) == codes
    assert {g.street for g in grids} == {world.a.street}
    page = client.get(reverse("core:import_job", args=[job.pk]))
    text = page.content.decode()
    assert "已导入 3 条网格记录" in text
    assert reverse("org:grid_list") in text
    assert page.context["refresh"] is None
    status = client.get(reverse("core:import_job_status", args=[job.pk])).json()
    assert (status["status"], status["done"], status["total"], status["percent"]) == (
        "done",
        3,
        3,
        100,
    )
    listing = client.get(reverse("core:import_job_list")).content.decode()
    assert reverse("core:import_job", args=[job.pk]) in listing

    requested, summary = AuditEntry.objects.filter(action=Action.IMPORT).order_by("seq")
    assert requested.actor == world.clerk_a
    assert str(requested.object_repr) == "申请后台导入网格：甲街网格.xlsx"
    assert requested.object_id == str(job.pk)
    assert summary.actor == world.clerk_a
    assert sorted(summary.changes["ids"]) == sorted(g.pk for g in grids)
    assert AuditEntry.objects.filter(action=Action.CREATE, object_type="org.grid").count() >= 3
    assert verify().ok
    # The file held for the job is gone with it, as is its progress file.
    assert list((data_dir / "imports").rglob("*.xlsx")) == []
    assert list((data_dir / "jobs").glob("*")) == []


def test_another_user_cannot_see_the_job(world, django_capture_on_commit_callbacks):
    job, queued = start(
        world.client(world.clerk_a),
        xlsx(grid_rows(world, ["A-63", "A-64", "A-65"])),
        django_capture_on_commit_callbacks,
    )
    queued[0]()
    other = world.client(world.clerk_b)

    assert other.get(reverse("core:import_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("core:import_job_status", args=[job.pk])).status_code == 404
    listing = other.get(reverse("core:import_job_list")).content.decode()
    assert reverse("core:import_job", args=[job.pk]) not in listing


def test_a_file_with_a_bad_row_fails_and_writes_nothing(world, django_capture_on_commit_callbacks):
    client = world.client(world.clerk_a)
    rows = grid_rows(world, ["A-70", "A-71", "A-72"])
    rows[1][4] = "二〇二〇年"  # row 3 of the sheet: no date
    before = (Grid.objects.count(), AuditEntry.objects.filter(action=Action.CREATE).count())

    job, queued = start(client, xlsx(rows), django_capture_on_commit_callbacks)
    queued[0]()

    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "导入失败：文件中有错误，未导入任何记录。请修改后重新上传。"
    assert job.error_count == 1
    [error] = job.errors
    assert error.startswith("第3行“划定日期”：")
    assert (Grid.objects.count(), AuditEntry.objects.filter(action=Action.CREATE).count()) == before
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "第3行“划定日期”" in page
    assert reverse("org:import_upload", args=["grid"]) in page
    failed = AuditEntry.objects.filter(action=Action.IMPORT).order_by("seq").last()
    assert failed is not None
    assert str(failed.object_repr) == "后台导入失败网格：甲街网格.xlsx"
    assert failed.changes["errors"] == 1
    assert verify().ok


def test_a_service_refusal_or_a_crash_while_applying_writes_nothing(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    client = world.client(world.clerk_a)
    real_create_many = services.grid_create_many
    calls = []

    def crash_after_writing(*, rows, **given):
        real_create_many(rows=rows, **given)
        calls.append(len(rows))
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "grid_create_many", crash_after_writing)
    before = Grid.objects.count()

    job, queued = start(
        client, xlsx(grid_rows(world, ["A-80", "A-81", "A-82"])), django_capture_on_commit_callbacks
    )
    queued[0]()

    job.refresh_from_db()
    assert calls == [3]
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "导入失败：写入记录时出错，未导入任何记录，请稍后重试。"
    assert Grid.objects.count() == before
    assert verify().ok


def test_progress_is_read_from_outside_the_transaction_while_rows_are_applied(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    client = world.client(world.clerk_a)
    monkeypatch.setattr(importer_module, "APPLY_CHUNK", 2)
    seen = []
    real_write = jobs.progress_write

    def write_and_look(job_id, done, total):
        real_write(job_id, done, total)
        status = client.get(reverse("core:import_job_status", args=[job_id])).json()
        seen.append((status["status"], status["done"], status["total"], status["percent"]))

    monkeypatch.setattr(jobs, "progress_write", write_and_look)
    _job, queued = start(
        client, xlsx(grid_rows(world, ["A-90", "A-91", "A-92"])), django_capture_on_commit_callbacks
    )
    queued[0]()

    assert seen == [("running", 0, 3, 0), ("running", 2, 3, 66), ("running", 3, 3, 100)]


def test_the_status_page_shows_rows_done_of_total(world):
    job = ImportJob.objects.create(
        requested_by=world.clerk_a,
        importer="org:grid",
        title="网格",
        file_name="甲街网格.xlsx",
        token="x" * 24,
        language="zh-hans",
        total=5000,
        status=ImportJob.Status.RUNNING,
    )
    jobs.progress_write(job.pk, 1000, 5000)
    client = world.client(world.clerk_a)

    status = client.get(reverse("core:import_job_status", args=[job.pk])).json()
    page = client.get(reverse("core:import_job", args=[job.pk])).content.decode()

    assert (status["done"], status["total"], status["percent"]) == (1000, 5000, 20)
    assert "1000 / 5000 行" in page
    assert 'value="20"' in page


def test_a_queued_file_is_kept_past_the_staging_expiry(
    world, data_dir, django_capture_on_commit_callbacks
):
    client = world.client(world.clerk_a)
    job, queued = start(
        client, xlsx(grid_rows(world, ["A-95", "A-96", "A-97"])), django_capture_on_commit_callbacks
    )
    three_hours_ago = time.time() - 3 * 3600
    for path in (data_dir / "imports").rglob("*.*"):
        os.utime(path, (three_hours_ago, three_hours_ago))
    # Another upload purges the expired kept files; the held one stays.
    apply_url(client, xlsx(grid_rows(world, ["A-98"])))
    # And the token of the held file cannot be applied a second time.
    again = client.post(reverse("org:import_apply", args=["grid", job.token]))
    assert again["Location"] == reverse("org:import_upload", args=["grid"])
    assert ImportJob.objects.count() == 1

    queued[0]()

    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportJob.Status.DONE, 3)


def test_a_short_file_is_still_applied_at_once(world):
    client = world.client(world.clerk_a)

    response = client.post(apply_url(client, xlsx(grid_rows(world, ["A-99", "A-100"]))))

    assert response.status_code == 302
    assert response["Location"] == reverse("org:grid_list")
    assert Grid.objects.filter(code__in=["A-99", "A-100"]).count() == 2
    assert not ImportJob.objects.exists()


def test_the_nightly_clean_up_fails_a_job_whose_worker_died_and_deletes_old_ones(
    world, data_dir, django_capture_on_commit_callbacks
):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    client = world.client(world.clerk_a)
    job, _queued = start(
        client, xlsx(grid_rows(world, ["A-91", "A-92", "A-93"])), django_capture_on_commit_callbacks
    )
    # Its worker took it and died: the task never ran to its end.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now() - timedelta(hours=7)
    )
    out = StringIO()
    call_command("jobs_purge", stdout=out)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "后台任务未能完成" in job.error
    assert not Grid.objects.filter(code__in=["A-91", "A-92", "A-93"]).exists()
    assert not list((data_dir / "imports" / "held").glob("*"))
    assert "已结束的后台导入记录 0 条" in out.getvalue()
    # A day later the failed job is deleted.
    assert jobs.import_jobs_purge(timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not ImportJob.objects.exists()
    assert verify().ok
