"""The public 执法公示: publicity before (bodies, officers with certificates only, powers,
procedures, remedies) and after (decisions, withdrawn ones with the reason), with no personal data
on any page — even when a stored text carries it (the page masks again)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.services import model_create
from fazhi.enforcement.models import EnforcementBody, EnforcementPower, Publication
from fazhi.enforcement.services.publication import (
    case_record_decision_change,
    publication_publish,
    publication_withdraw,
)
from fazhi.enforcement.tests.b_helpers import PARTY, PARTY_ID, decided_case
from fazhi.portal.registry import public_sections

pytestmark = pytest.mark.django_db
INDEX = "/s/street-a/enforcement/"
SECRETS = (
    PARTY,
    PARTY_ID,
    "13812345678",
    "138-1234-5678",
    "赵六",
    "钱七七",
    "刘大海",
    "022-2345 6789",
    "501室",
)


def _publish(enf, **fields):
    case = decided_case(enf, decided_on=date(2020, 9, 28), **fields)
    return publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))


def _body(world):
    body = model_create(
        EnforcementBody,
        actor=None,
        data={
            "street": world.a.street,
            "name": "甲街综合行政执法大队",
            "legal_basis": "《天津市街道综合执法暂行办法》",
            "phone": "022-25000000",
        },
    )
    model_create(
        EnforcementPower,
        actor=None,
        data={
            "street": world.a.street,
            "body": body,
            "kind": "penalty",
            "name": "对占道经营的行政处罚",
            "legal_basis": "《天津市市容和环境卫生管理条例》第五十二条",
        },
    )
    return body


def test_the_section_is_registered_in_the_portal(world):
    section = next(s for s in public_sections.for_street(world.a.street) if s.key == "enforcement")
    assert section.url == INDEX


def test_publicity_before_shows_bodies_officers_powers_procedures(world, enf, anon):
    _body(world)
    from fazhi.enforcement.models import EnforcementSettings

    model_create(
        EnforcementSettings,
        actor=None,
        data={
            "street": world.a.street,
            "procedures": "立案、调查取证、告知、决定、送达、执行。",
            "remedies": "可在六十日内申请行政复议，或在六个月内提起行政诉讼。",
        },
    )
    response = anon.get(INDEX)
    text = response.content.decode()
    assert response.status_code == 200
    assert "甲街综合行政执法大队" in text and "对占道经营的行政处罚" in text
    assert "第五十二条" in text and "六十日内申请行政复议" in text and "调查取证" in text
    assert "刘执法" in text and "12011600000001" in text
    # Officers: name and certificate only; no account, phone, uncertified helper or other street.
    assert "officer1" not in text and "吴协管" not in text and "乙街执法" not in text
    assert "A20190001" not in text and "13800000001" not in text


def test_decisions_list_and_detail_leak_nothing_personal(world, enf, anon):
    publication = _publish(enf)
    index = anon.get(INDEX).content.decode()
    detail = anon.get(f"{INDEX}decisions/{publication.pk}/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "王某" in text and "占道经营" in text and "津滨城罚〔2020〕15号" in text
    assert "2020年9月28日" in text and "罚款200元" in text
    for page in (index, text):
        for secret in SECRETS:
            assert secret not in page, secret


def test_the_page_masks_again_what_was_stored_unmasked(world, enf, anon):
    publication = _publish(enf)
    # A text written around the service (an import, an old record) still shows masked.
    Publication.objects.filter(pk=publication.pk).update(
        party=PARTY,
        facts=f"当事人{PARTY}，身份证{PARTY_ID}，电话13812345678，证人赵六。",
        conclusion=f"对{PARTY}罚款200元，联系电话022-2345 6789。",
    )
    for url in (INDEX, f"{INDEX}decisions/{publication.pk}/"):
        text = anon.get(url).content.decode()
        for secret in (PARTY, PARTY_ID, "13812345678", "赵六", "022-2345 6789"):
            assert secret not in text, (url, secret)


def test_withdrawn_decision_shows_the_reason_not_the_content(world, enf, anon):
    publication = _publish(enf)
    case_record_decision_change(
        actor=enf.officer1, case=publication.case, changed_on=date(2020, 9, 30), reason="复议撤销"
    )
    publication_withdraw(
        actor=enf.officer1,
        publication=publication,
        reason="原决定已被复议机关撤销，当事人王小明电话13812345678。",
        today=date(2020, 10, 9),
    )
    for url in (INDEX, f"{INDEX}decisions/{publication.pk}/"):
        text = anon.get(url).content.decode()
        assert "已撤下" in text and "原决定已被复议机关撤销" in text
        assert "罚款200元" not in text and "幸福路" not in text
        assert PARTY not in text and "13812345678" not in text


def test_newest_first_paginated_and_other_streets_apart(world, enf, anon):
    first = _publish(enf)
    later_case = decided_case(enf, decided_on=date(2020, 10, 9), decision_no="津滨城罚〔2020〕16号")
    later = publication_publish(actor=enf.officer1, case=later_case, today=date(2020, 10, 10))
    text = anon.get(INDEX).content.decode()
    assert text.index("〔2020〕16号") < text.index("〔2020〕15号")
    assert anon.get(f"/s/street-b/enforcement/decisions/{first.pk}/").status_code == 404
    assert anon.get("/s/nowhere/enforcement/").status_code == 404
    assert anon.get(f"{INDEX}decisions/999999/").status_code == 404
    assert anon.post(INDEX).status_code == 405
    assert later.pk != first.pk


def test_numbers_names_and_addresses_written_loosely_are_masked_on_the_public_page(
    world, enf, anon
):
    case = decided_case(
        enf,
        party_name="王 小明",
        party_address="祥和小区5-2-301",
        facts=(
            "当事人王 小明（身份证号120101 19900101 1239）住祥和小区5-2-301，"
            "另住港西新城B座1203，在幸福路十二号三栋二单元五零一门前摆摊。"
        ),
    )
    case.decision_text = "对当事人王小明（公民身份号码 120101-19900101-1239）罚款二百元。"
    case.save(update_fields=["decision_text"])
    publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 29))
    stored = Publication.objects.get(pk=publication.pk)
    for url in (INDEX, f"{INDEX}decisions/{publication.pk}/"):
        text = anon.get(url).content.decode()
        for secret in ("19900101", "1239", "王 小明", "小明", "301", "1203", "五零一", "三栋"):
            assert secret not in text, (url, secret)
            assert secret not in stored.facts + stored.conclusion, secret
    assert "祥和小区××号" in stored.facts
