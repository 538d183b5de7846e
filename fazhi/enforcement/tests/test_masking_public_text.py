"""What the public may read: names (surname + 某), ID numbers, personal credit codes, phones,
house numbers and third parties removed, also inside free text; the rest left readable."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from fazhi.enforcement.masking import mask_address, mask_name, mask_public_text, public_party


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
