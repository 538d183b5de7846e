"""Back-office pages of the registry: success, database, audit row; wrong method, other street,
read-only role, bad input; related lists, the expiry flag, the contract's file, the desks'
quick entry, member counts, filters and exports."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from fazhi.audit.models import Action, AuditEntry
from fazhi.legal_services.models import (
    AdviserContract,
    Consultation,
    LawFirm,
    Lawyer,
    Topic,
    VillageAdviser,
    WechatGroupCount,
)
from fazhi.legal_services.services import registry as services
from fazhi.legal_services.tests.registry_cases import PDF, at, last_audit, street_records

pytestmark = pytest.mark.django_db

BASE = "/office/legal-services"
MODELS = [
    "lawfirm",
    "lawyer",
    "advisercontract",
    "villageadviser",
    "consultation",
    "wechatgroup",
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def records(world, legal):
    return {"a": street_records(world, legal, "a"), "b": street_records(world, legal, "b")}


def record_pk(world, legal, records, street: str, model: str) -> int:
    r = records[street]
    return {
        "lawfirm": (legal.firm_a if street == "a" else legal.firm_b).pk,
        "lawyer": (legal.lawyer_a if street == "a" else legal.lawyer_b).pk,
        "advisercontract": r.contract.pk,
        "villageadviser": r.adviser.pk,
        "consultation": r.consultation.pk,
        "wechatgroup": r.group.pk,
    }[model]


# --- every entity --------------------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_pages_open_for_the_office_and_list_only_own_street(world, legal, records, anon, model):
    client = world.client(world.clerk_a)
    response = client.get(f"{BASE}/{model}/")
    assert response.status_code == 200
    listed = {obj.pk for obj, _values in response.context["rows"]}
    assert record_pk(world, legal, records, "a", model) in listed
    assert record_pk(world, legal, records, "b", model) not in listed
    own = record_pk(world, legal, records, "a", model)
    assert client.get(f"{BASE}/{model}/{own}/").status_code == 200
    assert client.get(f"{BASE}/{model}/{own}/edit/").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 200
    login = anon.get(f"{BASE}/{model}/")
    assert login.status_code == 302 and "/accounts/login/" in login["Location"]
    assert world.client(world.auditor).get(f"{BASE}/{model}/").status_code == 403


@pytest.mark.parametrize("model", MODELS)
def test_another_streets_record_is_404_and_untouched(world, legal, records, model):
    client = world.client(world.clerk_b)
    other = record_pk(world, legal, records, "a", model)
    for suffix in ("", "edit/", "delete/"):
        assert client.get(f"{BASE}/{model}/{other}/{suffix}").status_code == 404
    before = AuditEntry.objects.count()
    assert client.post(f"{BASE}/{model}/{other}/delete/").status_code == 404
    assert client.post(f"{BASE}/{model}/{other}/edit/", {"name": "改"}).status_code == 404
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("model", MODELS)
def test_read_only_leader_sees_but_cannot_write(world, legal, records, model):
    client = world.client(world.leader)
    own = record_pk(world, legal, records, "a", model)
    assert client.get(f"{BASE}/{model}/{own}/").status_code == 200
    assert client.get(f"{BASE}/{model}/new/").status_code == 403
    assert client.get(f"{BASE}/{model}/{own}/edit/").status_code == 403
    response = client.post(f"{BASE}/{model}/{own}/delete/")
    assert response.status_code == 403 and "无权" in response.content.decode()


def test_wrong_method_is_405(world, legal, records):
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/lawfirm/").status_code == 405
    assert client.put(f"{BASE}/lawfirm/{legal.firm_a.pk}/edit/").status_code == 405
    assert (
        client.post(f"{BASE}/advisercontract/{records['a'].contract.pk}/document/").status_code
        == 405
    )
    assert client.get(f"{BASE}/wechatgroupcount/{records['a'].count.pk}/delete/").status_code == 405


# --- firms and lawyers ----------------------------------------------------------------------


def test_firm_created_on_the_page_with_audit_row(world):
    response = world.client(world.clerk_a).post(
        f"{BASE}/lawfirm/new/",
        {"name": "天津勤达律师事务所", "phone": "022-66292288", "contact_person": "刘主任"},
    )
    firm = LawFirm.objects.get(name="天津勤达律师事务所")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/lawfirm/{firm.pk}/"
    assert firm.street == world.a.street
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.CREATE,
        str(firm.pk),
        world.clerk_a,
    )


def test_lawyer_with_bad_licence_and_phone_is_refused_and_nothing_written(world, legal):
    before = (Lawyer.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}/lawyer/new/",
        {"firm": legal.firm_a.pk, "name": "新律师", "licence_no": "1234", "phone": "12345"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "律师执业证号为17位数字" in text and "请输入11位手机号码" in text
    assert (Lawyer.objects.count(), AuditEntry.objects.count()) == before


def test_lawyer_linked_to_another_streets_firm_is_refused(world, legal):
    response = world.client(world.clerk_a).post(
        f"{BASE}/lawyer/new/",
        {
            "firm": legal.firm_b.pk,
            "name": "越界律师",
            "licence_no": "11201200810000077",
            "phone": "13700000077",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    assert not Lawyer.objects.filter(name="越界律师").exists()


def test_firm_and_lawyer_pages_list_what_belongs_to_them(world, legal, records):
    client = world.client(world.clerk_a)
    firm = client.get(f"{BASE}/lawfirm/{legal.firm_a.pk}/").content.decode()
    assert "王律师" in firm and "赵律师" in firm and "甲街常年法律顾问合同" in firm
    lawyer = client.get(f"{BASE}/lawyer/{legal.lawyer_a.pk}/").content.decode()
    assert "甲街幸福社区" in lawyer  # the village assignment
    assert f"{BASE}/consultation/{records['a'].consultation.pk}/" in lawyer
    # The lawyer's pushes are publicity items: the page links to them.
    assert f"/office/outreach/publicityitem/?lawyer={legal.lawyer_a.pk}" in lawyer
    assert "乙街" not in lawyer


def test_firm_in_use_is_not_deleted(world, legal):
    response = world.client(world.clerk_a).post(f"{BASE}/lawfirm/{legal.firm_a.pk}/delete/")
    assert response.status_code == 400 and "仍被" in response.content.decode()
    assert LawFirm.objects.filter(pk=legal.firm_a.pk).exists()


# --- adviser contracts ----------------------------------------------------------------------


def _contract_post(legal, **extra):
    return {
        "firm": legal.firm_a.pk,
        "title": "2021年常年法律顾问合同",
        "signed_on": "2020-12-20",
        "starts_on": "2021-01-01",
        "ends_on": "2021-12-31",
        "lead_lawyer": legal.lawyer_a.pk,
        "scope": "合同审查",
        "fee": "60000",
        **extra,
    }


def test_contract_with_its_file_uploaded_fingerprinted_and_downloaded(world, legal, media):
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}/advisercontract/new/",
        _contract_post(legal, document=SimpleUploadedFile("签字版.pdf", PDF)),
    )
    contract = AdviserContract.objects.get(title="2021年常年法律顾问合同")
    assert response.status_code == 302
    sha = hashlib.sha256(PDF).hexdigest()
    assert contract.document_sha256 == sha
    assert last_audit().changes["after"]["document_sha256"] == sha
    page = client.get(f"{BASE}/advisercontract/{contract.pk}/").content.decode()
    assert sha in page and f'<a href="{BASE}/advisercontract/{contract.pk}/document/">' in page
    download = client.get(f"{BASE}/advisercontract/{contract.pk}/document/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    # Those who may not see the contract get nothing of it.
    url = f"{BASE}/advisercontract/{contract.pk}/document/"
    assert world.client(world.clerk_b).get(url).status_code == 404
    assert world.client(world.staff_a).get(url).status_code == 403


def test_contract_without_file_has_no_download(world, legal, records):
    contract = records["a"].contract
    client = world.client(world.clerk_a)
    assert "未上传" in client.get(f"{BASE}/advisercontract/{contract.pk}/").content.decode()
    assert client.get(f"{BASE}/advisercontract/{contract.pk}/document/").status_code == 404


def test_contract_with_a_file_that_is_no_document_is_refused(world, legal, media):
    response = world.client(world.clerk_a).post(
        f"{BASE}/advisercontract/new/",
        _contract_post(legal, document=SimpleUploadedFile("合同.pdf", b"#!/bin/sh\necho hi\n")),
    )
    assert response.status_code == 400 and "只能上传PDF" in response.content.decode()
    assert not AdviserContract.objects.filter(title="2021年常年法律顾问合同").exists()


def test_contract_ending_before_it_starts_is_refused(world, legal):
    response = world.client(world.clerk_a).post(
        f"{BASE}/advisercontract/new/", _contract_post(legal, ends_on="2020-06-30")
    )
    assert response.status_code == 400 and "终止日期不能早于起始日期" in response.content.decode()
    assert not AdviserContract.objects.filter(title="2021年常年法律顾问合同").exists()


def _flagged(world) -> dict[str, bool]:
    # A new login each time: the session's idle limit counts the travelled clock too.
    response = world.client(world.clerk_a).get(f"{BASE}/advisercontract/")
    return {str(obj): "即将到期" in values[-1] for obj, values in response.context["rows"]}


def test_contract_in_force_and_ending_within_30_days_is_flagged(world, legal, records):
    services.adviser_contract_create(
        street=world.a.street,
        actor=world.clerk_a,
        firm=legal.firm_a,
        title="专项法律服务合同",
        signed_on=date(2020, 6, 1),
        starts_on=date(2020, 6, 1),
        ends_on=date(2021, 6, 30),
        scope="征收项目法律服务",
    )
    standing = records["a"].contract  # ends 2020-12-31
    with time_machine.travel(at(2020, 11, 30, 9, 0), tick=False):
        assert _flagged(world) == {standing.title: False, "专项法律服务合同": False}
    with time_machine.travel(at(2020, 12, 1, 9, 0), tick=False):
        assert _flagged(world) == {standing.title: True, "专项法律服务合同": False}
        client = world.client(world.clerk_a)
        only = client.get(f"{BASE}/advisercontract/", {"expiring": "yes"})
        assert [str(obj) for obj, _v in only.context["rows"]] == [standing.title]
        detail = client.get(f"{BASE}/advisercontract/{standing.pk}/").content.decode()
        assert '<span class="badge bad">即将到期：合同于2020年12月31日终止' in detail
    with time_machine.travel(at(2021, 1, 1, 9, 0), tick=False):  # ended: no longer flagged
        assert _flagged(world)[standing.title] is False


def test_contracts_in_force_on_a_date(world, legal, records):
    client = world.client(world.clerk_a)
    hit = client.get(f"{BASE}/advisercontract/", {"in_force_on": "2020-12-31"})
    miss = client.get(f"{BASE}/advisercontract/", {"in_force_on": "2021-01-01"})
    assert len(hit.context["rows"]) == 1 and len(miss.context["rows"]) == 0


# --- village advisers -----------------------------------------------------------------------


def test_second_adviser_for_the_same_period_is_refused_on_the_page(world, legal, records):
    response = world.client(world.clerk_a).post(
        f"{BASE}/villageadviser/new/",
        {
            "lawyer": legal.other_lawyer_a.pk,
            "village": world.a.village.pk,
            "starts_on": "2020-06-01",
        },
    )
    assert response.status_code == 400
    assert "一个村居同一时期只配备一名法律顾问" in response.content.decode()
    assert VillageAdviser.objects.filter(street=world.a.street).count() == 1


# --- consultations and the desks' quick entry ----------------------------------------------


QUICK = f"{BASE}/consultation/quick/"


def _quick_post(legal, **extra):
    return {
        "channel": "phone",
        "occurred_at": "2020-09-28T10:30",
        "topic": Topic.LABOUR,
        "question": "单位拖欠工资三个月怎么办？",
        "answer": "可向劳动保障监察机构投诉。",
        "lawyer": legal.lawyer_a.pk,
        "minutes": "15",
        "resident_name": "李女士",
        "resident_phone": "13612345678",
        "referral": "",
        **extra,
    }


def test_quick_entry_saves_and_returns_an_empty_form_keeping_channel_and_lawyer(world, legal):
    client = world.client(legal.lawyer_user)
    with time_machine.travel(at(2020, 9, 28, 11, 0), tick=False):
        page = client.get(QUICK, {"channel": "wechat"})
        assert page.status_code == 200
        form = page.context["form"]
        # The lawyer at the desk is offered as the answering lawyer; the time is now.
        assert form["lawyer"].value() == legal.lawyer_a.pk
        assert form["channel"].value() == "wechat"
        # Shown in local time, as the browser's picker takes it.
        assert form["occurred_at"].value() == datetime(2020, 9, 28, 11, 0)  # noqa: DTZ001
        response = client.post(QUICK, _quick_post(legal, channel="wechat", **{"continue": "1"}))
        assert response.status_code == 302
        assert response["Location"] == f"{QUICK}?channel=wechat&lawyer={legal.lawyer_a.pk}"
        consultation = Consultation.objects.get()
        assert consultation.handled_by == legal.lawyer_user
        assert consultation.street == world.a.street
        assert consultation.occurred_at == at(2020, 9, 28, 10, 30)
        entry = last_audit()
        assert (entry.action, entry.object_id) == (Action.CREATE, str(consultation.pk))
        again = client.get(response["Location"])
        form = again.context["form"]
        assert form["channel"].value() == "wechat" and form["lawyer"].value() == legal.lawyer_a.pk
        assert form["question"].value() in (None, "")
        assert "已登记微信咨询（2020年9月28日 10:30）" in again.content.decode()
        assert again.context["recent_count"] == 1
        saved = client.post(QUICK, _quick_post(legal, save="1", question="第二个问题"))
    second = Consultation.objects.get(question="第二个问题")
    assert saved["Location"] == f"{BASE}/consultation/{second.pk}/"


def test_quick_entry_bad_input_writes_nothing(world, legal):
    client = world.client(world.clerk_a)
    before = (Consultation.objects.count(), AuditEntry.objects.count())
    with time_machine.travel(at(2020, 9, 28, 11, 0), tick=False):
        no_ticket = client.post(QUICK, _quick_post(legal, channel="hotline_12348"))
        future = client.post(QUICK, _quick_post(legal, occurred_at="2020-09-28T12:00"))
        bad_phone = client.post(QUICK, _quick_post(legal, resident_phone="abc", question=""))
    assert no_ticket.status_code == 400
    assert "由12348热线转来的咨询请填写12348工单号" in no_ticket.content.decode()
    assert future.status_code == 400 and "不能晚于当前时间" in future.content.decode()
    assert bad_phone.status_code == 400
    text = bad_phone.content.decode()
    assert "固定电话" in text and "这个字段是必填项" in text
    assert (Consultation.objects.count(), AuditEntry.objects.count()) == before


def test_quick_entry_needs_the_right_to_add(world, legal):
    assert world.client(world.leader).get(QUICK).status_code == 403
    assert world.client(world.leader).post(QUICK, _quick_post(legal)).status_code == 403
    assert world.client(world.clerk_a).put(QUICK).status_code == 405
    assert not Consultation.objects.exists()


def test_quick_entry_does_not_accept_another_streets_lawyer(world, legal):
    response = world.client(world.clerk_a).post(QUICK, _quick_post(legal, lawyer=legal.lawyer_b.pk))
    assert response.status_code == 400 and not Consultation.objects.exists()


def test_consultation_list_links_to_quick_entry_only_for_those_who_may_add(world, legal):
    assert QUICK in world.client(world.clerk_a).get(f"{BASE}/consultation/").content.decode()
    assert QUICK not in world.client(world.leader).get(f"{BASE}/consultation/").content.decode()


def _consultations_12348(world, legal):
    common = {"street": world.a.street, "actor": world.clerk_a, "topic": Topic.CONTRACT}
    services.consultation_create(
        **common,
        occurred_at=at(2020, 4, 1, 9, 0),
        channel=Consultation.Channel.HOTLINE_12348,
        hotline_ticket="TJ12348-0401",
        question="转来的问题",
    )
    services.consultation_create(
        **common,
        occurred_at=at(2020, 4, 2, 9, 0),
        channel=Consultation.Channel.PHONE,
        referral=Consultation.Referral.TO_12348,
        hotline_ticket="TJ12348-0402",
        question="转去的问题",
    )
    services.consultation_create(
        **common,
        occurred_at=at(2020, 4, 3, 9, 0),
        channel=Consultation.Channel.PHONE,
        question="普通问题",
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"hotline": "any"}, {"转来的问题", "转去的问题"}),
        ({"hotline": "from"}, {"转来的问题"}),
        ({"hotline": "to"}, {"转去的问题"}),
        ({"referral": "none"}, {"普通问题", "转来的问题"}),
        ({"channel": "phone", "date_from": "2020-04-02", "date_to": "2020-04-02"}, {"转去的问题"}),
        ({"q": "TJ12348-0401"}, {"转来的问题"}),
    ],
)
def test_consultation_filters(world, legal, params, expected):
    _consultations_12348(world, legal)
    response = world.client(world.clerk_a).get(f"{BASE}/consultation/", params)
    assert {obj.question for obj, _v in response.context["rows"]} == expected


def test_consultation_export_follows_the_filters_and_is_audited(world, legal):
    _consultations_12348(world, legal)
    response = world.client(world.clerk_a).get(
        f"{BASE}/consultation/", {"hotline": "from", "format": "xlsx"}
    )
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    cells = {cell for row in rows for cell in row if cell}
    assert "转来的问题" in cells and "转去的问题" not in cells and "TJ12348-0401" in cells
    assert last_audit().action == Action.EXPORT


def test_invalid_filter_shows_an_error_not_all_rows(world, legal, records):
    response = world.client(world.clerk_a).get(f"{BASE}/consultation/", {"date_from": "yesterday"})
    assert response.status_code == 400 and response.context["rows"] == []


def test_consultation_list_query_count_is_pinned(world, legal, django_assert_max_num_queries):
    for n in range(30):
        services.consultation_create(
            street=world.a.street,
            actor=world.clerk_a,
            occurred_at=at(2020, 5, 1, 9, n),
            channel=Consultation.Channel.PHONE,
            topic=Topic.DEBT,
            question=f"借款问题{n}",
            lawyer=legal.lawyer_a if n % 2 else legal.other_lawyer_a,
        )
    client = world.client(world.clerk_a)
    client.get(f"{BASE}/consultation/")
    with django_assert_max_num_queries(14):
        assert client.get(f"{BASE}/consultation/").status_code == 200


# --- WeChat groups and their member counts -------------------------------------------------


def test_group_list_shows_the_latest_count(world, legal, records, django_assert_max_num_queries):
    group = records["a"].group
    services.wechat_group_count_record(
        group, counted_on=date(2020, 9, 28), members=61, actor=world.clerk_a
    )
    client = world.client(world.clerk_a)
    client.get(f"{BASE}/wechatgroup/")
    with django_assert_max_num_queries(13):
        response = client.get(f"{BASE}/wechatgroup/")
    values = dict((obj.pk, v) for obj, v in response.context["rows"])[group.pk]
    assert values[-1] == "61人（2020年9月28日）"


def test_member_count_page_records_and_replaces_the_days_count(world, legal, records):
    group = records["a"].group
    client = world.client(world.clerk_a)
    url = f"{BASE}/wechatgroup/{group.pk}/count/"
    detail = client.get(f"{BASE}/wechatgroup/{group.pk}/").content.decode()
    assert f'<a class="button" href="{url}">' in detail and "48人（2020年3月1日）" in detail
    with time_machine.travel(at(2020, 9, 28, 9, 0), tick=False):
        assert client.get(url).context["form"]["counted_on"].value() == date(2020, 9, 28)
        response = client.post(url, {"counted_on": "2020-09-28", "members": "66"})
        assert (
            response.status_code == 302
            and response["Location"] == f"{BASE}/wechatgroup/{group.pk}/"
        )
        assert last_audit().action == Action.CREATE
        response = client.post(url, {"counted_on": "2020-09-28", "members": "70"})
        assert response.status_code == 302
        assert last_audit().changes == {"before": {"members": 66}, "after": {"members": 70}}
        future = client.post(url, {"counted_on": "2020-09-29", "members": "71"})
        assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
        negative = client.post(url, {"counted_on": "2020-09-20", "members": "-3"})
        assert negative.status_code == 400
    assert list(group.counts.values_list("counted_on", "members")) == [
        (date(2020, 9, 28), 70),
        (date(2020, 3, 1), 48),
    ]


def test_member_count_page_scope_and_permission(world, legal, records):
    url = f"{BASE}/wechatgroup/{records['a'].group.pk}/count/"
    assert world.client(world.clerk_b).get(url).status_code == 404
    assert world.client(world.leader).get(url).status_code == 403
    leader_detail = world.client(world.leader).get(f"{BASE}/wechatgroup/{records['a'].group.pk}/")
    assert url not in leader_detail.content.decode()
    assert (
        world.client(world.leader)
        .post(url, {"counted_on": "2020-05-01", "members": "9"})
        .status_code
        == 403
    )
    assert WechatGroupCount.objects.filter(group=records["a"].group).count() == 1


def test_member_count_entered_by_mistake_is_deleted(world, legal, records):
    count = records["a"].count
    url = f"{BASE}/wechatgroupcount/{count.pk}/delete/"
    assert world.client(world.clerk_b).post(url).status_code == 404
    assert world.client(world.leader).post(url).status_code == 403
    response = world.client(world.clerk_a).post(url)
    assert response.status_code == 302
    assert not WechatGroupCount.objects.filter(pk=count.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.DELETE, str(count.pk))


def test_residents_of_consultations_never_reach_a_public_page(world, legal, records, anon):
    slug = world.a.street.slug
    for url in (f"/s/{slug}/", f"/s/{slug}/lawyers/"):
        response = anon.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "李女士" not in text and "13612345678" not in text
    staff = world.client(world.clerk_a).get(f"{BASE}/consultation/{records['a'].consultation.pk}/")
    assert "李女士" in staff.content.decode() and "13612345678" in staff.content.decode()
