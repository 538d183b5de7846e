"""The legal FAQ's Chinese full-text search: words cut properly, synonyms, ranking, highlighting,
what is searchable, the index following every write, and input that must never fail."""

from __future__ import annotations

from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from fazhi.core.excel import XLSX_MIME
from fazhi.outreach import search, services
from fazhi.outreach.models import FaqEntry, FaqSearchText

pytestmark = pytest.mark.django_db

PUBLISHED = date(2020, 2, 10)
TODAY = date(2020, 9, 28)


def faq(world, question: str, answer: str = "依法处理。", *, street=None, published=True, **fields):
    street = street or world.a.street
    clerk = world.clerk_a if street == world.a.street else world.clerk_b
    return services.faq_entry_create(
        street=street,
        actor=clerk,
        question=question,
        answer=answer,
        category=fields.pop("category", FaqEntry.Category.LABOUR),
        published_on=PUBLISHED if published else None,
        today=TODAY,
        **fields,
    )


def found(world, query: str, street=None, **options) -> list[str]:
    return [hit.text for hit in search.search(street or world.a.street, query, **options)]


def test_legal_words_are_cut_whole_and_into_their_parts():
    words = search.segment("疫情期间停工停产的工资如何支付？")
    assert {"停工停产", "停工", "停产", "工资", "支付"} <= set(words)
    assert "，" not in words and "？" not in words
    assert {"拖欠工资", "拖欠", "工资"} <= set(search.segment("单位拖欠工资怎么办"))
    assert {"民法典", "不可抗力", "行政复议"} <= set(search.segment("民法典 不可抗力 行政复议"))
    # Full-width letters and digits are read as half-width, letters in lower case.
    assert search.segment("拨打１２３４８或ＡＢＣ") == search.segment("拨打12348或abc")


def test_the_tokenizer_is_loaded_once():
    assert search._jieba() is search._jieba()


def test_wages_find_a_question_about_wages_in_a_stoppage(world):
    faq(world, "疫情期间停工停产的工资如何支付？")
    faq(world, "小区封闭管理，居民必须配合登记吗？", category=FaqEntry.Category.PUBLIC_ORDER)
    assert found(world, "工资") == ["疫情期间停工停产的工资如何支付？"]
    assert found(world, "停产") == ["疫情期间停工停产的工资如何支付？"]
    # A word inside a longer word is not a match: 工 alone is not 工资.
    assert found(world, "资如") == []


def test_masks_find_going_into_public_places_without_one(world):
    faq(world, "不戴口罩进入公共场所，会受到处罚吗？", category=FaqEntry.Category.PUBLIC_ORDER)
    faq(world, "停工期间工资怎么发？")
    assert found(world, "口罩") == ["不戴口罩进入公共场所，会受到处罚吗？"]
    assert found(world, "公共场所 口罩") == ["不戴口罩进入公共场所，会受到处罚吗？"]


def test_unpaid_wages_found_through_the_streets_synonyms(world):
    faq(world, "单位拖欠工资，职工应该怎么维权？")
    faq(world, "农民工工资被拖欠，有什么新的规定？")
    faq(world, "买到假冒伪劣口罩怎么办？", category=FaqEntry.Category.CONSUMER)
    assert found(world, "欠薪") == []
    synonym = services.faq_synonym_create(
        street=world.a.street, actor=world.clerk_a, term="欠薪", synonyms="拖欠工资、不发工资"
    )
    # Both, the words of 拖欠工资 found in either order; nothing was indexed again.
    assert sorted(found(world, "欠薪")) == [
        "农民工工资被拖欠，有什么新的规定？",
        "单位拖欠工资，职工应该怎么维权？",
    ]
    # Another street's synonyms are its own.
    assert found(world, "欠薪", street=world.b.street) == []
    services.faq_synonym_update(synonym, actor=world.clerk_a, synonyms="克扣工资")
    assert found(world, "欠薪") == []


def test_a_match_in_the_question_ranks_above_one_in_the_answer_only(world):
    faq(
        world,
        "企业经营困难，可以和职工协商调整薪酬吗？",
        "可以协商。协商一致的，可以调整工资、轮岗轮休、缩短工时；工资不得低于最低工资标准。",
    )
    faq(world, "复工后加班有没有工资？", "按规定支付加班费。")
    faq(world, "租房合同到期怎么办？", "双方协商续租。", category=FaqEntry.Category.TENANCY)
    assert found(world, "工资") == [
        "复工后加班有没有工资？",
        "企业经营困难，可以和职工协商调整薪酬吗？",
    ]


def test_highlighting_marks_the_words_and_escapes_everything_else(world):
    faq(
        world,
        '<script>alert("x")</script>工资怎么算？',
        "按<b>劳动合同</b>约定的工资标准支付 & 结算。",
    )
    [hit] = search.search(world.a.street, "工资")
    assert hit.question == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<mark>工资</mark>怎么算？"
    )
    assert hit.snippet == (
        "按&lt;b&gt;劳动合同&lt;/b&gt;约定的<mark>工资</mark>标准支付 &amp; 结算。"
    )


def test_a_long_answer_is_shown_around_its_first_match(world):
    answer = "甲" * 300 + "工资" + "乙" * 300
    faq(world, "一个很长的解答", answer)
    [hit] = search.search(world.a.street, "工资")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "<mark>工资</mark>" in hit.snippet
    assert len(hit.snippet) < search.SNIPPET_CHARS + 30


def test_only_published_entries_of_the_street_are_found(world):
    faq(world, "已发布：停工期间工资怎么发？")
    faq(world, "草稿：停工期间工资怎么发？", published=False)
    retired = faq(world, "已停用：停工期间工资怎么发？")
    services.faq_entry_retire(retired, actor=world.clerk_a, on=TODAY, today=TODAY)
    faq(world, "乙街：停工期间工资怎么发？", street=world.b.street)
    assert found(world, "工资") == ["已发布：停工期间工资怎么发？"]
    assert found(world, "工资", street=world.b.street) == ["乙街：停工期间工资怎么发？"]
    # The back office searches its drafts and retired entries too, never another street's.
    assert sorted(found(world, "工资", published_only=False)) == [
        "已停用：停工期间工资怎么发？",
        "已发布：停工期间工资怎么发？",
        "草稿：停工期间工资怎么发？",
    ]


def test_category_narrows_the_search(world):
    faq(world, "停工期间工资怎么发？")
    faq(world, "商家不退预付卡的钱，拖欠工资怎么投诉？", category=FaqEntry.Category.CONSUMER)
    assert len(found(world, "工资")) == 2
    assert found(world, "工资", category="consumer") == ["商家不退预付卡的钱，拖欠工资怎么投诉？"]


def test_the_index_follows_updates_retirement_publication_and_deletion(world):
    entry = faq(world, "买到假冒伪劣口罩怎么办？", category=FaqEntry.Category.CONSUMER)
    assert found(world, "口罩") == ["买到假冒伪劣口罩怎么办？"]
    entry = services.faq_entry_update(
        entry,
        actor=world.clerk_a,
        question="买到假冒伪劣消毒液怎么办？",
        answer="向市场监管部门投诉。",
    )
    assert found(world, "口罩") == []
    assert found(world, "消毒液") == ["买到假冒伪劣消毒液怎么办？"]
    assert found(world, "市场监管") == ["买到假冒伪劣消毒液怎么办？"]
    entry = services.faq_entry_retire(entry, actor=world.clerk_a, on=TODAY, today=TODAY)
    assert found(world, "消毒液") == []
    entry = services.faq_entry_publish(entry, actor=world.clerk_a, on=TODAY, today=TODAY)
    assert found(world, "消毒液") == ["买到假冒伪劣消毒液怎么办？"]
    services.record_delete(entry, actor=world.clerk_a)
    assert not FaqSearchText.objects.exists()
    assert found(world, "消毒液", published_only=False) == []


def test_law_references_are_searched_below_question_and_answer(world):
    faq(
        world,
        "隔离期间能解除合同吗？",
        "不能。",
        law_references="《中华人民共和国劳动合同法》第四十条",
    )
    faq(world, "劳动合同到期了怎么办？", "顺延。")
    assert found(world, "劳动合同法") == ["隔离期间能解除合同吗？"]
    assert found(world, "劳动合同") == ["劳动合同到期了怎么办？", "隔离期间能解除合同吗？"]


def test_with_no_entry_holding_every_word_those_with_some_are_given(world):
    faq(world, "停工期间工资怎么发？")
    result = search.search(world.a.street, "工资 火星")
    assert [h.text for h in result] == ["停工期间工资怎么发？"] and result.relaxed
    exact = search.search(world.a.street, "工资 停工")
    assert len(exact) == 1 and not exact.relaxed
    assert len(search.search(world.a.street, "火星 木星")) == 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '工资"',
        "'",
        "工资' & '口罩",
        "*",
        "工资*",
        "NEAR(工资 口罩)",
        "工资 NEAR 口罩",
        "(工资",
        "工资)",
        "工资 -口罩",
        "-",
        "AND",
        "工资 OR",
        "NOT 工资",
        "question_words:工资",
        "^工资",
        "工资:",
        "\\",
        "%_",
        "\x00工资",
        "!@#$%^&*()_+{}|:<>?",
        "工资" * 500,
        "的",
        "怎么办",
        "   ",
        "",
    ],
)
def test_no_input_makes_the_search_fail(world, query):
    faq(world, "停工期间工资怎么发？")
    result = search.search(world.a.street, query)
    hits = list(result)
    assert len(hits) == len(result) <= 1


def test_a_long_query_is_cut_not_refused(world):
    faq(world, "停工期间工资怎么发？")
    parsed = search.parse_query("工资" + "甲" * 500)
    assert len(parsed.text) == search.MAX_QUERY_CHARS
    assert len(parsed.groups) <= search.MAX_WORDS
    assert found(world, "工资" + "，" * 500) == ["停工期间工资怎么发？"]


def test_query_words_are_strings_in_the_databases_syntax():
    parsed = search.parse_query('工资" OR "口罩', [("欠薪", "拖欠工资")])
    assert parsed.fts5() == '"工资" AND "or" AND "口罩"'
    assert parsed.tsquery(every=False) == "'工资' | 'or' | '口罩'"
    parsed = search.parse_query("欠薪怎么办", [("欠薪", "拖欠工资")])
    assert parsed.fts5() == '("欠薪" OR ("拖欠" AND "工资"))'


def test_entries_written_in_bulk_are_found_after_a_rebuild(world):
    faq(world, "停工期间工资怎么发？")
    FaqEntry.objects.bulk_create(
        [
            FaqEntry(
                street=world.a.street,
                question=f"第{n}个口罩问题",
                answer="答。",
                category=FaqEntry.Category.OTHER,
                status=FaqEntry.Status.PUBLISHED,
                published_on=PUBLISHED,
            )
            for n in range(3)
        ]
    )
    assert found(world, "口罩") == []
    assert search.rebuild_index(world.a.street) == 4
    assert len(found(world, "口罩")) == 3
    assert found(world, "工资") == ["停工期间工资怎么发？"]


def test_reindex_command(world):
    faq(world, "停工期间工资怎么发？")
    faq(world, "乙街的工资问题", street=world.b.street)
    FaqSearchText.objects.all().delete()
    out = StringIO()
    call_command("faq_reindex", stdout=out)
    assert "2条问答" in out.getvalue()
    assert found(world, "工资") == ["停工期间工资怎么发？"]
    out = StringIO()
    call_command("faq_reindex", "--street", "street-b", stdout=out)
    assert "1条问答" in out.getvalue()
    assert found(world, "工资", street=world.b.street) == ["乙街的工资问题"]


def test_excel_import_indexes_what_it_writes(world, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    wb = Workbook()
    ws = wb.active
    ws.append(["问题", "解答", "分类", "法律依据", "发布日期"])
    ws.append(["预付卡能退吗？", "可以要求退回预付款。", "消费维权", None, date(2020, 3, 10)])
    buffer = BytesIO()
    wb.save(buffer)
    client = world.client(world.clerk_a)
    uploaded = client.post(
        reverse("outreach:import_upload", args=["faqentry"]),
        {"file": SimpleUploadedFile("导入.xlsx", buffer.getvalue(), content_type=XLSX_MIME)},
    )
    page = client.get(uploaded["Location"])
    client.post(page.context["apply_url"])
    assert found(world, "预付卡") == ["预付卡能退吗？"]


def test_results_are_checked_against_the_entries_themselves(world):
    entry = faq(world, "停工期间工资怎么发？")
    # Written around the services: the index still says published, the entry does not.
    FaqEntry.objects.filter(pk=entry.pk).update(status=FaqEntry.Status.DRAFT)
    assert FaqSearchText.objects.get(entry=entry).status == FaqEntry.Status.PUBLISHED
    assert found(world, "工资") == []
    assert found(world, "工资", published_only=False) == ["停工期间工资怎么发？"]


def test_ranking_considers_a_bounded_number_of_candidates(world, monkeypatch):
    for n in range(6):
        faq(world, f"第{n}个问题", "答复中提到工资。")
    faq(world, "工资怎么发？")
    monkeypatch.setattr(search, "CANDIDATES", 3)
    assert len(found(world, "工资")) == 3
    monkeypatch.setattr(search, "CANDIDATES", 100)
    assert found(world, "工资")[0] == "工资怎么发？"
