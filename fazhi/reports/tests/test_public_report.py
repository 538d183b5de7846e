"""The portal's 年度报告 as a resident sees it: the street's published reports only, each read as
it was approved with every figure a fact (key, period, value, unit, reading, definition), the
same facts as JSON and Excel, the PDF printed once, and nothing about people or records."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from fazhi.core.documents import libreoffice
from fazhi.org import services as org_services
from fazhi.portal.registry import public_sections
from fazhi.reports import public, services
from fazhi.reports.models import AnnualReport, Area, ReportSection, ReportVersion

pytestmark = pytest.mark.django_db

LIST = "/s/street-a/reports/"
PAGE = f"{LIST}2020/"
ORGANISATION = (
    "辖区共有{{fig:org.grids|words}}网格、{{fig:org.grid_workers}}专兼职网格员，"
    "一月份现场值班{{fig:legal_services.duty_shifts_held|to=2020-01-31}}。"
)
EDUCATION = "全年电话咨询{{fig:legal_services.consultations.phone|unit=个}}。"
PUBLISHED_AT = datetime(2020, 10, 9, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
FACT = re.compile(r"<data ([^>]*)>([^<]*)</data>")
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


@pytest.fixture(autouse=True)
def _printed_in_tmp(tmp_path: Path, settings):
    # Printed PDFs go to the data directory: a fresh one for each test.
    settings.DATA_DIR = tmp_path


def write(report: AnnualReport, area: str, text: str, actor) -> None:
    section = ReportSection.objects.get(report=report, area=area)
    services.report_section_update(section, actor=actor, text=text)


def make_report(world, street=None, year=2020, actor=None) -> AnnualReport:
    street = street or world.a.street
    actor = actor or (world.clerk_a if street == world.a.street else world.clerk_b)
    report = services.report_create(
        street=street, year=year, actor=actor, period_end=date(year, 9, 28)
    )
    write(report, Area.ORGANISATION, ORGANISATION.replace("2020", str(year)), actor)
    write(report, Area.EDUCATION, EDUCATION, actor)
    return report


def publish(report: AnnualReport, actor, at=PUBLISHED_AT) -> AnnualReport:
    """Approved (its text and figures frozen as the approval freezes them), then published."""
    with transaction.atomic():
        services.version_create(report, occasion=ReportVersion.Occasion.APPROVAL, actor=actor)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.PUBLISHED, published_at=at
    )
    report.refresh_from_db()
    return report


def facts(html: str) -> list[dict[str, str]]:
    """Every figure of the page's text: its attributes and the text it reads."""
    found = []
    for attributes, shown in FACT.findall(html):
        fact = dict(ATTRIBUTE.findall(attributes))
        fact["shown"] = shown
        found.append(fact)
    return found


def published(world) -> AnnualReport:
    return publish(make_report(world), world.clerk_a)


# --- the list ---------------------------------------------------------------------------------


def test_the_portal_opens_the_section_and_the_street_page_links_it(world, anon):
    (section,) = [s for s in public_sections.all() if s.key == "annual_report"]
    assert section.available and section.url_for(world.a.street) == LIST
    home = anon.get("/s/street-a/").content.decode()
    assert f'<a class="portal-section-title" href="{LIST}">年度报告</a>' in home
    assert f'<li><a href="{LIST}">年度报告</a></li>' in home
    assert "年度报告</span><small" not in home


def test_the_list_shows_only_the_streets_published_reports_latest_first(world, anon):
    report = published(world)
    earlier = publish(make_report(world, year=2019), world.clerk_a, at=None)
    make_report(world, year=2021)  # a draft
    in_review = make_report(world, year=2018)
    AnnualReport.objects.filter(pk=in_review.pk).update(status=AnnualReport.Status.APPROVED)
    publish(make_report(world, street=world.b.street), world.clerk_b)

    response = anon.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    titles = re.findall(r'<a class="report-list-title" href="([^"]+)">([^<]+)</a>', text)
    assert titles == [
        (PAGE, report.title),
        (f"{LIST}2019/", earlier.title),
    ]
    assert "成文日期：2020年9月28日　公开日期：2020年10月9日" in text
    # Published before the workflow recorded when: no date of publication.
    assert "成文日期：2019年9月28日</span>" in text
    for link in ("2020/report.pdf", "2020/report.docx", "2020/figures.json", "2020/figures.xlsx"):
        assert f'href="{LIST}{link}"' in text
    assert "2021" not in text and "2018" not in text and "乙街2020" not in text


def test_a_street_without_published_reports_says_so(world, anon):
    make_report(world)
    text = anon.get(LIST).content.decode()
    assert "本街道尚未公开年度报告。" in text


# --- what is not public ---------------------------------------------------------------------------


def test_drafts_reports_in_review_and_other_streets_reports_are_404(world, anon):
    draft = make_report(world)
    for suffix in ("", "report.pdf", "report.docx", "figures.json", "figures.xlsx"):
        assert anon.get(f"{PAGE}{suffix}").status_code == 404
    for status in (AnnualReport.Status.APPROVED, AnnualReport.Status.SECRECY_CHECKED):
        AnnualReport.objects.filter(pk=draft.pk).update(status=status)
        assert anon.get(PAGE).status_code == 404
    publish(make_report(world, street=world.b.street), world.clerk_b)
    # Street B's 2020 report is not street A's.
    assert anon.get(PAGE).status_code == 404
    assert anon.get("/s/street-b/reports/2020/").status_code == 200
    # Not even staff see a draft on the public side.
    assert world.client(world.clerk_a).get(PAGE).status_code == 404
    page = anon.get("/s/nowhere/reports/")
    assert page.status_code == 404 and "没有找到您要访问的页面" in page.content.decode()
    assert anon.get(f"{LIST}99999999999999999999/").status_code == 404


# --- the report's page -------------------------------------------------------------------------


def test_every_figure_is_a_fact_with_key_period_value_unit_and_reading(world, anon):
    published(world)
    response = anon.get(PAGE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>甲街2020年法治政府建设情况报告</h1>" in text
    assert "成文日期：2020年9月28日　公开日期：2020年10月9日" in text
    assert "<h2>一、2020年推进法治政府建设的主要举措和成效</h2>" in text
    assert "<h3>（一）加强组织领导，奠定依法行政基础</h3>" in text
    # The sections without text are left out, and the work areas numbered as printed.
    assert "<h3>（二）坚持普治并举，加强法治宣传教育工作</h3>" in text
    found = facts(text)
    assert [(f["data-key"], f["value"], f["data-unit"], f["shown"]) for f in found] == [
        ("org.grids", "2", "个", "两个"),
        ("org.grid_workers", "2", "名", "2名"),
        ("legal_services.duty_shifts_held", "0", "次", "0次"),
        # The statistic's unit, whatever word the text reads it with.
        ("legal_services.consultations.phone", "0", "人次", "0个"),
    ]
    grids = found[0]
    assert grids["id"] == "figure-1"
    assert (grids["data-start"], grids["data-end"]) == ("2020-01-01", "2020-09-28")
    assert grids["data-reading"] == "两个"
    assert grids["data-label"] == "网格数"
    assert grids["data-definition"] == "统计期末在用的网格"
    # Without script the definition is the figure's title, and in the table below the text.
    assert grids["title"] == "网格数：统计期末在用的网格"
    assert found[2]["data-end"] == "2020-01-31"
    assert '<details id="figures">' in text
    assert '<tr id="figure-1-note"><td class="num"><a href="#figure-1">1</a></td>' in text
    assert "报告中的数字（4个）及统计口径" in text
    # The popover's script, from the static folder (no inline script).
    assert re.findall(r"<script[^>]*>", text) == [
        '<script src="/static/reports/public_report.js" defer>'
    ]
    assert '<p class="report-closing">滨海新区甲街道办事处<br>2020年9月28日</p>' in text


def test_the_page_has_no_record_links_and_no_names_from_the_records(world, anon):
    report = published(world)
    text = anon.get(PAGE).content.decode()
    assert "/office/" not in text and "/records/" not in text
    assert '<a class="report-figure"' not in text
    # The grid workers counted, the clerk who wrote the versions: nobody is named.
    for name in ("张网格", "李网格", "甲街办公室", world.clerk_a.username):
        assert name not in text
    assert "版本" not in text and report.versions.exists()


def test_json_and_excel_give_the_same_figures_as_the_page(world, anon):
    published(world)
    page = [
        (f["data-key"], f["data-start"], f["data-end"], f["value"], f["data-unit"], f["shown"])
        for f in facts(anon.get(PAGE).content.decode())
    ]

    response = anon.get(f"{PAGE}figures.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["report"] | {"url": ""} == {
        "street": "甲街",
        "street_slug": "street-a",
        "year": 2020,
        "title": "甲街2020年法治政府建设情况报告",
        "issuer": "滨海新区甲街道办事处",
        "issued_on": "2020-09-28",
        "published_at": "2020-10-09T10:00:00+08:00",
        "period": {"start": "2020-01-01", "end": "2020-09-28"},
        "version": data["report"]["version"],
        "frozen": True,
        "url": "",
    }
    assert data["report"]["url"] == f"http://testserver{PAGE}"
    figures = data["figures"]
    assert [
        (f["key"], f["start"], f["end"], str(f["value"]), f["unit"], f["reading"]) for f in figures
    ] == page
    assert figures[0] | {"section": ""} == {
        "number": 1,
        "key": "org.grids",
        "label": "网格数",
        "value": 2,
        "unit": "个",
        "reading": "两个",
        "start": "2020-01-01",
        "end": "2020-09-28",
        "definition": "统计期末在用的网格",
        "section": "",
    }
    assert figures[0]["section"] == (
        "一、2020年推进法治政府建设的主要举措和成效 （一）加强组织领导，奠定依法行政基础"
    )
    assert figures[3]["section"].endswith("（二）坚持普治并举，加强法治宣传教育工作")

    response = anon.get(f"{PAGE}figures.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    header = rows.index(
        [
            "序号",
            "指标键名",
            "指标名称",
            "数值",
            "单位",
            "报告中的表述",
            "统计期间开始日期",
            "统计期间结束日期",
            "口径说明",
            "所在章节",
        ]
    )
    assert header == 0
    notes = [list(r) for r in book["说明"].iter_rows(values_only=True)]
    assert notes[0][0] == "甲街2020年法治政府建设情况报告"
    assert "滨海新区甲街道办事处" in notes[1][0]
    table = rows[header + 1 :]
    assert [(r[1], r[6], r[7], str(r[3]), r[4], r[5]) for r in table] == page
    assert [r[2] for r in table] == [f["label"] for f in figures]
    assert [r[9] for r in table] == [f["section"] for f in figures]


def test_the_published_figures_stay_as_frozen_when_the_records_change(world, anon):
    report = published(world)
    before = anon.get(PAGE).content.decode()
    org_services.grid_create(
        street=world.a.street,
        actor=world.clerk_a,
        village=world.a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2019, 1, 1),
    )
    # The back office reads the records: three grids now.
    office = world.client(world.clerk_a).get(f"/office/reports/annual/{report.pk}/")
    assert 'data-key="org.grids" data-start="2020-01-01" data-end="2020-09-28" data-value="3"' in (
        office.content.decode()
    )
    after = anon.get(PAGE).content.decode()
    assert facts(after) == facts(before)
    assert facts(after)[0]["value"] == "2"
    data = json.loads(anon.get(f"{PAGE}figures.json").content)
    assert data["figures"][0]["value"] == 2 and data["report"]["frozen"] is True

    # A published report without a frozen version is read from the records, and says so.
    ReportVersion.objects.filter(report=report).delete()
    live = anon.get(PAGE).content.decode()
    assert facts(live)[0]["value"] == "3"
    assert "报告中的数字按现有工作记录统计" in live
    assert json.loads(anon.get(f"{PAGE}figures.json").content)["report"]["frozen"] is False


def test_the_latest_approval_is_the_one_read(world, anon):
    report = published(world)
    # Sent back, rewritten and approved again (the statuses set directly here).
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.DRAFT)
    write(report, Area.EDUCATION, "全年网格{{fig:org.grids}}。", world.clerk_a)
    publish(report, world.leader)
    found = facts(anon.get(PAGE).content.decode())
    assert [f["data-key"] for f in found][-1] == "org.grids"
    assert "全年电话咨询" not in anon.get(PAGE).content.decode()


# --- the downloads --------------------------------------------------------------------------


def test_the_word_file_is_the_official_document(world, anon):
    published(world)
    response = anon.get(f"{PAGE}report.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    paragraphs = [p.text for p in Document(BytesIO(response.content)).paragraphs]
    assert "甲街2020年法治政府建设情况报告" in paragraphs
    assert any("辖区共有两个网格、2名专兼职网格员" in p for p in paragraphs)


def test_the_page_and_the_word_file_mask_the_same_personal_data(world, anon):
    """The page and the downloads the public takes away read the same masked text."""
    report = make_report(world)
    write(
        report,
        Area.EDUCATION,
        EDUCATION
        + "\n\n举报人王秀英（身份证号１２０１０１１９７７１２１２００１２，电话13812345678）"
        "反映的问题已由甲街综合执法队办结。",
        world.clerk_a,
    )
    publish(report, world.clerk_a)
    from docx import Document

    page = anon.get(PAGE).content.decode()
    word = anon.get(f"{PAGE}report.docx")
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    for shown in (page, text):
        assert "王秀英" not in shown and "王某" in shown
        assert "１２０１０１" not in shown and "13812345678" not in shown
        assert "甲街综合执法队" in shown
    assert "辖区共有两个网格、2名专兼职网格员" in text


def test_without_libreoffice_the_pdf_page_says_so_and_offers_the_word_file(
    world, anon, monkeypatch
):
    published(world)
    monkeypatch.setattr("fazhi.core.documents.libreoffice", lambda: None)
    response = anon.get(f"{PAGE}report.pdf")
    assert response.status_code == 503
    text = response.content.decode()
    assert "服务器未安装LibreOffice" in text
    assert f'href="{PAGE}report.docx"' in text


def test_a_printed_pdf_is_kept_and_served_without_printing_again(
    world, anon, settings, monkeypatch
):
    published(world)
    printed = []

    def fake_print(content: bytes, **options) -> bytes:
        printed.append(content)
        return b"%PDF-1.4 printed once"

    monkeypatch.setattr(public, "docx_to_pdf", fake_print)
    first = anon.get(f"{PAGE}report.pdf")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == b"%PDF-1.4 printed once"
    monkeypatch.setattr("fazhi.core.documents.libreoffice", lambda: None)
    again = anon.get(f"{PAGE}report.pdf")
    assert again.status_code == 200 and again.content == first.content
    assert len(printed) == 1
    kept = list((Path(settings.DATA_DIR) / public.PRINTED_DIR).glob("*.pdf"))
    assert len(kept) == 1


def test_the_pdf_has_pages(world, anon, tmp_path):
    if libreoffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: the PDF is not printed here")
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed: the PDF cannot be measured")
    published(world)
    response = anon.get(f"{PAGE}report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    source = tmp_path / "report.pdf"
    source.write_bytes(response.content)
    info = subprocess.run(
        ["pdfinfo", str(source)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 1
    text = subprocess.run(
        ["pdftotext", str(source), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout.replace(" ", "")
    assert "甲街2020年法治政府建设情况报告" in text


# --- cost and limits ------------------------------------------------------------------------


def test_pages_cost_a_fixed_number_of_queries(world, anon):
    report = published(world)
    publish(make_report(world, year=2019), world.clerk_a)
    urls = {
        LIST: 2,  # the street, the reports
        PAGE: 3,  # the street, the report, its approved version
        f"{PAGE}figures.json": 3,
        f"{PAGE}figures.xlsx": 3,
        f"{PAGE}report.docx": 3,
    }
    for url, queries in urls.items():
        with CaptureQueriesContext(connection) as captured:
            assert anon.get(url).status_code == 200
        assert len(captured) == queries, (url, [q["sql"] for q in captured])
    # More figures in the text cost nothing more.
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.DRAFT)
    write(report, Area.ENFORCEMENT, ORGANISATION * 5, world.clerk_a)
    publish(report, world.clerk_a)
    with CaptureQueriesContext(connection) as captured:
        assert anon.get(PAGE).status_code == 200
    assert len(captured) == 3


def test_anonymous_residents_read_and_the_portals_limits_still_apply(world, anon):
    published(world)
    assert anon.get(PAGE).status_code == 200
    assert world.client(world.clerk_b).get(PAGE).status_code == 200
    # Read-only: a post is refused, and counted against the address's public posts.
    with override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=1):
        assert anon.post(PAGE, REMOTE_ADDR="10.0.0.7").status_code == 405
        refused = anon.post(f"{PAGE}figures.json", REMOTE_ADDR="10.0.0.7")
        assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
        # Reading goes on.
        assert anon.get(PAGE, REMOTE_ADDR="10.0.0.7").status_code == 200
