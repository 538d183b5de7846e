"""The portal's 法律问答 as an anonymous resident sees it: the list, the search, the entry page,
and what is never shown."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fazhi.outreach import services
from fazhi.outreach.models import FaqEntry
from fazhi.portal.registry import public_sections

pytestmark = pytest.mark.django_db

PUBLISHED = date(2020, 2, 10)
TODAY = date(2020, 9, 28)
LIST = "/s/street-a/faq/"


def faq(world, question, answer="依法处理。", *, street=None, published=True, **fields):
    street = street or world.a.street
    return services.faq_entry_create(
        street=street,
        actor=world.clerk_a if street == world.a.street else world.clerk_b,
        question=question,
        answer=answer,
        category=fields.pop("category", FaqEntry.Category.LABOUR),
        published_on=PUBLISHED if published else None,
        today=TODAY,
        **fields,
    )


@pytest.fixture
def entries(world):
    return {
        "wages": faq(world, "疫情期间停工停产的工资如何支付？", "按劳动合同约定的标准支付工资。"),
        "masks": faq(
            world,
            "不戴口罩进入公共场所，会受到处罚吗？",
            "可能受到治安管理处罚。",
            category=FaqEntry.Category.PUBLIC_ORDER,
            law_references="《中华人民共和国治安管理处罚法》第五十条",
        ),
        "draft": faq(world, "草稿：工资可以打折吗？", published=False),
        "other": faq(world, "乙街：工资怎么发？", street=world.b.street),
    }


def test_the_section_is_open_on_the_portal(anon, world):
    section = next(s for s in public_sections.all() if s.key == "legal_faq")
    assert section.available and str(section.label) == "法律问答" and section.order == 30
    html = anon.get("/s/street-a/").content.decode()
    assert f'<a href="{LIST}">法律问答</a>' in html


def test_the_list_shows_the_streets_published_entries(anon, entries):
    response = anon.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "疫情期间停工停产的工资如何支付？" in html
    assert "不戴口罩进入公共场所，会受到处罚吗？" in html
    assert "草稿" not in html and "乙街：" not in html
    assert "共2条问答" in html
    assert f'href="{LIST}{entries["masks"].pk}/"' in html
    assert 'aria-current="page">法律问答' in html


def test_search_highlights_what_it_found(anon, entries):
    html = anon.get(LIST, {"q": "工资"}).content.decode()
    assert "疫情期间停工停产的<mark>工资</mark>如何支付？" in html
    assert "按劳动合同约定的标准支付<mark>工资</mark>。" in html
    assert "口罩" not in html.split('role="search"')[1].split("</form>")[1]
    assert "找到1条相关问答" in html
    assert 'value="工资"' in html


def test_category_filter(anon, entries):
    html = anon.get(LIST, {"category": "public_order"}).content.decode()
    assert "不戴口罩进入公共场所" in html and "停工停产" not in html
    assert '<option value="public_order" selected>' in html
    html = anon.get(LIST, {"q": "工资", "category": "public_order"}).content.decode()
    assert "没有找到与“工资”相关的问答" in html
    # An unknown category is no filter.
    response = anon.get(LIST, {"category": "nonsense"})
    assert response.status_code == 200 and "共2条问答" in response.content.decode()


def test_no_result_offers_the_hotline_and_the_booking_page(anon, entries):
    response = anon.get(LIST, {"q": "火星移民"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "没有找到与“火星移民”相关的问答" in html
    assert '<a href="tel:12348">12348</a> 公共法律服务热线' in html
    assert '<a href="/s/street-a/lawyers/">预约律师</a>' in html


def test_the_query_is_echoed_escaped(anon, entries):
    html = anon.get(LIST, {"q": '<script>"x"</script>'}).content.decode()
    assert "<script>" not in html
    assert "没有找到与“&lt;script&gt;&quot;x&quot;&lt;/script&gt;”相关的问答" in html


@pytest.mark.parametrize(
    "query", ['"', "NEAR(工资 口罩)", "工资 -口罩", "(", "*", "工资' & '", "工资" * 300, "\x00"]
)
def test_bad_input_is_answered_not_failed(anon, entries, query):
    assert anon.get(LIST, {"q": query}).status_code == 200


def test_pages(anon, world):
    for n in range(25):
        faq(world, f"第{n}个关于工资的问题")
    html = anon.get(LIST, {"q": "工资", "page": "2"}).content.decode()
    assert "找到25条相关问答" in html
    assert len(re.findall('class="portal-faq-question"', html)) == 5
    assert "第 2 / 2 页" in html
    assert len(re.findall('class="portal-faq-question"', anon.get(LIST).content.decode())) == 20
    assert anon.get(LIST, {"page": "99"}).status_code == 200


def test_list_and_search_query_counts(anon, entries, django_assert_num_queries):
    # The street, the count, the page.
    with django_assert_num_queries(3):
        anon.get(LIST)
    # The street, its synonyms, the ranking, the page's entries.
    with django_assert_num_queries(4):
        anon.get(LIST, {"q": "工资"})


def test_the_entry_page(anon, world, legal, entries):
    entry = services.faq_entry_update(
        entries["masks"], actor=world.clerk_a, partner_firm=legal.firm_a
    )
    response = anon.get(f"{LIST}{entry.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>不戴口罩进入公共场所，会受到处罚吗？</h1>" in html
    assert "可能受到治安管理处罚。" in html
    assert "<li>《中华人民共和国治安管理处罚法》第五十条</li>" in html
    assert "2020年2月10日" in html and legal.firm_a.name in html
    assert '<a href="/s/street-a/lawyers/">预约律师</a>' in html


def test_what_the_entry_page_never_shows(anon, world, entries):
    for url in (
        f"{LIST}{entries['draft'].pk}/",
        f"{LIST}{entries['other'].pk}/",
        f"/s/street-b/faq/{entries['wages'].pk}/",
        f"{LIST}999999/",
        f"{LIST}{2**64}/",
        "/s/nowhere/faq/",
        f"/s/nowhere/faq/{entries['wages'].pk}/",
    ):
        assert anon.get(url).status_code == 404, url
    retired = services.faq_entry_retire(
        entries["wages"], actor=world.clerk_a, on=TODAY, today=TODAY
    )
    assert anon.get(f"{LIST}{retired.pk}/").status_code == 404
    assert "停工停产" not in anon.get(LIST, {"q": "工资"}).content.decode()


def test_html_in_an_entry_is_shown_as_text(anon, world):
    entry = faq(world, "<b>工资</b>问题", "<script>alert(1)</script>")
    for response in (anon.get(LIST), anon.get(LIST, {"q": "工资"}), anon.get(f"{LIST}{entry.pk}/")):
        html = response.content.decode()
        assert "<script>alert" not in html and "<b>工资" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", [LIST, f"{LIST}1/"])
def test_pages_refuse_post_and_load_nothing_from_elsewhere(anon, entries, url):
    assert anon.post(url).status_code == 405
    html = anon.get(LIST, {"q": "工资"}).content.decode()
    assert "<script" not in html and "style=" not in html
    assert re.findall(r"https?://", html) == []
