"""The registry's services: audit rows, and the rules beyond a single record."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import (
    Consultation,
    LawFirm,
    Lawyer,
    Topic,
    VillageAdviser,
    WechatGroupCount,
)
from fazhi.legal_services.services import registry as services
from fazhi.legal_services.tests.registry_cases import PDF, at, last_audit, street_records
from fazhi.org.roles import Role
from fazhi.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _consultation(world, legal, **fields):
    data = {
        "occurred_at": at(2020, 3, 2, 9, 0),
        "channel": Consultation.Channel.PHONE,
        "topic": Topic.LABOUR,
        "question": "工伤怎么认定？",
        "lawyer": legal.lawyer_a,
    }
    return services.consultation_create(
        street=world.a.street, actor=world.clerk_a, **(data | fields)
    )


# --- consultations ---------------------------------------------------------------------------


def test_consultation_is_recorded_by_the_actor_at_now_by_default(world, legal):
    with time_machine.travel(at(2020, 9, 28, 10, 15), tick=False):
        consultation = services.consultation_create(
            street=world.a.street,
            actor=legal.lawyer_user,
            channel=Consultation.Channel.WECHAT,
            topic=Topic.MARRIAGE_FAMILY,
            question="协议离婚需要什么材料？",
        )
    assert consultation.handled_by == legal.lawyer_user
    assert consultation.occurred_at == at(2020, 9, 28, 10, 15)
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(consultation.pk),
        legal.lawyer_user,
    )
    assert entry.changes["after"]["handled_by"] == legal.lawyer_user.pk


def test_consultation_cannot_name_another_recorder(world, legal):
    with pytest.raises(ValidationError, match="登记人"):
        _consultation(world, legal, handled_by=world.leader)
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"channel": Consultation.Channel.HOTLINE_12348}, "hotline_ticket", "由12348热线转来"),
        ({"referral": Consultation.Referral.TO_12348}, "hotline_ticket", "转往12348热线"),
        ({"hotline_ticket": "TJ12348-0001"}, "hotline_ticket", "只有由12348热线转来"),
        (
            {
                "channel": Consultation.Channel.HOTLINE_12348,
                "referral": Consultation.Referral.TO_12348,
                "hotline_ticket": "TJ12348-0001",
            },
            "referral",
            "不能再转回",
        ),
        ({"occurred_at": at(2030, 1, 1, 9, 0)}, "occurred_at", "不能晚于当前时间"),
    ],
)
def test_consultation_rules_refuse_with_reason(world, legal, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        _consultation(world, legal, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Consultation.objects.exists()
    assert not AuditEntry.objects.filter(object_type="legal_services.consultation").exists()


def test_referrals_from_and_to_12348_with_their_tickets(world, legal):
    came = _consultation(
        world, legal, channel=Consultation.Channel.HOTLINE_12348, hotline_ticket="TJ-1"
    )
    went = _consultation(
        world, legal, referral=Consultation.Referral.TO_12348, hotline_ticket="TJ-2"
    )
    assert (came.hotline_ticket, went.hotline_ticket) == ("TJ-1", "TJ-2")


def test_consultation_update_keeps_recorder_and_old_time(world, legal):
    consultation = _consultation(world, legal)
    with time_machine.travel(at(2020, 3, 1, 8, 0), tick=False):
        # Editing before the consultation's own time (a clock replay): its time is not re-judged.
        updated = services.consultation_update(
            consultation,
            actor=world.clerk_b,
            follow_up_needed=True,
            follow_up_note="已回访。",
        )
    assert updated.follow_up_note == "已回访。" and updated.handled_by == world.clerk_a
    assert last_audit().changes == {
        "before": {"follow_up_needed": False, "follow_up_note": ""},
        "after": {"follow_up_needed": True, "follow_up_note": "已回访。"},
    }
    with pytest.raises(ValidationError, match="登记人不能修改"):
        services.consultation_update(consultation, actor=world.clerk_a, handled_by=world.leader)
    with pytest.raises(ValidationError):
        services.consultation_update(consultation, actor=world.clerk_a, hotline_ticket="X-1")
    consultation.refresh_from_db()
    assert consultation.hotline_ticket == ""


def test_street_of_a_record_cannot_change(world, legal):
    with pytest.raises(ValidationError, match="所属街道不能修改"):
        services.record_update(legal.firm_a, actor=world.clerk_a, street=world.b.street)
    legal.firm_a.refresh_from_db()
    assert legal.firm_a.street == world.a.street


def test_firm_in_use_cannot_be_deleted(world, legal):
    with pytest.raises(ValidationError, match="仍被"):
        services.record_delete(legal.firm_a, actor=world.clerk_a)
    assert LawFirm.objects.filter(pk=legal.firm_a.pk).exists()


# --- lawyers ---------------------------------------------------------------------------------


def test_lawyer_account_must_hold_the_lawyer_role(world, legal):
    with pytest.raises(ValidationError) as caught:
        services.lawyer_create(
            street=world.a.street,
            actor=world.clerk_a,
            firm=legal.firm_a,
            name="孙律师",
            licence_no="11201200810000009",
            phone="13700000009",
            user=world.staff_a,
        )
    assert "不是律师角色" in caught.value.message_dict["user"][0]
    account = make_user("lawyer_sun", world.a.street, [Role.LAWYER], full_name="孙律师")
    lawyer = services.lawyer_create(
        street=world.a.street,
        actor=world.clerk_a,
        firm=legal.firm_a,
        name="孙律师",
        licence_no="11201200810000009",
        phone="13700000009",
        user=account,
    )
    assert lawyer.user == account


def test_licence_number_is_unique_in_a_street(world, legal):
    with pytest.raises(ValidationError, match="已登记该执业证号"):
        services.lawyer_create(
            street=world.a.street,
            actor=world.clerk_a,
            firm=legal.firm_a,
            name="同号律师",
            licence_no=legal.lawyer_a.licence_no,
            phone="13700000008",
        )
    assert Lawyer.objects.filter(licence_no=legal.lawyer_a.licence_no).count() == 1


# --- village advisers -----------------------------------------------------------------------


def _assign(world, lawyer, starts_on, ends_on=None):
    return services.village_adviser_create(
        street=world.a.street,
        actor=world.clerk_a,
        lawyer=lawyer,
        village=world.a.village,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def test_one_adviser_per_village_at_a_time(world, legal):
    first = _assign(world, legal.lawyer_a, date(2019, 3, 1))
    with pytest.raises(ValidationError) as caught:
        _assign(world, legal.other_lawyer_a, date(2020, 6, 1))
    message = caught.value.message_dict["village"][0]
    assert "已有法律顾问王律师（自2019年3月1日起）" in message
    assert VillageAdviser.objects.count() == 1
    # End the first assignment: the successor may start on that day.
    services.village_adviser_update(first, actor=world.clerk_a, ends_on=date(2020, 6, 1))
    second = _assign(world, legal.other_lawyer_a, date(2020, 6, 1))
    assert list(VillageAdviser.objects.active_on(date(2020, 6, 1))) == [second]
    # Moving the first one's end past the successor's start would overlap again.
    with pytest.raises(ValidationError, match="已有法律顾问赵律师"):
        services.village_adviser_update(first, actor=world.clerk_a, ends_on=date(2020, 7, 1))
    first.refresh_from_db()
    assert first.ends_on == date(2020, 6, 1)


def test_lawyer_not_in_register_cannot_become_adviser(world, legal):
    services.lawyer_update(legal.other_lawyer_a, actor=world.clerk_a, is_active=False)
    with pytest.raises(ValidationError, match="已不在册"):
        _assign(world, legal.other_lawyer_a, date(2020, 1, 1))
    assert not VillageAdviser.objects.exists()


# --- the contract's file --------------------------------------------------------------------


def test_contract_file_is_fingerprinted_and_can_be_replaced_or_cleared(world, legal, media):
    records = street_records(world, legal, "a")
    contract = services.adviser_contract_update(
        records.contract,
        actor=world.clerk_a,
        document=SimpleUploadedFile("合同.pdf", PDF),
        document_sha256="0" * 64,  # never taken from input
    )
    assert contract.document_sha256 == hashlib.sha256(PDF).hexdigest()
    assert contract.document.name.startswith("contracts/") and contract.document.name.endswith(
        ".pdf"
    )
    assert "合同" not in contract.document.name
    assert last_audit().changes["after"]["document_sha256"] == contract.document_sha256
    cleared = services.adviser_contract_update(contract, actor=world.clerk_a, document=False)
    assert (cleared.document.name, cleared.document_sha256) == ("", "")


def test_contract_file_must_be_a_document(world, legal, media):
    with pytest.raises(ValidationError) as caught:
        services.adviser_contract_create(
            street=world.a.street,
            actor=world.clerk_a,
            firm=legal.firm_a,
            title="顾问合同",
            signed_on=date(2020, 1, 1),
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 12, 31),
            scope="法律顾问",
            document=SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert "只能上传PDF" in caught.value.message_dict["document"][0]


def test_contract_lead_lawyer_must_be_of_the_firm(world, legal):
    other_firm = services.law_firm_create(street=world.a.street, actor=world.clerk_a, name="丙所")
    with pytest.raises(ValidationError, match="不是该律师事务所的律师"):
        services.adviser_contract_create(
            street=world.a.street,
            actor=world.clerk_a,
            firm=other_firm,
            title="顾问合同",
            signed_on=date(2020, 1, 1),
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 12, 31),
            lead_lawyer=legal.lawyer_a,
            scope="法律顾问",
        )


# --- WeChat groups and their member counts ------------------------------------------------


def test_member_count_of_a_day_is_recorded_then_replaced(world, legal):
    records = street_records(world, legal, "a")
    group = records.group
    replaced = services.wechat_group_count_record(
        group, counted_on=date(2020, 3, 1), members=52, actor=world.clerk_a
    )
    assert replaced.pk == records.count.pk and replaced.members == 52
    assert WechatGroupCount.objects.filter(group=group).count() == 1
    entry = last_audit()
    assert entry.action == Action.UPDATE
    assert entry.changes == {"before": {"members": 48}, "after": {"members": 52}}
    later = services.wechat_group_count_record(
        group, counted_on=date(2020, 9, 28), members=60, actor=world.clerk_a
    )
    assert last_audit().action == Action.CREATE and later.pk != replaced.pk
    assert list(group.counts.values_list("members", flat=True)) == [60, 52]


@pytest.mark.parametrize(
    ("counted_on", "message"),
    [
        (date(2019, 5, 31), "不能早于该群的建群日期（2019年6月1日）"),
        (date(2020, 9, 29), "不能晚于今天"),
        (date(2020, 9, 1), "已于2020年8月31日解散"),
    ],
)
def test_member_count_within_the_groups_life(world, legal, counted_on, message):
    records = street_records(world, legal, "a")
    services.record_update(records.group, actor=world.clerk_a, closed_on=date(2020, 8, 31))
    with pytest.raises(ValidationError) as caught:
        services.wechat_group_count_record(
            records.group,
            counted_on=counted_on,
            members=10,
            actor=world.clerk_a,
            today=date(2020, 9, 28),
        )
    assert message in caught.value.message_dict["counted_on"][0]
    assert WechatGroupCount.objects.count() == 1
