"""Legal review pages and API: submit from the case, the list with flags, filters and export, the
detail with the checklist for the assigned reviewer; refusals change nothing."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, LegalReview
from fazhi.enforcement.services.legal_review import legal_review_submit
from fazhi.enforcement.tests.b_helpers import last_audit, make_case

pytestmark = pytest.mark.django_db
LIST = "/office/enforcement/legal-reviews/"
CHECKS = {key: "yes" for key, _label in LegalReview.CHECKLIST}


def _submit_url(case):
    return f"/office/enforcement/cases/{case.pk}/legal-review/"


def _review(enf, case=None, today=date(2020, 9, 28)):
    return legal_review_submit(
        actor=enf.officer1, case=case or make_case(enf), reviewer=enf.reviewer, today=today
    )


def test_officer_submits_a_case_from_its_page(world, enf):
    case = make_case(enf, status=Case.Status.NOTIFIED, major_public_interest=True)
    client = world.client(enf.officer1)
    page = client.get(_submit_url(case)).content.decode()
    assert "涉及重大公共利益" in page and world.reviewer.display_name in page
    assert enf.officer2.display_name not in page.split("审核人员")[-1].split("</select>")[0]
    with time_machine.travel(date(2020, 9, 28), tick=False):
        response = client.post(
            _submit_url(case), {"reviewer": enf.reviewer.pk, "materials": "调查终结报告"}
        )
    review = LegalReview.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{review.pk}/"
    assert review.due_on == date(2020, 10, 19) and review.materials == "调查终结报告"
    case.refresh_from_db()
    assert case.status == Case.Status.REVIEWING
    assert last_audit().object_type == "enforcement.legalreview"


def test_submit_refusals(world, enf):
    case = make_case(enf)
    client = world.client(enf.officer1)
    before = AuditEntry.objects.count()
    # The case's own officer is not offered, and posted anyway is refused.
    response = client.post(_submit_url(case), {"reviewer": enf.officer2.pk})
    assert response.status_code == 400 and not LegalReview.objects.exists()
    assert AuditEntry.objects.count() == before
    assert (
        world.client(world.reviewer)
        .post(_submit_url(case), {"reviewer": enf.reviewer.pk})
        .status_code
        == 403
    )
    other = make_case(enf, street=world.b.street)
    assert client.post(_submit_url(other), {"reviewer": enf.reviewer.pk}).status_code == 404
    assert not LegalReview.objects.exists()


def test_list_flags_filters_and_exports(world, enf):
    late = _review(enf, today=date(2020, 9, 1))
    _review(enf, today=date(2020, 10, 9))
    client = world.client(world.leader)
    with time_machine.travel(date(2020, 10, 12), tick=False):
        text = client.get(LIST).content.decode()
        assert "已逾期 1 件" in text and late.case.number in text
        overdue = client.get(LIST, {"deadline": "overdue"}).content.decode()
        assert overdue.count("/office/enforcement/legal-reviews/") >= 1 and "已逾期" in overdue
        assert client.get(LIST, {"state": "done"}).content.decode().count("2020-0") == 0
        assert client.get(LIST, {"reviewer": 999999}).status_code == 400
        export = client.get(LIST, {"format": "xlsx", "state": "pending"})
    assert export.status_code == 200 and export["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert last_audit().action == Action.EXPORT
    assert world.client(world.grid_worker).get(LIST).status_code == 403
    assert world.client(world.clerk_b).get(f"{LIST}{late.pk}/").status_code == 404


def test_reviewer_gives_the_opinion_on_the_detail_page(world, enf):
    review = _review(enf)
    client = world.client(world.reviewer)
    page = client.get(f"{LIST}{review.pk}/").content.decode()
    assert "执法主体是否合法" in page and review.case.facts[:10] in page
    url = f"{LIST}{review.pk}/complete/"
    bad = client.post(url, {**CHECKS, "check_law": "no", "conclusion": "agree", "opinion": "同意"})
    assert bad.status_code == 400 and "不能出具“同意”" in bad.content.decode()
    review.refresh_from_db()
    assert review.pending
    response = client.post(
        url, {**CHECKS, "check_law": "no", "conclusion": "disagree", "opinion": "法律适用错误"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.conclusion == "disagree" and review.check_law is False
    assert Case.objects.get(pk=review.case_id).status == Case.Status.INVESTIGATING
    assert last_audit().action == Action.TRANSITION
    assert client.get(url).status_code == 403


def test_others_cannot_give_the_opinion(world, enf):
    review = _review(enf)
    url = f"{LIST}{review.pk}/complete/"
    data = {**CHECKS, "conclusion": "agree", "opinion": "同意"}
    # The office and the officers may read but not judge; another street does not see it.
    assert world.client(world.clerk_a).post(url, data).status_code == 403
    assert world.client(enf.officer1).post(url, data).status_code == 403
    assert world.client(world.clerk_b).post(url, data).status_code == 404
    review.refresh_from_db()
    assert review.pending


def test_api_submit_and_complete(world, enf):
    case = make_case(enf)
    with time_machine.travel(date(2020, 9, 28), tick=False):
        client = world.client(enf.officer1)
        response = client.post(
            "/api/legal-reviews/",
            {"case": case.pk, "reviewer": enf.officer2.pk},
            content_type="application/json",
        )
        assert response.status_code == 422 and not LegalReview.objects.exists()
        response = client.post(
            "/api/legal-reviews/",
            {"case": case.pk, "reviewer": enf.reviewer.pk},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["due_on"] == "2020-10-19"
    client = world.client(enf.officer1)
    body = {key: True for key in CHECKS} | {"conclusion": "agree", "opinion": "同意"}
    refused = client.post(
        f"/api/legal-reviews/{pk}/complete/", body, content_type="application/json"
    )
    assert refused.status_code == 403
    reviewer = world.client(world.reviewer)
    bad = reviewer.post(
        f"/api/legal-reviews/{pk}/complete/",
        body | {"check_facts": False},
        content_type="application/json",
    )
    assert bad.status_code == 422
    done = reviewer.post(
        f"/api/legal-reviews/{pk}/complete/", body, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["conclusion"] == "agree"
    assert reviewer.get("/api/legal-reviews/", {"state": "done"}).json()["results"][0]["id"] == pk
