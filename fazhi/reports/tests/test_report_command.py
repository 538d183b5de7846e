"""fazhi report: the street's report of a year, drafted from the records if it has none yet,
written as a GB/T 9704 Word file (and PDF)."""

from __future__ import annotations

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from fazhi.org import services as org_services
from fazhi.reports.models import AnnualReport, ReportProposal
from fazhi.testing import SOFFICE

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def paragraphs(path) -> list[str]:
    return [p.text for p in Document(BytesIO(path.read_bytes())).paragraphs if p.text.strip()]


def test_the_command_drafts_the_report_and_writes_it(world, tmp_path):
    org_services.leading_group_create(
        street=world.a.street,
        actor=world.clerk_a,
        name="甲街法治政府建设领导小组",
        established_on=date(2019, 3, 1),
    )
    out = tmp_path / "report.docx"
    text = run("--street", "street-a", "--year", "2020", "--to", "2020-09-28", "--out", str(out))
    assert "已新建甲街2020年法治政府建设情况报告（统计期间：2020年1月1日至2020年9月28日）" in text
    assert "已按记录生成初稿：拟稿建议1段" in text
    lines = paragraphs(out)
    assert lines[0] == "甲街2020年法治政府建设情况报告"
    assert lines[1].startswith("2020年，在区委、区政府的正确领导下")
    assert lines[2:4] == [
        "一、2020年推进法治政府建设的主要举措和成效",
        "（一）加强组织领导，奠定依法行政基础",
    ]
    assert lines[4].startswith("成立以街主要领导为组长及副组长的甲街法治政府建设领导小组")
    assert "滨海新区甲街道办事处" in lines and "2020年9月28日" in lines

    # Run again: the report is reused as it is, not drafted twice.
    again = run("--street", "street-a", "--year", "2020", "--out", str(out))
    assert "已新建" not in again and "初稿" not in again
    assert AnnualReport.objects.count() == 1 and ReportProposal.objects.count() == 1


def test_an_unknown_street_is_refused_naming_the_known_ones(world, tmp_path):
    with pytest.raises(CommandError, match="没有标识为“nowhere”的街道。已有：street-a、street-b"):
        run("--street", "nowhere", "--year", "2020", "--out", str(tmp_path / "r.docx"))
    with pytest.raises(CommandError, match="统计期间须在2020年之内"):
        run(
            "--street", "street-a", "--year", "2020", "--to", "2021-01-31",
            "--out", str(tmp_path / "r.docx"),
        )  # fmt: skip
    assert not (tmp_path / "r.docx").exists() and not AnnualReport.objects.exists()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_the_command_prints_a_pdf_too(world, tmp_path):
    pdf = tmp_path / "report.pdf"
    run(
        "--street", "street-a", "--year", "2020", "--out", str(tmp_path / "r.docx"),
        "--pdf", str(pdf),
    )  # fmt: skip
    assert pdf.read_bytes().startswith(b"%PDF")
