"""The back office's Word and PDF of a report as it reads now: the official document with its
figures counted from the records at the moment, for those who read the report, audited."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.documents import libreoffice
from fazhi.org.models import Grid
from fazhi.reports.tests.test_annual_report_pages import LIST, make_report

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_the_word_file_reads_the_figures_of_the_records_now(world):
    report = make_report(world)
    client = world.client(world.clerk_a)
    response = client.get(f"{LIST}{report.pk}/download.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    grids = Grid.objects.filter(street=world.a.street).count()
    text = _text(response.content)
    assert "甲街2020年法治政府建设情况报告" in text
    assert f"辖区{grids}个网格" in text
    # The proposal still pending is written in, so the draft reads whole.
    assert "一是网格员" in text

    # A record added: the next file counts it.
    village = world.a.grid.village
    Grid.objects.create(
        street=world.a.street,
        village=village,
        code="A-NEW",
        name="新网格",
        established_on=date(2020, 3, 1),
    )
    again = _text(client.get(f"{LIST}{report.pk}/download.docx").content)
    assert f"辖区{grids + 1}个网格" in again

    exports = AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(report.pk))
    assert exports.count() == 2
    entry = exports.first()
    assert entry.actor_id == world.clerk_a.pk
    assert entry.changes["format"] == "docx" and entry.changes["pending_proposals"] == 1


def test_the_download_is_refused_to_those_who_may_not_read_the_report(world):
    report = make_report(world)
    url = f"{LIST}{report.pk}/download.docx"
    assert world.client(world.clerk_b).get(url).status_code == 404
    assert world.client(world.staff_a).get(url).status_code == 403
    assert world.client(world.clerk_a).get(f"{LIST}{report.pk}/download.odt").status_code == 404
    assert world.client(world.clerk_a).post(url).status_code == 405
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_pdf_is_printed_or_refused_with_the_reason(world, settings):
    report = make_report(world)
    client = world.client(world.clerk_a)
    if libreoffice() is None:
        response = client.get(f"{LIST}{report.pk}/download.pdf", follow=True)
        assert "未能生成PDF" in response.content.decode()
        assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
        pytest.skip("LibreOffice (soffice) is not installed: the refusal was checked instead")
    response = client.get(f"{LIST}{report.pk}/download.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.get(action=Action.EXPORT).changes["format"] == "pdf"
