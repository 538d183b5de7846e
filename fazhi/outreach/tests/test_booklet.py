"""The 普法展示录: the page proposes the period's records, the .docx holds the cover, the contents,
a page per chosen activity and work with the photos, and the recognitions (not what was left
unticked, nor another street's); LibreOffice prints it to PDF; bad input, permissions, a server
without LibreOffice, and the audit row of every export."""

from __future__ import annotations

import stat
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from docx.oxml.ns import qn

from fazhi.audit.models import Action, AuditEntry
from fazhi.core import documents
from fazhi.core.documents import PdfUnavailable, docx_to_pdf
from fazhi.core.tests.docx_checks import assert_page_numbers
from fazhi.outreach import booklet, services
from fazhi.outreach.models import Activity
from fazhi.outreach.testing import last_audit, png_bytes
from fazhi.testing import SOFFICE

pytestmark = pytest.mark.django_db

URL = "/office/outreach/booklet/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORT_DAY = datetime(2020, 9, 28, 10, tzinfo=SHANGHAI)


@pytest.fixture
def chosen(world, outreach, media):
    """Street A's lecture with two photos, a second activity without photos, and the fixtures'
    work and recognition; street B's records stay as the fixtures made them."""
    a = outreach.a
    for caption in ("讲座现场", "居民认真听讲"):
        services.activity_photo_add(
            activity=a.activity,
            file=SimpleUploadedFile("photo.png", png_bytes(40, 30), content_type="image/png"),
            caption=caption,
            actor=world.clerk_a,
        )
    services.activity_photo_add(
        activity=outreach.b.activity,
        file=SimpleUploadedFile("photo.png", png_bytes(40, 30), content_type="image/png"),
        actor=world.clerk_b,
    )
    unticked = services.activity_create(
        street=world.a.street,
        actor=world.clerk_a,
        title="甲街防范非法集资宣传（未编入）",
        kind=Activity.Kind.COMMUNITY,
        held_on=date(2020, 7, 1),
        department=a.department,
        themes=[a.themes["民法典"]],
        headcount=30,
    )
    return a, unticked


def post_data(a, **overrides):
    data = {
        "start": "2020-01-01",
        "end": "2020-09-28",
        "title": "甲街道2020年普法展示录",
        "compiler": "甲街道办事处",
        "compiled_on": "2020-09-28",
        "activities": [a.activity.pk],
        "works": [a.work.pk],
        "recognitions": [a.recognition.pk],
        "file_format": "docx",
    }
    data.update(overrides)
    return data


def document_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(p.text for row in table.rows for cell in row.cells for p in cell.paragraphs)
    return "\n".join(lines)


def test_page_proposes_the_periods_records(world, chosen, outreach):
    a, unticked = chosen
    with time_machine.travel(REPORT_DAY, tick=False):
        response = world.client(world.clerk_a).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    listed = {activity.pk for activity in response.context["activities"]}
    assert listed == {a.activity.pk, unticked.pk}  # not street B's
    ticked = response.context["ticked"]
    assert ticked["activities"] == {str(a.activity.pk)}  # those with photos
    assert ticked["works"] == {str(a.work.pk)}
    assert ticked["recognitions"] == {str(a.recognition.pk)}
    assert 'value="甲街道2020年普法展示录"' in page
    assert 'value="甲街道办事处"' in page
    assert 'name="start" value="2020-01-01"' in page and 'name="end" value="2020-09-28"' in page
    assert outreach.b.activity.title not in page and outreach.b.work.title not in page
    assert "无照片" in page


def test_a_period_chosen_lists_its_records_and_a_reversed_one_is_refused(world, chosen):
    a, _unticked = chosen
    client = world.client(world.clerk_a)
    june = client.get(URL, {"start": "2020-06-01", "end": "2020-06-30"})
    assert june.status_code == 200
    assert [x.pk for x in june.context["activities"]] == [a.activity.pk]
    assert june.context["works"] == [] and "本期间没有发布的普法作品。" in june.content.decode()
    reversed_ = client.get(URL, {"start": "2020-06-30", "end": "2020-06-01"})
    assert reversed_.status_code == 400
    assert "结束日期不能早于开始日期。" in reversed_.content.decode()
    assert "activities" not in reversed_.context


def test_the_booklet_holds_the_chosen_records_with_their_photos(world, chosen, outreach):
    a, unticked = chosen
    before = AuditEntry.objects.count()
    response = world.client(world.clerk_a).post(URL, post_data(a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert ".docx" in response["Content-Disposition"]

    content = response.content
    text = document_text(content)
    # The cover.
    for line in (
        "滨海新区甲街道",
        "甲街道2020年普法展示录",
        "（2020年1月1日至2020年9月28日）",
        "甲街道办事处",
        "2020年9月28日",
    ):
        assert line in text.split("\n"), line
    # The contents and the pages: the chosen activity, work and recognition.
    assert "目\u3000\u3000录" in text
    assert f"（一）2020年6月3日\u3000{a.activity.title}" in text
    assert "一、普法活动" in text and "二、普法作品" in text and "三、表彰与肯定" in text
    assert "参与人数：50人" in text and "发放宣传材料：30份" in text
    assert "协办单位：甲街律师事务所" in text and "宣传的法律法规和主题：《宪法》" in text
    assert a.work.title in text and "发布平台：抖音" in text and "播放或阅读量：1000次" in text
    assert "作品链接：https://v.douyin.com/example/" in text
    assert "司法部官方微博" in text and "转发并肯定。" in text
    assert "图1\u3000讲座现场" in text and "图2\u3000居民认真听讲" in text
    # Not what was left unticked, nor street B's.
    assert unticked.title not in text
    assert outreach.b.activity.title not in text and outreach.b.work.title not in text

    document = Document(BytesIO(content))
    assert len(document.inline_shapes) == 2  # the lecture's two photos
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml  # a table-of-contents field Word and LibreOffice update
    # No number on the cover; from the contents on, GB/T 9704's — 1 — at the outer edge.
    cover, body = document.sections
    assert cover._sectPr.find(qn("w:footerReference")) is None
    assert_page_numbers(document, body)
    for section in document.sections:
        # A4, GB/T 9704 margins (stored in twips: to a tenth of a millimetre).
        assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
        assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋"
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:eastAsia")) == "黑体" and heading.get(qn("w:eastAsiaTheme")) is None
    assert document.settings.element.find(qn("w:updateFields")) is not None

    # One audit row naming who exported what.
    assert AuditEntry.objects.count() == before + 1
    entry = last_audit()
    assert entry.action == Action.EXPORT and entry.actor == world.clerk_a
    assert entry.street_id == world.a.street.pk
    assert entry.object_type == "outreach.booklet"
    assert entry.object_repr == "普法展示录：甲街道2020年普法展示录"
    assert entry.changes["format"] == "docx"
    assert entry.changes["activities"] == [a.activity.pk]
    assert entry.changes["media_works"] == [a.work.pk]
    assert entry.changes["recognitions"] == [a.recognition.pk]
    assert entry.changes["start"] == "2020-01-01" and entry.changes["end"] == "2020-09-28"


def test_a_booklet_of_works_only_has_no_activity_chapter(world, chosen):
    a, _unticked = chosen
    response = world.client(world.clerk_a).post(URL, post_data(a, activities=[], recognitions=[]))
    assert response.status_code == 200
    text = document_text(response.content)
    assert "一、普法作品" in text and "普法活动" not in text and "表彰与肯定" not in text
    assert len(Document(BytesIO(response.content)).inline_shapes) == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"start": "2020-09-28", "end": "2020-01-01"}, "结束日期不能早于开始日期。"),
        (
            {"activities": [], "works": [], "recognitions": []},
            "请至少勾选一项普法活动、普法作品或表彰与肯定。",
        ),
        ({"end": "2020-05-31"}, "所选的普法活动不在所选期间内或不属于本街道"),
        ({"title": ""}, "这个字段是必填项。"),
        ({"file_format": "xls"}, "请选择导出Word文件或PDF文件。"),
    ],
)
def test_bad_input_gives_a_clear_error_and_no_file(world, chosen, overrides, message):
    a, _unticked = chosen
    before = AuditEntry.objects.count()
    response = world.client(world.clerk_a).post(URL, post_data(a, **overrides))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()
    assert AuditEntry.objects.count() == before


def test_another_streets_records_cannot_be_put_in(world, chosen, outreach):
    a, _unticked = chosen
    b = outreach.b
    client = world.client(world.clerk_a)
    before = AuditEntry.objects.count()
    for overrides in (
        {"activities": [b.activity.pk]},
        {"works": [b.work.pk]},
        {"recognitions": [b.recognition.pk]},
        {"activities": ["abc"]},
    ):
        response = client.post(URL, post_data(a, **overrides))
        assert response.status_code == 400, overrides
        page = response.content.decode()
        assert "不在所选期间内或不属于本街道" in page or "所选的记录编号无效" in page
    assert AuditEntry.objects.count() == before


def test_who_may_export_it(world, chosen, anon):
    a, _unticked = chosen
    login = anon.get(URL)
    assert login.status_code == 302 and "/accounts/login/" in login["Location"]
    for user in (world.auditor, world.grid_worker, world.sysadmin, world.reviewer):
        client = world.client(user)
        assert client.get(URL).status_code == 403, user
        assert client.post(URL, post_data(a)).status_code == 403, user
    assert not AuditEntry.objects.filter(object_type="outreach.booklet").exists()
    # The office and the departments write outreach records; the leader reads them.
    for user in (world.clerk_a, world.staff_a, world.leader):
        assert world.client(user).get(URL).status_code == 200, user
    assert world.client(world.leader).post(URL, post_data(a)).status_code == 200
    assert last_audit().actor == world.leader
    home = world.client(world.clerk_a).get("/office/").content.decode()
    assert f'href="{URL}"' in home


def test_wrong_method_is_refused(world, chosen):
    assert world.client(world.clerk_a).put(URL).status_code == 405


def test_without_libreoffice_the_pdf_button_explains_and_nothing_breaks(world, chosen, monkeypatch):
    a, _unticked = chosen
    monkeypatch.setattr(documents.shutil, "which", lambda _name: None)
    client = world.client(world.clerk_a)
    page = client.get(URL).content.decode()
    assert "服务器未安装LibreOffice，暂不能导出PDF文件。" in page
    assert 'value="pdf"' not in page
    before = AuditEntry.objects.count()
    response = client.post(URL, post_data(a, file_format="pdf"))
    assert response.status_code == 503
    assert "服务器未安装LibreOffice，不能生成PDF文件。" in response.content.decode()
    assert AuditEntry.objects.count() == before
    # The Word file is still there.
    assert client.post(URL, post_data(a)).status_code == 200


def test_a_conversion_past_its_time_is_killed(tmp_path: Path, monkeypatch):
    """A LibreOffice that hangs (here a script that sleeps) is stopped at the time limit."""
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\nsleep 30\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(documents, "libreoffice", lambda: str(program))
    with pytest.raises(PdfUnavailable, match="超时"):
        docx_to_pdf(b"not a document", timeout=1)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_prints_the_booklet_as_a_pdf(world, chosen):
    a, _unticked = chosen
    response = world.client(world.clerk_a).post(URL, post_data(a, file_format="pdf"))
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    assert ".pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000
    entry = last_audit()
    assert entry.action == Action.EXPORT and entry.changes["format"] == "pdf"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_fills_in_the_contents_page_numbers(world, chosen):
    a, _unticked = chosen
    content = booklet.booklet_docx(
        booklet.booklet_of(
            street=world.a.street,
            title="甲街道2020年普法展示录",
            start=date(2020, 1, 1),
            end=date(2020, 9, 28),
            compiler="甲街道办事处",
            compiled_on=date(2020, 9, 28),
            activities=Activity.objects.filter(pk=a.activity.pk),
            works=a.work.__class__.objects.filter(pk=a.work.pk),
            recognitions=a.recognition.__class__.objects.filter(pk=a.recognition.pk),
        )
    )
    plain = docx_to_pdf(content)
    updated = docx_to_pdf(content, update_contents=True)
    assert plain.startswith(b"%PDF") and updated.startswith(b"%PDF")
    # The updated contents link each entry to its page (the saved list has no links).
    assert updated.count(b"/Link") > plain.count(b"/Link")


def test_names_on_the_cover(world):
    street = world.a.street
    assert booklet.street_title(street) == "甲街道"
    assert booklet.default_compiler(street) == "甲街道办事处"
    assert booklet.default_title(street, date(2020, 1, 1), date(2020, 9, 28)) == (
        "甲街道2020年普法展示录"
    )
    assert booklet.default_title(street, date(2019, 7, 1), date(2020, 6, 30)) == (
        "甲街道2019—2020年普法展示录"
    )
    assert booklet.period_text(date(2020, 1, 1), date(2020, 9, 28)) == (
        "2020年1月1日至2020年9月28日"
    )
    assert [booklet.chinese_number(n) for n in (1, 10, 12, 20, 35)] == [
        "一",
        "十",
        "十二",
        "二十",
        "三十五",
    ]


def test_the_pages_queries_do_not_grow_with_the_records(world, chosen, outreach):
    a, _unticked = chosen
    client = world.client(world.clerk_a)
    params = {"start": "2020-01-01", "end": "2020-09-28"}
    client.get(URL, params)  # the session and permissions cached as on any later visit
    with CaptureQueriesContext(connection) as few:
        client.get(URL, params)
    for n in range(5):
        activity = services.activity_create(
            street=world.a.street,
            actor=world.clerk_a,
            title=f"甲街讲座{n}",
            kind=Activity.Kind.LECTURE,
            held_on=date(2020, 8, n + 1),
            department=a.department,
            themes=[a.themes["宪法"]],
            headcount=20,
        )
        services.activity_photo_add(
            activity=activity,
            file=SimpleUploadedFile("photo.png", png_bytes(8, 6), content_type="image/png"),
            actor=world.clerk_a,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, params)
    assert len(response.context["activities"]) == 7
    assert len(many.captured_queries) == len(few.captured_queries)
