"""Publicity back office: the tabs with their counts and flags, export, publishing with the
masked preview, withdrawal, decision changes, the API and the dashboard reminders."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.audit.models import Action
from fazhi.core.reminders import due
from fazhi.enforcement.models import Case, Publication
from fazhi.enforcement.services.legal_review import legal_review_submit
from fazhi.enforcement.services.publication import (
    case_record_decision_change,
    publication_publish,
)
from fazhi.enforcement.tests.b_helpers import PARTY, PARTY_ID, decided_case, last_audit, make_case

pytestmark = pytest.mark.django_db
LIST = "/office/enforcement/publications/"


def test_tabs_list_due_overdue_and_withdrawal(world, enf):
    overdue = decided_case(enf, decided_on=date(2020, 9, 1))  # due 2020-09-10
    fresh = decided_case(enf, decided_on=date(2020, 9, 28))  # due 2020-10-14
    shown = decided_case(enf, decided_on=date(2020, 9, 2))
    publication = publication_publish(actor=enf.officer1, case=shown, today=date(2020, 9, 3))
    make_case(enf, street=world.b.street, status=Case.Status.DECIDED, decided_on=date(2020, 9, 1))
    with time_machine.travel(date(2020, 10, 13), tick=False):
        case_record_decision_change(
            actor=enf.officer1, case=shown, changed_on=date(2020, 9, 30), reason="复议撤销"
        )
        client = world.client(world.clerk_a)
        due_tab = client.get(LIST).content.decode()
        assert overdue.number in due_tab and fresh.number in due_tab and shown.number not in due_tab
        assert "已逾期" in due_tab
        late = client.get(LIST, {"state": "overdue"}).content.decode()
        assert overdue.number in late and fresh.number not in late
        withdraw = client.get(LIST, {"state": "withdraw_due"}).content.decode()
        assert shown.number in withdraw
        assert shown.number in client.get(LIST, {"state": "withdraw_overdue"}).content.decode()
        assert shown.number not in client.get(LIST, {"state": "withdrawn"}).content.decode()
        export = client.get(LIST, {"state": "overdue", "format": "xlsx"})
        assert export.status_code == 200 and last_audit().action == Action.EXPORT
        reminders = {r["url"]: r["count"] for r in due(world.clerk_a, date(2020, 10, 13))}
        assert reminders[f"{LIST}?state=overdue"] == 1
        assert reminders[f"{LIST}?state=due"] == 2
        assert reminders[f"{LIST}?state=withdraw_overdue"] == 1
    assert world.client(world.grid_worker).get(LIST).status_code == 403
    assert world.client(world.clerk_b).get(f"{LIST}{publication.pk}/").status_code == 404


def test_publish_page_previews_masked_text_then_publishes(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    url = f"/office/enforcement/cases/{case.pk}/publish/"
    with time_machine.travel(date(2020, 9, 29), tick=False):
        client = world.client(enf.officer1)
        preview = client.get(url).content.decode()
        assert "王某" in preview and "公示内容预览" in preview
        assert PARTY_ID not in preview.split("公示内容预览")[1]
        response = client.post(url)
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{publication.pk}/"
    assert publication.published_by == enf.officer1 and PARTY not in publication.facts
    assert world.client(world.reviewer).post(url).status_code == 403
    again = world.client(enf.officer1).post(url)
    assert again.status_code == 400 and "不能重复公示" in again.content.decode()
    assert Publication.objects.count() == 1


def test_decision_change_and_withdrawal_pages(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 1))
    publication = publication_publish(actor=enf.officer1, case=case, today=date(2020, 9, 2))
    with time_machine.travel(date(2020, 10, 9), tick=False):
        client = world.client(enf.officer1)
        change = f"/office/enforcement/cases/{case.pk}/decision-change/"
        bad = client.post(change, {"changed_on": "2020-08-01", "reason": "撤销"})
        assert bad.status_code == 400 and "不能早于决定日期" in bad.content.decode()
        response = client.post(change, {"changed_on": "2020-09-30", "reason": "复议撤销"})
        assert response.status_code == 302
        publication.refresh_from_db()
        assert publication.withdraw_due_on == date(2020, 10, 12)
        withdraw = f"{LIST}{publication.pk}/withdraw/"
        assert client.post(withdraw, {"reason": ""}).status_code == 400
        response = client.post(withdraw, {"reason": "原决定已撤销"})
    publication.refresh_from_db()
    assert response.status_code == 302 and publication.withdrawn_on == date(2020, 10, 9)
    assert last_audit().action == Action.TRANSITION
    assert (
        world.client(world.reviewer)
        .post(f"{LIST}{publication.pk}/withdraw/", {"reason": "x"})
        .status_code
        == 403
    )


def test_api_publish_withdraw_and_decision_change(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    with time_machine.travel(date(2020, 9, 30), tick=False):
        client = world.client(enf.officer1)
        response = client.post(
            "/api/publications/", {"case": case.pk}, content_type="application/json"
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["party"] == "王某" and PARTY not in body["facts"]
        again = client.post(
            "/api/publications/", {"case": case.pk}, content_type="application/json"
        )
        assert again.status_code == 422
        change = client.post(
            "/api/publications/decision-change/",
            {"case": case.pk, "changed_on": "2020-09-30", "reason": "复议撤销"},
            content_type="application/json",
        )
        assert change.status_code == 200 and change.json()["withdraw_due_on"] == "2020-10-12"
        withdrawn = client.post(
            f"/api/publications/{body['id']}/withdraw/",
            {"reason": "已撤销"},
            content_type="application/json",
        )
        assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == "2020-09-30"
        listed = client.get("/api/publications/", {"state": "withdrawn"}).json()["results"]
        assert [p["id"] for p in listed] == [body["id"]]
        other = make_case(enf, street=world.b.street)
        assert (
            client.post(
                "/api/publications/", {"case": other.pk}, content_type="application/json"
            ).status_code
            == 404
        )


def test_reviewer_reminders(world, enf):
    legal_review_submit(
        actor=enf.officer1, case=make_case(enf), reviewer=enf.reviewer, today=date(2020, 9, 1)
    )
    items = {r["url"]: r["count"] for r in due(world.reviewer, date(2020, 10, 12))}
    assert items["/office/enforcement/legal-reviews/?mine=yes&deadline=overdue"] == 1
    with time_machine.travel(date(2020, 10, 12), tick=False):
        page = world.client(world.reviewer).get(
            "/office/enforcement/legal-reviews/?mine=yes&deadline=overdue"
        )
    assert page.status_code == 200 and page.content.decode().count("已逾期") >= 2


UNRECORDED = "当事人在门前摆摊。其邻居李秀英（电话13912345678）举报；娜娜在场。"


def test_publish_page_marks_the_masks_and_requires_checking_the_guesses(world, enf):
    # 李秀英 after 邻居 is certain; 娜娜 is a name only jieba reads: masked but marked apart.
    case = decided_case(enf, decided_on=date(2020, 9, 28), facts=UNRECORDED)
    url = f"/office/enforcement/cases/{case.pk}/publish/"
    with time_machine.travel(date(2020, 9, 29), tick=False):
        client = world.client(enf.officer1)
        page = client.get(url).content.decode()
        preview = page.split("公示内容预览")[1]
        assert '<mark class="mask" title="姓名">李某</mark>' in preview
        assert (
            '<mark class="mask mask-uncertain" title="姓名（疑似，请核对）">娜某</mark>' in preview
        )
        assert "李秀英" not in preview and "13912345678" not in preview
        assert "已核对标记的疑似个人信息" in page and 'name="uncertain_checked"' in page
        audits = last_audit().pk
        refused = client.post(url)
        assert refused.status_code == 400
        assert "请核对标记的疑似个人信息后勾选此项" in refused.content.decode()
        assert not Publication.objects.exists() and last_audit().pk == audits
        published = client.post(url, {"uncertain_checked": "on"})
    publication = Publication.objects.get()
    assert published.status_code == 302
    assert "李秀英" not in publication.facts and "娜娜" not in publication.facts
    assert "其邻居李某（电话***********）举报；娜某在场" in publication.facts
    assert last_audit().pk > audits


def test_api_publish_requires_checking_the_guesses_too(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28), facts=UNRECORDED)
    with time_machine.travel(date(2020, 9, 29), tick=False):
        client = world.client(enf.officer1)
        audits = last_audit().pk
        refused = client.post(
            "/api/publications/", {"case": case.pk}, content_type="application/json"
        )
        assert refused.status_code == 422
        assert "疑似个人信息" in refused.json()["detail"]
        assert not Publication.objects.exists() and last_audit().pk == audits
        published = client.post(
            "/api/publications/",
            {"case": case.pk, "uncertain_checked": True},
            content_type="application/json",
        )
    assert published.status_code == 201, published.content
    assert "其邻居李某（电话***********）举报；娜某在场" in published.json()["facts"]
    assert last_audit().pk > audits


def test_publish_page_asks_no_confirmation_without_guesses(world, enf):
    case = decided_case(enf, decided_on=date(2020, 9, 28))
    url = f"/office/enforcement/cases/{case.pk}/publish/"
    with time_machine.travel(date(2020, 9, 29), tick=False):
        page = world.client(enf.officer1).get(url).content.decode()
    assert 'class="mask"' in page and 'name="uncertain_checked"' not in page
