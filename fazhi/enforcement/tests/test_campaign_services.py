"""Campaign services: key areas of the own street, the plan's fingerprint, phases inside the
period and never overlapping, partners' phones; the results counted from patrols and cases."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import Action, AuditEntry
from fazhi.core.services import model_create
from fazhi.enforcement.models import Campaign, CampaignPartner, CampaignPhase, Case, KeyArea
from fazhi.enforcement.selectors.campaigns import campaign_results
from fazhi.enforcement.services import campaigns as services
from fazhi.enforcement.tests.frontage_helpers import PDF, at, campaign, case, last_audit, patrol

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _refused(call, text: str) -> None:
    counts = (
        Campaign.objects.count(),
        CampaignPhase.objects.count(),
        CampaignPartner.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        call()
    assert any(text in m for m in exc.value.messages), exc.value.messages
    assert (
        Campaign.objects.count(),
        CampaignPhase.objects.count(),
        CampaignPartner.objects.count(),
        AuditEntry.objects.count(),
    ) == counts


def test_campaign_with_plan_and_key_areas_audited(world, enf, media):
    c = campaign(
        world.a.street,
        world.clerk_a,
        key_areas=[enf.key_area],
        lead=enf.officer1,
        plan=SimpleUploadedFile("方案.pdf", PDF),
    )
    assert list(c.key_areas.all()) == [enf.key_area]
    assert c.plan_sha256 == hashlib.sha256(PDF).hexdigest()
    entry = last_audit()
    assert entry.action == Action.CREATE and entry.changes["after"]["key_areas"] == [
        enf.key_area.pk
    ]


def test_another_streets_key_area_or_lead_is_refused(world, enf):
    area_b = model_create(
        KeyArea, actor=None, data={"street": world.b.street, "name": "乙路", "kind": "road"}
    )
    _refused(lambda: campaign(world.a.street, world.clerk_a, key_areas=[area_b]), "不属于本街道")
    _refused(lambda: campaign(world.a.street, world.clerk_a, lead=enf.officer_b), "")


def test_end_before_start_is_refused(world):
    _refused(
        lambda: campaign(world.a.street, world.clerk_a, ends_on=date(2020, 4, 1)),
        "不能早于开始日期",
    )


# --- phases ------------------------------------------------------------------------------------------


def _phase(c: Campaign, name: str, start: date, end: date) -> CampaignPhase:
    return services.campaign_phase_add(
        actor=None, campaign=c, name=name, starts_on=start, ends_on=end
    )


def test_phases_follow_one_another_and_overlap_is_refused(world):
    c = campaign(world.a.street, world.clerk_a)
    first = _phase(c, "动员部署", date(2020, 5, 1), date(2020, 5, 31))
    _phase(c, "集中整治", date(2020, 6, 1), date(2020, 7, 31))
    # Sharing a day is an overlap.
    _refused(lambda: _phase(c, "巩固提升", date(2020, 7, 31), date(2020, 8, 31)), "时间重叠")
    _refused(lambda: _phase(c, "专项行动", date(2020, 5, 10), date(2020, 5, 20)), "动员部署")
    # A phase spanning others overlaps them too.
    _refused(lambda: _phase(c, "全程", date(2020, 5, 1), date(2020, 8, 31)), "时间重叠")
    _phase(c, "巩固提升", date(2020, 8, 1), date(2020, 8, 31))
    # A phase changed within its own dates does not overlap itself.
    services.campaign_phase_update(first, actor=None, ends_on=date(2020, 5, 30))
    _refused(
        lambda: services.campaign_phase_update(first, actor=None, ends_on=date(2020, 6, 2)),
        "集中整治",
    )
    assert CampaignPhase.objects.filter(campaign=c).count() == 3


def test_phase_outside_the_campaign_is_refused(world):
    c = campaign(world.a.street, world.clerk_a)
    _refused(lambda: _phase(c, "准备", date(2020, 4, 20), date(2020, 5, 10)), "专项治理期间")
    _refused(lambda: _phase(c, "延续", date(2020, 8, 20), date(2020, 9, 10)), "专项治理期间")
    _refused(lambda: _phase(c, "倒置", date(2020, 6, 10), date(2020, 6, 1)), "不能早于开始日期")


def test_phases_of_another_campaign_do_not_count_as_overlap(world):
    c = campaign(world.a.street, world.clerk_a)
    other = campaign(world.a.street, world.clerk_a, "另一专项")
    _phase(other, "集中整治", date(2020, 5, 1), date(2020, 8, 31))
    assert _phase(c, "集中整治", date(2020, 5, 1), date(2020, 8, 31)).campaign == c


def test_shorter_period_leaving_a_phase_outside_is_refused(world):
    c = campaign(world.a.street, world.clerk_a)
    _phase(c, "巩固提升", date(2020, 8, 1), date(2020, 8, 31))
    _refused(
        lambda: services.campaign_update(c, actor=world.clerk_a, ends_on=date(2020, 7, 31)),
        "巩固提升",
    )
    services.campaign_update(c, actor=world.clerk_a, ends_on=date(2020, 9, 30))
    c.refresh_from_db()
    assert c.ends_on == date(2020, 9, 30)


def test_phase_removed_with_audit_row(world):
    c = campaign(world.a.street, world.clerk_a)
    phase = _phase(c, "动员部署", date(2020, 5, 1), date(2020, 5, 31))
    pk = phase.pk
    services.campaign_phase_remove(phase, actor=world.clerk_a)
    assert not CampaignPhase.objects.exists()
    entry = last_audit()
    assert (entry.action, entry.object_id, entry.street_id) == (
        Action.DELETE,
        str(pk),
        world.a.street.pk,
    )


# --- partners ----------------------------------------------------------------------------------------


def test_partner_added_and_bad_phone_or_duplicate_refused(world):
    c = campaign(world.a.street, world.clerk_a)
    p = services.campaign_partner_add(
        actor=world.clerk_a,
        campaign=c,
        kind=CampaignPartner.Kind.TRAFFIC_POLICE,
        name="交警滨海支队",
        contact="刘警官",
        phone="022-25801234",
        role="查处违法停车",
    )
    assert p.campaign == c and last_audit().action == Action.CREATE
    _refused(
        lambda: services.campaign_partner_add(
            actor=world.clerk_a, campaign=c, kind="police", name="派出所", phone="abc"
        ),
        "手机号码",
    )
    _refused(
        lambda: services.campaign_partner_add(
            actor=world.clerk_a, campaign=c, kind="police", name="交警滨海支队"
        ),
        "",
    )


# --- results -----------------------------------------------------------------------------------------


def test_results_count_patrols_and_cases_of_the_campaign_in_its_period(world, enf):
    c = campaign(world.a.street, world.clerk_a, key_areas=[enf.key_area])
    other = campaign(world.a.street, world.clerk_a, "另一专项")
    market = model_create(
        KeyArea, actor=None, data={"street": world.a.street, "name": "祥和市场", "kind": "market"}
    )
    officers = [enf.officer1, enf.officer2]
    a = world.a.street
    patrol(a, officers, at(2020, 5, 3, 9), enf.key_area, campaign=c)
    patrol(a, officers, at(2020, 6, 3, 9), enf.key_area, campaign=c)
    patrol(a, officers, at(2020, 6, 4, 9), enf.key_area, campaign=other)
    patrol(a, officers, at(2020, 6, 5, 9), enf.key_area)
    # In the campaign, in its period (the first and last days included, Beijing time).
    case(a, enf.stall, officers, at(2020, 5, 1, 0, 5), campaign=c, key_area=enf.key_area)
    case(a, enf.stall, officers, at(2020, 8, 31, 23, 50), campaign=c, status=Case.Status.CLOSED)
    case(
        a,
        enf.litter,
        officers,
        at(2020, 6, 1, 10),
        campaign=c,
        key_area=market,
        status=Case.Status.ARCHIVED,
    )
    case(
        a,
        enf.litter,
        officers,
        at(2020, 6, 2, 10),
        campaign=c,
        key_area=market,
        status=Case.Status.TRANSFERRED,
    )
    # Not counted: before or after the period, another campaign, no campaign.
    case(a, enf.stall, officers, at(2020, 4, 30, 23, 50), campaign=c, status=Case.Status.CLOSED)
    case(a, enf.stall, officers, at(2020, 9, 1, 0, 10), campaign=c)
    case(a, enf.stall, officers, at(2020, 6, 1, 10), campaign=other, status=Case.Status.CLOSED)
    case(a, enf.stall, officers, at(2020, 6, 1, 10), status=Case.Status.CLOSED)

    results = campaign_results(c)
    assert (results.patrols, results.cases_found, results.cases_closed) == (2, 4, 2)
    by_category = {r.label: (r.found, r.closed) for r in results.by_category}
    assert by_category == {"占道经营": (2, 1), "乱堆乱放": (2, 1)}
    by_area = {r.label: (r.found, r.closed) for r in results.by_key_area}
    assert by_area == {"幸福路": (1, 0), "祥和市场": (2, 1), "未指定重点区域": (1, 1)}
