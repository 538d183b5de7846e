"""The one masking rule of public texts: personal data nobody recorded (a neighbour's name, a
date of birth, an age), names however their middle dot is written, a recorded party's given
name alone, full-width numbers; the finds' spans in the text as written; what stays public."""

from __future__ import annotations

import pytest

from fazhi.core.masking import (
    AGE,
    BIRTH,
    ID_NUMBER,
    NAME,
    PHONE,
    Recorded,
    mask_name,
    mask_public_text,
    mask_text,
)


def test_an_unrecorded_neighbour_is_masked_with_her_phone():
    text = "其邻居李秀英（电话13812345678）举报当事人在门前堆放杂物。"
    masked = mask_text(text, Recorded(people=("张建国",)))
    assert masked.text == "其邻居李某（电话***********）举报当事人在门前堆放杂物。"
    name = next(f for f in masked.finds if f.kind == NAME)
    assert (name.found, name.certain) == ("李秀英", True)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("当事人张某，男，1977年12月12日生。", "当事人张某，男，××××年××月××日生。"),
        ("当事人张某出生于1977年12月12日。", "当事人张某出生于××××年××月××日。"),
        ("出生日期：1977-12-12。", "出生日期：××××-××-××。"),
        ("当事人王某（1977年12月出生）。", "当事人王某（××××年××月出生）。"),
        ("当事人张某，现年45岁。", "当事人张某，现年××岁。"),
        ("当事人张某，男，45岁。", "当事人张某，男，××岁。"),
        ("当事人张某，45周岁。", "当事人张某，××周岁。"),
    ],
)
def test_dates_of_birth_and_ages_are_masked(text, masked):
    assert mask_public_text(text) == masked


def test_ordinary_dates_and_figures_stay():
    text = "立案日期2020年9月28日，2020-10-12送达，罚款200元，整改期限15日，两户居民受影响。"
    assert mask_public_text(text) == text


@pytest.mark.parametrize("dot", ["•", "・", "", ".", "·", "‧", "．"])
def test_minority_names_with_any_middle_dot_or_none(dot):
    name = f"买买提{dot}艾力"
    masked = mask_public_text(f"证人{name}称其在场；邻居{name}也在场。")
    assert masked == "证人买某称其在场；邻居买某也在场。"


@pytest.mark.parametrize("dot", ["•", "・", ".", "·"])
def test_a_dotted_name_without_a_context_word_is_masked(dot):
    masked = mask_text(f"经查，买买提{dot}艾力在此经营。")
    assert masked.text == "经查，买某在此经营。"
    assert [(f.found, f.kind) for f in masked.finds] == [(f"买买提{dot}艾力", NAME)]


def test_a_recorded_partys_given_name_alone_is_masked():
    recorded = Recorded(people=("张建国",))
    assert mask_public_text("当事人张建国在门前摆摊，建国称不知情。", recorded) == (
        "当事人张某在门前摆摊，张某称不知情。"
    )


def test_full_width_numbers_are_masked_whole_and_the_rest_keeps_its_characters():
    text = "手机１３８１２３４５６７８，身份证号１２０１０１１９９００１０１１２３Ｘ。"
    masked = mask_text(text)
    assert masked.text == "手机***********，身份证号******。"
    kinds = [(f.kind, f.found) for f in masked.finds]
    assert kinds == [
        (PHONE, "１３８１２３４５６７８"),
        (ID_NUMBER, "１２０１０１１９９００１０１１２３Ｘ"),
    ]
    # The spans are the text's as written: the full-width comma and full stop stay.
    for find in masked.finds:
        assert text[find.start : find.end] == find.found


def test_spans_map_back_when_normalisation_changes_lengths():
    # ① is 1 in the NFKC form: one character of the text, one of the form; ㍿ is 株式会社.
    text = "㍿①当事人李秀英，电话０２２－６６７７８８９９。"
    masked = mask_text(text)
    assert masked.text == "㍿①当事人李某，电话***********。"
    assert [text[f.start : f.end] for f in masked.finds] == ["李秀英", "０２２－６６７７８８９９"]


def test_births_and_ages_are_their_own_kinds():
    masked = mask_text("证人李秀英，女，1977年12月12日生，现年45岁。")
    assert [f.kind for f in masked.finds] == [NAME, BIRTH, AGE]


def test_what_stays_public():
    text = (
        "海滨街道综合执法队查明，天津市李记餐饮有限公司、天津市滨海新区张三烧烤店、刘大妈服装部"
        "在祥和市场东门经营。执法人员张三、李四，执法证号12010012345、12010012346，"
        "向当事人出示执法证件；执法人员王五（执法证号：12010012347）在场。"
    )
    assert mask_text(text).finds == ()


def test_uncertain_guesses_are_masked_and_flagged():
    # 娜娜 is a name only jieba reads (no surname, no context word): masked, but flagged for
    # the publisher to check.
    masked = mask_text("娜娜在门前摆摊。")
    assert masked.text == "娜某在门前摆摊。"
    assert [(f.found, f.certain) for f in masked.finds] == [("娜娜", False)]
    assert mask_text("娜娜在门前摆摊。", certain_only=True).text == "娜娜在门前摆摊。"


def test_a_surname_with_a_jieba_name_is_certain():
    masked = mask_text("王小红与丈夫刘德华共同经营，周建华在场。")
    assert masked.text == "王某与丈夫刘某共同经营，周某在场。"
    assert all(f.certain for f in masked.finds)


def test_names_already_masked_stay_and_masking_twice_changes_nothing():
    once = mask_public_text("其邻居李秀英，现年45岁，电话13812345678；证人王某在场。")
    assert mask_public_text(once) == once
    assert mask_name("欧阳修") == "欧阳某" and mask_name("买买提·艾力") == "买某"


def test_pieces_give_the_masked_text_with_each_mask():
    masked = mask_text("其邻居李秀英举报。")
    assert "".join(text for text, _find in masked.pieces()) == masked.text
    assert [find.found for _text, find in masked.pieces() if find] == ["李秀英"]


def test_official_texts_keep_officials_and_mask_residents():
    from fazhi.core.masking import mask_html, mask_official_text

    paragraph = (
        '街道办事处主任王建华带队，全年办理<a class="figure" href="#figure-1">210</a>件；'
        "举报人李秀英（电话13812345678）的投诉已办结。"
    )
    masked = mask_html(paragraph, mask_official_text)
    assert masked == (
        '街道办事处主任王建华带队，全年办理<a class="figure" href="#figure-1">210</a>件；'
        "举报人李某（电话***********）的投诉已办结。"
    )


def test_a_name_ending_in_sheng_before_a_date_is_no_date_of_birth():
    # 陈凤生于2019年7月25日: the name's 生 and 于, not 生于 (born on).
    recorded = Recorded(people=("陈凤生",))
    text = "当事人陈凤生于2019年7月25日在海河路摆摊。"
    assert mask_public_text(text, recorded) == "当事人陈某于2019年7月25日在海河路摆摊。"
    assert mask_public_text("当事人张某，男，生于1977年12月12日。") == (
        "当事人张某，男，生于××××年××月××日。"
    )
