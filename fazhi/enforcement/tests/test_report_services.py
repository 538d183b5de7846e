"""Reports (问题线索) through their services: each source's rules, the grid worker's grid, the
resident's contact and tracking code, the photo checked by content; accepting as a case and
dismissing, pending only. Every refusal writes nothing."""

from __future__ import annotations

import hashlib
import struct

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import Action, AuditEntry
from fazhi.enforcement.models import Case, Report
from fazhi.enforcement.services import reports as services
from fazhi.enforcement.tests.report_helpers import (
    JPEG,
    at,
    last_audit,
    make_patrol,
    make_report,
    photo,
    png_bytes,
)

pytestmark = pytest.mark.django_db

NOW = at(2020, 9, 28, 10, 0)


def _refused(world, enf, message: str, **kwargs) -> None:
    reports, audits = Report.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        make_report(world, enf, **kwargs)
    assert message in " ".join(exc.value.messages)
    assert Report.objects.count() == reports
    assert AuditEntry.objects.count() == audits


def test_grid_worker_report_belongs_to_the_own_grid_with_photo_fingerprint(
    world, enf, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    content = png_bytes()
    report = make_report(world, enf, photo=None)
    assert report.grid == world.a.grid
    assert report.reporter == world.grid_worker
    assert report.status == Report.Status.PENDING
    assert report.tracking_code == ""
    with_photo = services.report_create(
        actor=world.grid_worker,
        street=world.a.street,
        data={
            "source": Report.Source.GRID_WORKER,
            "category": enf.stall,
            "address": "光明大道8号",
            "description": "乱堆建筑垃圾。",
            "latitude": "39.012345",
            "longitude": "117.654321",
        },
        photo=photo(content),
        now=NOW,
    )
    assert with_photo.photo_sha256 == hashlib.sha256(content).hexdigest()
    assert with_photo.photo.name.endswith(".png") and "现场" not in with_photo.photo.name
    entry = last_audit()
    assert (entry.action, entry.object_id) == (Action.CREATE, str(with_photo.pk))


def test_grid_worker_cannot_report_into_another_grid(world, enf):
    _refused(world, enf, "只能上报本网格", grid=world.a.other_grid)


def test_grid_worker_report_needs_category_place_and_description(world, enf):
    _refused(world, enf, "请选择问题类别", category=None)
    _refused(world, enf, "请填写问题发生的地点", address="  ")
    _refused(world, enf, "请描述发现的问题", description="")


def test_grid_worker_cannot_pose_as_the_hotline(world, enf):
    _refused(
        world,
        enf,
        "来源只能是网格员上报或巡查发现",
        source=Report.Source.HOTLINE,
        hotline_ticket="1",
    )


def test_grid_worker_without_a_grid_is_refused(world, enf):
    world.grid_worker.grid = None
    world.grid_worker.save()
    _refused(world, enf, "尚未分配网格")


def test_stopped_category_and_another_streets_category_are_refused(world, enf):
    enf.litter.in_use = False
    enf.litter.save()
    _refused(world, enf, "已停用", category=enf.litter)
    _refused(world, enf, "不属于本街道", category=enf.category_b)


def test_photo_checked_by_content_not_by_name(world, enf, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _refused(world, enf, "JPG、PNG或HEIC", photo=photo(b"MZ\x90\x00 not a picture", "a.jpg"))
    _refused(world, enf, "JPG、PNG或HEIC", photo=photo(b"%PDF-1.4\n%%EOF", "a.png"))
    report = make_report(world, enf, photo=photo(JPEG, "x.bin"))
    assert report.photo.name.endswith(".jpg")


def _iso_file(brand: bytes) -> bytes:
    ftyp = b"ftyp" + brand + b"\x00\x00\x00\x00" + b"mif1" + brand
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 16) + b"meta" + bytes(72)


def test_heic_photo_accepted_a_video_refused(world, enf, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(world, enf, photo=photo(_iso_file(b"heic"), "IMG_0001.HEIC"))
    assert report.photo.name.endswith(".heic")
    video = (
        struct.pack(">I", 20) + b"ftypisom\x00\x00\x02\x00isom" + struct.pack(">I", 16) + b"moov"
    )
    _refused(world, enf, "JPG、PNG或HEIC", photo=photo(video + bytes(64), "clip.jpg"))


def test_coordinates_both_or_neither(world, enf):
    _refused(world, enf, "经度和纬度须同时填写", latitude="39.1")
    _refused(world, enf, "经度和纬度须同时填写", longitude="117.1")


def test_future_report_time_refused(world, enf):
    _refused(world, enf, "不能晚于当前时间", reported_at=at(2020, 9, 29, 10, 0))


def test_hotline_transfer_needs_ticket_and_has_no_reporter_account(world, enf):
    kwargs = {"actor": world.clerk_a, "source": Report.Source.HOTLINE, "category": None}
    _refused(world, enf, "须填写工单号", **kwargs)
    report = make_report(world, enf, hotline_ticket="12345-2020-0928-001", **kwargs)
    assert report.reporter is None and report.hotline_ticket == "12345-2020-0928-001"
    assert last_audit().actor == world.clerk_a
    _refused(world, enf, "只有12345热线转办", actor=world.clerk_a, hotline_ticket="X")


def test_patrol_report_names_the_patrol_and_takes_its_grid(world, enf):
    kwargs = {"actor": world.clerk_a, "source": Report.Source.PATROL}
    _refused(world, enf, "请选择巡查记录", **kwargs)
    patrol = make_patrol(world, enf, grid=world.a.other_grid)
    report = make_report(world, enf, patrol=patrol, **kwargs)
    assert (report.patrol, report.grid) == (patrol, world.a.other_grid)


def test_resident_report_without_account_gets_a_tracking_code(world, enf):
    report = make_report(world, enf, actor=None, source=Report.Source.RESIDENT, category=None)
    assert report.reporter is None
    assert len(report.tracking_code) == 8
    assert not set(report.tracking_code) & set("0O1I")
    assert last_audit().actor is None


def test_resident_only_as_resident(world, enf):
    _refused(world, enf, "只能以群众举报", actor=None)


def test_resident_contact_needs_consent_and_a_valid_phone(world, enf):
    kwargs = {"actor": None, "source": Report.Source.RESIDENT}
    _refused(world, enf, "请填写正确的联系电话", reporter_phone="12345", consent=True, **kwargs)
    _refused(world, enf, "勾选同意", reporter_name="王先生", **kwargs)
    report = make_report(world, enf, reporter_phone="13812345678", consent=True, **kwargs)
    assert report.reporter_phone == "13812345678"
    landline = make_report(world, enf, reporter_phone="022-25881234", consent=True, **kwargs)
    assert landline.reporter_phone == "022-25881234"


def test_unknown_data_refused(world, enf):
    _refused(world, enf, "不能指定", status=Report.Status.ACCEPTED)


# --- accept and dismiss ---------------------------------------------------------------------


def test_accept_registers_a_case_from_the_report(world, enf):
    report = make_report(world, enf)
    case = services.report_accept(
        actor=enf.officer1,
        report=report,
        officers=[enf.officer1, enf.officer2],
        data={"party_kind": Case.PartyKind.INDIVIDUAL, "party_name": "王某"},
    )
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert report.handled_by == enf.officer1 and report.handled_at is not None
    assert case.report == report
    assert (case.category, case.location, case.grid) == (enf.stall, report.address, world.a.grid)
    assert case.source == Report.Source.GRID_WORKER
    assert case.facts == report.description
    assert set(case.officers.all()) == {enf.officer1, enf.officer2}


def test_accept_refused_with_one_officer_or_uncertified_nothing_written(world, enf):
    report = make_report(world, enf)
    audits = AuditEntry.objects.count()
    for officers in ([enf.officer1], [enf.officer1, enf.uncertified]):
        with pytest.raises(ValidationError):
            services.report_accept(
                actor=enf.officer1,
                report=report,
                officers=officers,
                data={"party_kind": Case.PartyKind.INDIVIDUAL},
            )
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING
    assert Case.objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_accept_and_dismiss_only_while_pending(world, enf):
    report = make_report(world, enf)
    dismissed = services.report_dismiss(
        actor=enf.officer1, report=report, reason="已自行整改。", now=NOW
    )
    assert dismissed.status == Report.Status.DISMISSED
    assert (dismissed.dismiss_reason, dismissed.handled_by) == ("已自行整改。", enf.officer1)
    entry = last_audit()
    assert entry.action == Action.TRANSITION and entry.changes["after"]["status"] == "dismissed"
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="已处理"):
        services.report_dismiss(actor=enf.officer1, report=report, reason="再次")
    with pytest.raises(ValidationError, match="已处理"):
        services.report_accept(
            actor=enf.officer1,
            report=report,
            officers=[enf.officer1, enf.officer2],
            data={"party_kind": Case.PartyKind.INDIVIDUAL},
        )
    assert AuditEntry.objects.count() == audits
    assert Case.objects.count() == 0


def test_dismiss_needs_a_reason(world, enf):
    report = make_report(world, enf)
    with pytest.raises(ValidationError, match="请填写不予登记的理由"):
        services.report_dismiss(actor=enf.officer1, report=report, reason="  ")
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING


def test_update_only_while_pending_and_phone_checked(world, enf):
    report = make_report(world, enf)
    services.report_update(report, actor=enf.officer1, category=enf.litter)
    report.refresh_from_db()
    assert report.category == enf.litter
    with pytest.raises(ValidationError, match="联系电话"):
        services.report_update(report, actor=enf.officer1, reporter_phone="abc")
    services.report_dismiss(actor=enf.officer1, report=report, reason="重复上报。")
    with pytest.raises(ValidationError, match="已处理"):
        services.report_update(report, actor=enf.officer1, address="别处")


def test_a_report_description_is_limited_to_two_thousand_characters(world, enf):
    _refused(world, enf, "问题描述不能超过2000字（现为100000字）", description="摊" * 100_000)
    assert len(make_report(world, enf, description="摊" * 2000).description) == 2000
