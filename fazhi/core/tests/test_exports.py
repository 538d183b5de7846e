"""Long Excel exports go to the task queue; the file is fetched from 我的导出 by its owner."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.exports import export_job_run, export_jobs_purge
from fazhi.core.models import ExportJob
from fazhi.org.models import GridWorker

URL = "/office/org/gridworker/?format=xlsx"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _exports(user) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(actor=user, action=Action.EXPORT).order_by("seq"))


@override_settings(FAZHI_EXPORT_BACKGROUND_ROWS=1)
def test_a_long_export_is_written_in_the_background_and_downloaded_by_its_owner(
    world, media, django_capture_on_commit_callbacks
):
    shown = GridWorker.objects.for_user(world.clerk_a).count()
    assert shown > 1
    client = world.client(world.clerk_a)

    with django_capture_on_commit_callbacks() as queued:
        response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/office/exports/"
    job = ExportJob.objects.get()
    assert job.requested_by == world.clerk_a
    assert job.status == ExportJob.Status.PENDING
    # Queued once the job is committed; the tests' immediate backend then runs the task.
    [enqueue] = queued
    enqueue()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert job.rows_written == job.total == shown
    assert job.file.name.startswith("exports/")
    assert (media / job.file.name).exists()

    page = client.get("/office/exports/")
    assert page.status_code == 200
    assert "网格员" in page.content.decode()
    assert f"/office/exports/{job.pk}/download/" in page.content.decode()
    status = client.get(f"/office/exports/{job.pk}/status/").json()
    assert (status["status"], status["percent"], status["rows_written"]) == ("done", 100, shown)

    download = client.get(f"/office/exports/{job.pk}/download/")
    assert download.status_code == 200
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    sheet = book.active
    assert sheet["A1"].value == "姓名"
    # The same rows as the page: street A's grid workers only.
    assert sheet.max_row == shown + 1
    assert ("导出人", world.clerk_a.display_name) in [
        tuple(r[:2]) for r in book["说明"].iter_rows(values_only=True)
    ]

    reprs = [str(e.object_repr) for e in _exports(world.clerk_a)]
    assert len(reprs) == 3
    assert reprs[0].startswith("申请后台导出")
    assert reprs[1].startswith("导出")
    assert reprs[2].startswith("下载导出文件")


@override_settings(FAZHI_EXPORT_BACKGROUND_ROWS=1)
def test_another_user_can_neither_see_nor_download_the_file(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.client(world.clerk_a).get(URL)
    job = ExportJob.objects.get()
    other = world.client(world.clerk_b)
    before = AuditEntry.objects.count()

    assert other.get(f"/office/exports/{job.pk}/download/").status_code == 404
    assert other.get(f"/office/exports/{job.pk}/status/").status_code == 404
    assert f"/office/exports/{job.pk}/" not in other.get("/office/exports/").content.decode()
    assert AuditEntry.objects.count() == before


def test_a_short_export_is_still_sent_at_once(world, media):
    response = world.client(world.clerk_a).get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not ExportJob.objects.exists()


# The task runs later than the request (queued, not run): by then the page is gone.
@override_settings(
    FAZHI_EXPORT_BACKGROUND_ROWS=1,
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)
def test_a_job_whose_page_no_longer_exports_fails_with_a_message_and_no_file(
    world, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world.client(world.clerk_a).get(URL)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.PENDING
    job.path = "/office/org/gridworker/999999/"
    job.save()

    export_job_run.call(job.pk)

    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error.startswith("导出失败：")
    assert not job.file
    response = world.client(world.clerk_a).get(f"/office/exports/{job.pk}/download/")
    assert response.status_code == 404


@override_settings(FAZHI_EXPORT_BACKGROUND_ROWS=1)
def test_files_older_than_a_day_are_deleted(world, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world.client(world.clerk_a).get(URL)
    job = ExportJob.objects.get()
    stored = media / job.file.name
    assert stored.exists()

    assert export_jobs_purge(timezone.now() + timedelta(hours=23)) == 0
    assert export_jobs_purge(timezone.now() + timedelta(days=1, minutes=1)) == 1

    assert not ExportJob.objects.exists()
    assert not stored.exists()


@override_settings(FAZHI_EXPORT_BACKGROUND_ROWS=1)
def test_a_job_that_breaks_while_writing_fails_and_leaves_no_file(
    world, media, monkeypatch, django_capture_on_commit_callbacks
):
    from fazhi.core import excel

    def broken(path, **kwargs):
        Path(path).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(excel, "write_workbook", broken)
    with django_capture_on_commit_callbacks(execute=True):
        world.client(world.clerk_a).get(URL)

    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "导出失败：生成文件时出错，请稍后重试或缩小筛选范围。"
    assert not job.file
    assert not [p for p in media.rglob("*") if p.is_file()]
    page = world.client(world.clerk_a).get("/office/exports/").content.decode()
    assert "失败" in page and f"/office/exports/{job.pk}/download/" not in page
