"""Campaign pages: the list with its filters and export, the form with key areas and plan, the
campaign's page with results, phases and partners; phases and partners added, changed and
removed from it (audited); other street 404, read-only 403, overlap refused with nothing
written."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.services import model_create
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase, Case, KeyArea
from fazhi.enforcement.services import campaigns as services
from fazhi.enforcement.tests.frontage_helpers import PDF, at, campaign, case, last_audit, patrol

pytestmark = pytest.mark.django_db


def queries() -> CaptureQueriesContext:
    return CaptureQueriesContext(connection)


def record_queries(context: CaptureQueriesContext) -> list[str]:
    """The queries of the pages themselves (the session's own bookkeeping left out)."""
    return [q["sql"] for q in context.captured_queries if "django_session" not in q["sql"]]


BASE = "/office/enforcement"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def camp(world, enf):
    c = campaign(world.a.street, world.clerk_a, key_areas=[enf.key_area], lead=enf.officer1)
    services.campaign_phase_add(
        actor=world.clerk_a,
        campaign=c,
        name="集中整治",
        starts_on=date(2020, 6, 1),
        ends_on=date(2020, 7, 31),
    )
    return c


@pytest.fixture
def camp_b(world):
    return campaign(world.b.street, world.clerk_b, "乙街专项")


def test_office_starts_a_campaign_with_plan_and_key_areas(world, enf, media):
    market = model_create(
        KeyArea, actor=None, data={"street": world.a.street, "name": "祥和市场", "kind": "market"}
    )
    response = world.client(enf.officer1).post(
        f"{BASE}/campaign/new/",
        {
            "name": "祥和市场周边环境整治",
            "starts_on": "2020-04-01",
            "ends_on": "2020-06-30",
            "goal": "清理占道经营。",
            "lead": enf.officer2.pk,
            "key_areas": [enf.key_area.pk, market.pk],
            "plan": SimpleUploadedFile("方案.pdf", PDF),
        },
    )
    c = Campaign.objects.get(name="祥和市场周边环境整治")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/campaign/{c.pk}/"
    assert set(c.key_areas.all()) == {enf.key_area, market}
    assert (c.street, c.lead, c.plan_sha256) == (
        world.a.street,
        enf.officer2,
        hashlib.sha256(PDF).hexdigest(),
    )
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (Action.CREATE, str(c.pk), enf.officer1)
    download = world.client(world.leader).get(f"{BASE}/campaign/{c.pk}/plan/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert world.client(world.clerk_b).get(f"{BASE}/campaign/{c.pk}/plan/").status_code == 404


def test_bad_campaign_input_is_refused_in_chinese(world, enf):
    before = (Campaign.objects.count(), AuditEntry.objects.count())
    response = world.client(world.clerk_a).post(
        f"{BASE}/campaign/new/",
        {"name": "倒置", "starts_on": "2020-06-01", "ends_on": "2020-05-01", "goal": "无"},
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    assert (Campaign.objects.count(), AuditEntry.objects.count()) == before


def test_campaign_page_shows_results_phases_partners_and_key_areas(world, enf, camp):
    services.campaign_partner_add(
        actor=world.clerk_a, campaign=camp, kind="traffic_police", name="交警滨海支队", phone="110"
    )
    officers = [enf.officer1, enf.officer2]
    a = world.a.street
    patrol(a, officers, at(2020, 6, 3, 9), enf.key_area, campaign=camp)
    case(a, enf.stall, officers, at(2020, 6, 5, 9), campaign=camp, key_area=enf.key_area)
    case(a, enf.stall, officers, at(2020, 6, 6, 9), campaign=camp, status=Case.Status.ARCHIVED)
    case(a, enf.stall, officers, at(2020, 9, 6, 9), campaign=camp, status=Case.Status.CLOSED)
    response = world.client(world.leader).get(f"{BASE}/campaign/{camp.pk}/")
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.patrols, results.cases_found, results.cases_closed) == (1, 2, 1)
    page = response.content.decode()
    assert "集中整治" in page and "交警滨海支队" in page and "幸福路" in page
    assert "占道经营" in page and "未指定重点区域" in page
    # The leader reads only: no forms of phases or partners offered.
    assert "增加治理阶段" not in page
    for name, url in (
        ("case_list", response.context["case_list_url"]),
        ("patrol_list", response.context["patrol_list_url"]),
    ):
        if url is not None:
            assert f"?campaign={camp.pk}" in url and url.replace("&", "&amp;") in page, name
    case_url = response.context["case_list_url"]
    if case_url is not None:
        assert case_url.endswith("&found_from=2020-05-01&found_to=2020-08-31")
        listed = world.client(world.leader).get(case_url)
        assert listed.status_code == 200 and listed.context["page"].paginator.count == 2


def test_list_filters_and_export(world, enf, camp, camp_b):
    other = campaign(
        world.a.street,
        world.clerk_a,
        "2019年冬季整治",
        starts_on=date(2019, 11, 1),
        ends_on=date(2020, 2, 29),
    )
    client = world.client(world.clerk_a)

    def listed(query: str = "") -> set[str]:
        response = client.get(f"{BASE}/campaign/{query}")
        assert response.status_code == 200
        return {obj.name for obj, _values in response.context["rows"]}

    assert listed() == {camp.name, other.name}
    assert listed("?active_on=2020-06-15") == {camp.name}
    assert listed("?active_on=2020-02-29") == {other.name}
    assert listed("?year=2019") == {other.name}
    assert listed("?year=2020") == {camp.name, other.name}
    assert listed(f"?key_area={enf.key_area.pk}") == {camp.name}
    assert client.get(f"{BASE}/campaign/?active_on=not-a-date").status_code == 400
    export = client.get(f"{BASE}/campaign/?year=2019&format=xlsx")
    assert export.status_code == 200 and last_audit().action == Action.EXPORT


def test_another_streets_campaign_is_404(world, camp):
    client = world.client(world.clerk_b)
    phase = camp.phases.get()
    before = AuditEntry.objects.count()
    for url in (
        f"{BASE}/campaign/{camp.pk}/",
        f"{BASE}/campaign/{camp.pk}/edit/",
        f"{BASE}/campaign/{camp.pk}/phases/new/",
        f"{BASE}/campaign/{camp.pk}/partners/new/",
        f"{BASE}/campaignphase/{phase.pk}/edit/",
        f"{BASE}/campaignphase/{phase.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
        if not url.endswith(f"/{camp.pk}/"):  # the campaign's page takes no POST (405)
            assert client.post(url, {"name": "改"}).status_code == 404, url
    assert CampaignPhase.objects.filter(pk=phase.pk).exists()
    assert AuditEntry.objects.count() == before


def test_read_only_roles_are_refused(world, camp):
    leader = world.client(world.leader)
    phase = camp.phases.get()
    assert leader.get(f"{BASE}/campaign/new/").status_code == 403
    assert leader.get(f"{BASE}/campaign/{camp.pk}/edit/").status_code == 403
    response = leader.post(
        f"{BASE}/campaign/{camp.pk}/phases/new/",
        {"name": "巩固提升", "starts_on": "2020-08-01", "ends_on": "2020-08-31"},
    )
    assert response.status_code == 403 and "无权" in response.content.decode()
    assert leader.post(f"{BASE}/campaignphase/{phase.pk}/delete/").status_code == 403
    assert CampaignPhase.objects.count() == 1
    for user in (world.reviewer, world.grid_worker):
        assert world.client(user).get(f"{BASE}/campaign/").status_code == 403
        assert world.client(user).get(f"{BASE}/campaign/{camp.pk}/").status_code == 403


def test_phase_added_changed_and_removed_from_the_campaign_page(world, camp):
    client = world.client(world.clerk_a)
    back = f"{BASE}/campaign/{camp.pk}/"
    response = client.post(
        f"{BASE}/campaign/{camp.pk}/phases/new/",
        {"name": "巩固提升", "starts_on": "2020-08-01", "ends_on": "2020-08-31", "tasks": "回头看"},
    )
    assert response.status_code == 302 and response["Location"] == back
    phase = CampaignPhase.objects.get(name="巩固提升")
    assert phase.campaign == camp and last_audit().action == Action.CREATE

    response = client.post(
        f"{BASE}/campaignphase/{phase.pk}/edit/",
        {"name": "巩固提升", "starts_on": "2020-08-10", "ends_on": "2020-08-31"},
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.starts_on == date(2020, 8, 10) and last_audit().action == Action.UPDATE

    assert client.get(f"{BASE}/campaignphase/{phase.pk}/delete/").status_code == 200
    response = client.post(f"{BASE}/campaignphase/{phase.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == back
    assert not CampaignPhase.objects.filter(pk=phase.pk).exists()
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.actor) == (
        Action.DELETE,
        str(phase.pk),
        world.clerk_a,
    )


def test_overlapping_phase_is_refused_with_a_clear_message(world, camp):
    before = (CampaignPhase.objects.count(), AuditEntry.objects.count())
    client = world.client(world.clerk_a)
    response = client.post(
        f"{BASE}/campaign/{camp.pk}/phases/new/",
        {"name": "巩固提升", "starts_on": "2020-07-31", "ends_on": "2020-08-31"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "与阶段“集中整治”（2020年6月1日至2020年7月31日）时间重叠" in page
    response = client.post(
        f"{BASE}/campaign/{camp.pk}/phases/new/",
        {"name": "延续", "starts_on": "2020-08-01", "ends_on": "2020-09-30"},
    )
    assert response.status_code == 400 and "阶段须在专项治理期间" in response.content.decode()
    assert (CampaignPhase.objects.count(), AuditEntry.objects.count()) == before


def test_partner_added_changed_and_removed(world, camp):
    client = world.client(world.clerk_a)
    data = {
        "kind": "property",
        "name": "幸福物业公司",
        "contact": "周经理",
        "phone": "13712345678",
        "role": "清理小区门前杂物",
    }
    response = client.post(f"{BASE}/campaign/{camp.pk}/partners/new/", data)
    assert response.status_code == 302
    partner = CampaignPartner.objects.get()
    assert partner.campaign == camp and last_audit().action == Action.CREATE

    before = AuditEntry.objects.count()
    response = client.post(f"{BASE}/campaignpartner/{partner.pk}/edit/", {**data, "phone": "12"})
    assert response.status_code == 400 and "手机号码" in response.content.decode()
    assert AuditEntry.objects.count() == before

    response = client.post(
        f"{BASE}/campaignpartner/{partner.pk}/edit/", {**data, "contact": "吴经理"}
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.contact == "吴经理" and last_audit().action == Action.UPDATE

    response = client.post(f"{BASE}/campaignpartner/{partner.pk}/delete/")
    assert response.status_code == 302 and not CampaignPartner.objects.exists()
    assert last_audit().action == Action.DELETE


def test_wrong_method_is_405(world, camp):
    client = world.client(world.clerk_a)
    assert client.post(f"{BASE}/campaign/").status_code == 405
    assert client.post(f"{BASE}/campaign/{camp.pk}/").status_code == 405
    assert client.put(f"{BASE}/campaign/{camp.pk}/phases/new/").status_code == 405


def test_list_and_page_queries_do_not_grow_with_rows(
    world, enf, camp, django_assert_max_num_queries
):
    client = world.client(world.clerk_a)
    client.get(f"{BASE}/campaign/")
    with queries() as few:
        client.get(f"{BASE}/campaign/")
        client.get(f"{BASE}/campaign/{camp.pk}/")
    for n in range(4):
        campaign(
            world.a.street, world.clerk_a, f"专项{n}", key_areas=[enf.key_area], lead=enf.officer1
        )
        services.campaign_partner_add(
            actor=world.clerk_a, campaign=camp, kind="other", name=f"单位{n}"
        )
        case(
            world.a.street,
            enf.stall,
            [enf.officer1, enf.officer2],
            at(2020, 6, 5 + n, 9),
            campaign=camp,
        )
    with queries() as many:
        client.get(f"{BASE}/campaign/")
        client.get(f"{BASE}/campaign/{camp.pk}/")
    assert len(record_queries(many)) <= len(record_queries(few))
