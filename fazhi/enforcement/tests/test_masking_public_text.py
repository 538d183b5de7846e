"""What the public may read: names (surname + 某), ID numbers, personal credit codes, phones,
house numbers and third parties removed, also inside free text; the rest left readable."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fazhi.core.masking import mask_address, mask_name
from fazhi.enforcement.masking import mask_public_text, public_party


def case(**fields):
    data = {
        "party_kind": "individual",
        "party_name": "王小明",
        "party_id_number": "120101199001011234",
        "party_phone": "13812345678",
        "party_address": "幸福路12号3栋2单元501室",
        "party_representative": "",
        "third_parties": "赵六、钱七七",
    }
    return SimpleNamespace(**{**data, **fields})


def test_names_of_the_case_are_masked_everywhere_in_the_text():
    text = "当事人王小明在幸福路摆摊，王小明拒不改正；证人赵六、钱七七在场，钱七七拍照。"
    masked = mask_public_text(text, case())
    assert masked == "当事人王某在幸福路摆摊，王某拒不改正；证人赵某、钱某在场，钱某拍照。"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("身份证号120101199001011234。", "120101199001011234"),
        ("身份证号12010119900101123X。", "12010119900101123X"),
        ("旧身份证120101900101123。", "120101900101123"),
        ("手机13912345678。", "13912345678"),
        ("手机139-1234-5678。", "139-1234-5678"),
        ("手机139 1234 5678。", "139 1234 5678"),
        ("电话+86 139 1234 5678。", "1234 5678"),
        ("座机022-66778899。", "66778899"),
        ("座机（022）6677 8899。", "6677 8899"),
        ("固话 6677889。", "6677889"),
        ("个体户代码92120116MA05ABCD1Y。", "92120116MA05ABCD1Y"),
    ],
)
def test_numbers_of_anyone_are_masked(text, secret):
    assert secret not in mask_public_text(text, case(party_id_number="", party_phone=""))


def test_addresses_keep_the_road_not_the_numbers():
    assert mask_address("滨海新区幸福路12号3栋2单元501室") == "滨海新区幸福路×号"
    masked = mask_public_text("住光明大道88号院5号楼1单元302，在祥和市场东门经营。", None)
    assert "88" not in masked and "302" not in masked and "光明大道" in masked
    assert "祥和市场东门" in masked


def test_what_is_not_personal_stays():
    text = (
        "依据津滨城罚〔2020〕15号决定书，根据《天津市市容和环境卫生管理条例》第十八条，"
        "于9月28号送达，罚款200元，搭建一栋彩钢房，两户居民受影响。当事人未按要求整改，"
        "经营者应当配合；当事人向执法人员出示营业执照。"
    )
    assert mask_public_text(text, case()) == text


def test_names_after_words_like_party_or_witness_are_recognised():
    text = "店主刘大海称；负责人：李四。业主张三在现场，村民欧阳修明在旁，举报人孙二娘。"
    masked = mask_public_text(text, case())
    assert masked == "店主刘某称；负责人：李某。业主张某在现场，村民欧阳某在旁，举报人孙某。"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("店主王五未经批准在门前搭建雨棚", "店主王某未经批准在门前搭建雨棚"),
        ("经营者刘洋不在场", "经营者刘某不在场"),
        ("当事人王五拒不改正", "当事人王某拒不改正"),
        ("当事人张三擅自搭建", "当事人张某擅自搭建"),
        ("证人赵六曾经看到", "证人赵某曾经看到"),
        ("当事人李和在幸福路摆摊", "当事人李某在幸福路摆摊"),
    ],
)
def test_a_word_after_an_unrecorded_name_is_kept(text, masked):
    """未、不、擅、拒、曾 after a two-character name belong to the sentence, not the name:
    dropping them would publish the opposite of the decision."""
    assert mask_public_text(text, case(party_name="", third_parties="")) == masked


def test_organisations_keep_their_name_but_not_the_individuals():
    shop = case(
        party_kind="organisation",
        party_name="天津市滨海新区张三烧烤店",
        party_id_number="92120116MA05ABCD1Y",
        party_representative="张三",
    )
    assert public_party(shop) == "天津市滨海新区张某烧烤店"
    company = case(
        party_kind="organisation",
        party_name="天津某物业有限公司",
        party_id_number="91120116MA05ABCD1Y",
        party_representative="",
    )
    assert public_party(company) == "天津某物业有限公司"
    assert "91120116MA05ABCD1Y" in mask_public_text("代码91120116MA05ABCD1Y", company)
    assert "92120116MA05ABCD1Y" not in mask_public_text("代码92120116MA05ABCD1Y", shop)


def test_mask_name_and_idempotence():
    assert mask_name("欧阳修") == "欧阳某" and mask_name("张三丰") == "张某"
    once = mask_public_text("当事人王小明，电话13812345678。", case())
    assert mask_public_text(once, case()) == once


# --- Written with separators, spaces or in other address formats ---------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "120101 19900101 1234",
        "120101-19900101-1234",
        "1201 0119 9001 0112 34",
        "120101－19900101－1234",
    ],
)
def test_the_recorded_id_number_is_masked_whole_however_it_is_written(written):
    masked = mask_public_text(f"当事人（身份证号{written}）在此经营。", case())
    assert masked == "当事人（身份证号******）在此经营。"


@pytest.mark.parametrize(
    "written",
    ["130102 19851231 567X", "1301-0219-8512-3156-7x", "130102 851231 567"],
)
def test_any_spaced_id_number_is_masked_whole(written):
    masked = mask_public_text(f"证人身份证号{written}。", case(party_id_number=""))
    assert masked == "证人身份证号******。"


@pytest.mark.parametrize(
    ("address", "coarse"),
    [
        ("祥和小区5-2-301", "祥和小区××号"),
        ("港西新城B座1203", "港西新城××号"),
        ("花园路幸福里小区5栋2单元301", "花园路幸福里小区××号"),
        ("幸福路十二号三栋二单元五零一", "幸福路××号"),
        ("幸福路12号3栋2单元501室", "幸福路××号"),
    ],
)
def test_the_recorded_address_becomes_coarse(address, coarse):
    masked = mask_public_text(
        f"当事人王小明，住{address}，在楼下摆摊。", case(party_address=address)
    )
    assert masked == f"当事人王某，住{coarse}，在楼下摆摊。"


def test_the_recorded_address_is_found_spaced_or_by_its_tail():
    recorded = case(party_address="花园路幸福里小区5栋2单元301")
    masked = mask_public_text("住幸福里小区5栋 2单元 301；又称其住5栋2单元301。", recorded)
    assert "301" not in masked and "2单元" not in masked
    assert mask_public_text("住所：花园路 幸福里小区 5栋2单元301。", recorded) == (
        "住所：花园路幸福里小区××号。"
    )


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("住祥和小区5-2-301。", "301"),
        ("住港西新城B座1203室。", "1203"),
        ("住港西新城C座 1203。", "1203"),
        ("住幸福路十二号三栋二单元五零一。", "五零一"),
        ("住幸福路十二号三栋二单元五零一。", "三栋"),
        ("住光明里三号楼二单元一零二室。", "一零二"),
        ("住5栋2单元 301，当日经营。", "301"),
    ],
)
def test_addresses_nobody_recorded_are_masked_by_pattern(text, secret):
    assert secret not in mask_public_text(text, None)


def test_ordinary_words_with_numerals_stay():
    # A Chinese numeral is a house number only after a road, a neighbourhood or digits:
    # 一楼大厅 of a sentence stays (judgement: 一楼 alone tells nobody where a person lives).
    text = (
        "当事人另一号码已停用；依第一号文件，在一楼大厅、二号窗口办理；搭建一栋彩钢房，"
        "三单元的居民均称2020-09-28已整改，案号2020-0015，第1-2-3项。"
    )
    assert mask_public_text(text, case()) == text


def test_a_recorded_name_written_with_a_space_is_masked():
    masked = mask_public_text("当事人王 小明称；证人赵　六在场，钱 七 七拍照。", case())
    assert masked == "当事人王某称；证人赵某在场，钱某拍照。"


# --- What nobody recorded, and numbers written full-width ------------------------------------------


def test_a_decisions_unrecorded_neighbour_birth_date_and_given_name_are_masked():
    recorded = case(party_name="张建国", third_parties="")
    text = (
        "当事人张建国，男，1977年12月12日生，现年45岁。其邻居李秀英（电话１３８１２３４５６７８）"
        "举报，建国称不知情；证人买买提•艾力在场。"
    )
    assert mask_public_text(text, recorded) == (
        "当事人张某，男，××××年××月××日生，现年××岁。其邻居李某（电话***********）"
        "举报，张某称不知情；证人买某在场。"
    )


def test_a_full_width_id_number_is_masked_whole():
    masked = mask_public_text(
        "身份证号１２０１０１１９９００１０１１２３Ｘ。", case(party_id_number="")
    )
    assert masked == "身份证号******。"
