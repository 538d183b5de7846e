"""Excel imports of activities, publicity items, FAQ entries and questions: the templates,
good files applied through the services, bad rows named by row and column with nothing
written, and who may import."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.excel import XLSX_MIME
from fazhi.outreach.imports import ACTIVITY_IMPORT, QUESTION_IMPORT
from fazhi.outreach.models import Activity, FaqEntry, PublicityItem, Question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def staging_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path / "imports"


def xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def preview(client, key: str, content: bytes):
    uploaded = client.post(
        reverse("outreach:import_upload", args=[key]),
        {"file": SimpleUploadedFile("导入.xlsx", content, content_type=XLSX_MIME)},
    )
    assert uploaded.status_code == 302, uploaded.content.decode()
    return client.get(uploaded["Location"])


def errors_of(response) -> list[str]:
    return [str(e) for e in response.context["errors"]]


def test_import_home_and_templates(world, outreach):
    client = world.client(world.staff_a)
    home = client.get(reverse("outreach:import_home"))
    assert home.status_code == 200
    keys = [item["importer"].key for item in home.context["importers"]]
    assert keys == ["activity", "publicityitem", "faqentry", "question"]
    template = client.get(reverse("outreach:import_template", args=["question"]))
    data, _notes = load_workbook(BytesIO(template.content)).worksheets
    headers = [c.value for c in data[1]]
    assert headers[:4] == ["题型", "题干", "选项A", "选项B"] and "正确答案" in headers
    assert world.client(world.leader).get(reverse("outreach:import_home")).status_code == 403


def test_activity_ledger_imported_with_its_themes(world, outreach):
    client = world.client(world.clerk_a)
    headers = [c.header for c in ACTIVITY_IMPORT.columns]
    row = dict.fromkeys(headers)
    row |= {
        "活动日期": date(2020, 6, 26),
        "活动名称": "禁毒宣传",
        "活动类型": "主题日",
        "普法主题": "《宪法》、《国家安全法》",
        "组织部门": "司法所",
        "参与人数": 80,
        "发放宣传材料": "50份",
    }
    page = preview(client, "activity", xlsx(headers, [list(row.values())]))
    assert errors_of(page) == []
    assert client.post(page.context["apply_url"]).status_code == 302
    activity = Activity.objects.get(title="禁毒宣传")
    assert {t.name for t in activity.themes.all()} == {"《宪法》", "《国家安全法》"}
    assert (activity.status, activity.headcount, activity.materials) == ("held", 80, 50)
    assert AuditEntry.objects.filter(action=Action.IMPORT).count() == 1


def test_bad_activity_rows_are_named_and_nothing_is_written(world, outreach):
    client = world.client(world.clerk_a)
    headers = [c.header for c in ACTIVITY_IMPORT.columns]
    base = dict.fromkeys(headers) | {
        "活动日期": date(2020, 6, 26),
        "活动名称": "讲座",
        "活动类型": "讲座",
        "普法主题": "《宪法》",
        "组织部门": "司法所",
        "参与人数": 30,
    }
    rows = [
        base | {"活动名称": "主题错", "普法主题": "《刑法》"},
        base | {"活动名称": "没人数", "参与人数": None},
        base | {"活动名称": "明天的", "活动日期": date(2999, 1, 1)},
    ]
    before = (Activity.objects.count(), AuditEntry.objects.count())
    page = preview(client, "activity", xlsx(headers, [list(r.values()) for r in rows]))
    assert errors_of(page) == [
        "第2行“普法主题”：本街道没有普法主题：《刑法》。",
        "第3行“参与人数”：已开展的活动请填写参与人数。",
        "第4行“活动日期”：已开展活动的活动日期不能晚于今天。",
    ]
    assert client.post(page.context["apply_url"]).status_code == 400
    assert (Activity.objects.count(), AuditEntry.objects.count()) == before


def test_question_bank_imported_option_by_option(world, outreach):
    client = world.client(world.clerk_a)
    headers = [c.header for c in QUESTION_IMPORT.columns]

    def row(**cells: Any) -> list[Any]:
        return list((dict.fromkeys(headers) | cells).values())

    content = xlsx(
        headers,
        [
            row(
                题型="多选题",
                题干="毒品包括：",
                选项A="鸦片",
                选项B="海洛因",
                选项C="冰毒",
                正确答案="ca",
                所属主题="《宪法》",
            ),
            row(题型="判断题", 题干="宪法是国家的根本法。", 正确答案="A"),
            row(题型="单选题", 题干="有空缺", 选项A="甲", 选项C="丙", 正确答案="A"),
            row(题型="单选题", 题干="答案不对", 选项A="甲", 选项B="乙", 正确答案="D"),
        ],
    )
    page = preview(client, "question", content)
    assert errors_of(page) == [
        "第4行：选项须从选项A起依次填写，中间不能空缺。",
        "第5行“正确答案”：正确答案须为选项字母AB中的字母。",
    ]
    fixed = xlsx(
        headers,
        [
            row(
                题型="多选题",
                题干="毒品包括：",
                选项A="鸦片",
                选项B="海洛因",
                选项C="冰毒",
                正确答案="ca",
                所属主题="《宪法》",
            ),
            row(题型="判断题", 题干="宪法是国家的根本法。", 正确答案="A"),
        ],
    )
    page = preview(client, "question", fixed)
    assert errors_of(page) == []
    assert client.post(page.context["apply_url"]).status_code == 302
    multiple = Question.objects.get(stem="毒品包括：")
    assert (multiple.options, multiple.answer, multiple.theme.name) == (
        ["鸦片", "海洛因", "冰毒"],
        "AC",
        "《宪法》",
    )
    assert Question.objects.get(stem="宪法是国家的根本法。").options == ["正确", "错误"]


def test_faq_and_publicity_imported(world, outreach):
    client = world.client(world.clerk_a)
    faq = xlsx(
        ["问题", "解答", "分类", "法律依据", "发布日期"],
        [
            [
                "预付卡能退吗？",
                "可以要求退回预付款。",
                "消费维权",
                "《消费者权益保护法》第五十三条",
                date(2020, 3, 10),
            ],
            ["草稿问题", "草稿解答", "其他", None, None],
        ],
    )
    page = preview(client, "faqentry", faq)
    assert errors_of(page) == []
    client.post(page.context["apply_url"])
    assert FaqEntry.objects.get(question="预付卡能退吗？").status == "published"
    assert FaqEntry.objects.get(question="草稿问题").status == "draft"
    publicity = xlsx(
        ["日期", "渠道", "标题或内容", "数量", "网格"],
        [[date(2020, 2, 1), "网格巡逻车", "播放疫情防控宣传", 1, world.a.grid.code]],
    )
    page = preview(client, "publicityitem", publicity)
    assert errors_of(page) == []
    client.post(page.context["apply_url"])
    item = PublicityItem.objects.get(title="播放疫情防控宣传")
    assert (item.channel, item.grid, item.village) == ("patrol_car", world.a.grid, world.a.village)
