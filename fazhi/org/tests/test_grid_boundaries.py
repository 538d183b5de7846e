"""Grid boundaries (网格边界): the GeoJSON import (service and page), the download, the map's
FeatureCollection, and the grid's page."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.audit.models import Action, AuditEntry
from fazhi.audit.services import verify
from fazhi.org import geojson, selectors, services
from fazhi.org.models import Grid

IMPORT_URL = "org:grid_boundaries_import"
EXPORT_URL = "org:grid_boundaries_export"


def square(lon: float = 117.50, lat: float = 38.84, size: float = 0.01) -> list[list[float]]:
    """A closed ring, counter-clockwise from the south-west corner."""
    return [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]


def polygon(*rings: list[list[Any]]) -> dict[str, Any]:
    return {"type": "Polygon", "coordinates": [list(r) for r in rings] or [square()]}


def feature(code: Any, geometry: Any = None, *, key: str = "code") -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {key: code},
        "geometry": polygon() if geometry is None else geometry,
    }


def collection(*features: Any) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def boundaries() -> dict[str, Any]:
    return dict(Grid.objects.values_list("code", "boundary"))


def upload(client: Any, content: bytes, name: str = "网格边界.geojson") -> Any:
    return client.post(
        reverse(IMPORT_URL),
        {"file": SimpleUploadedFile(name, content, content_type="application/geo+json")},
    )


# --- the service ----------------------------------------------------------------------------


def test_import_replaces_the_named_grids_boundaries_in_one_audited_step(world):
    a = world.a
    services.grid_boundaries_import(
        street=a.street, data=collection(feature(a.other_grid.code)), actor=world.clerk_a
    )
    hole = square(117.502, 38.842, 0.002)
    hole.reverse()  # a hole runs clockwise
    multi = {
        "type": "MultiPolygon",
        # The altitude, a third number, is dropped; other members of the geometry too.
        "coordinates": [[square(117.6, 38.9), hole], [[[*p, 3.5] for p in square(117.7, 38.9)]]],
        "bbox": [117.6, 38.9, 117.71, 38.91],
    }
    content = collection(
        feature(a.grid.code, polygon(square(), hole)),
        feature(a.other_grid.code, multi, key="网格编号"),
    )
    other_street = world.b.grid.boundary
    before = AuditEntry.objects.count()

    count = services.grid_boundaries_import(
        street=a.street, data=content, actor=world.clerk_a, file_name="甲街网格边界.geojson"
    )

    assert count == 2
    a.grid.refresh_from_db()
    a.other_grid.refresh_from_db()
    assert a.grid.boundary == {"type": "Polygon", "coordinates": [square(), hole]}
    assert a.other_grid.boundary == {
        "type": "MultiPolygon",
        "coordinates": [[square(117.6, 38.9), hole], [square(117.7, 38.9)]],
    }
    world.b.grid.refresh_from_db()
    assert world.b.grid.boundary == other_street is None
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.actor, entry.street) == (Action.IMPORT, world.clerk_a, a.street)
    assert entry.object_type == "org.grid"
    assert entry.object_repr == "导入网格边界2个"
    assert entry.changes["codes"] == sorted([a.grid.code, a.other_grid.code])
    assert entry.changes["replaced"] == [a.other_grid.code]
    assert entry.changes["file"] == "甲街网格边界.geojson"
    assert len(entry.changes["sha256"]) == 64
    assert verify().ok


def test_a_grid_the_file_does_not_name_keeps_its_boundary(world):
    a = world.a
    services.grid_boundaries_import(
        street=a.street, data=collection(feature(a.other_grid.code)), actor=world.clerk_a
    )
    moved = polygon(square(117.46, 38.81))

    services.grid_boundaries_import(
        street=a.street, data=collection(feature(a.grid.code, moved)), actor=world.clerk_a
    )

    assert boundaries()[a.grid.code] == moved
    assert boundaries()[a.other_grid.code] == polygon()


def open_ring() -> list[list[float]]:
    return [*square()[:-1], [117.5, 38.845]]


BAD_FILES = [
    ("empty", b"", "上传的文件是空的。"),
    ("not utf-8", '{"网格": 1}'.encode("gbk"), "文件不是UTF-8编码的文本"),
    ("not json", b'{"type": "FeatureCollection",', "文件不是有效的JSON：第1行第30列附近有误。"),
    (
        "NaN",
        b'{"type": "FeatureCollection", "features": [NaN]}',
        "文件不是有效的JSON：不能使用NaN。",
    ),
    ("a list", b"[]", "文件不是GeoJSON要素集合"),
    (
        "a feature",
        json.dumps(feature("street-a-01")).encode(),
        "文件不是GeoJSON要素集合：最外层的 type 应为 FeatureCollection。",
    ),
    ("no features", b'{"type": "FeatureCollection"}', "文件缺少要素列表（features）。"),
    ("no feature", collection(), "文件中没有任何要素，未导入网格边界。"),
]


@pytest.mark.parametrize(("kind", "content", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_whole(world, kind, content, message):
    before = (boundaries(), AuditEntry.objects.count())

    with pytest.raises(ValidationError) as caught:
        services.grid_boundaries_import(street=world.a.street, data=content, actor=world.clerk_a)

    assert len(caught.value.messages) == 1
    assert caught.value.messages[0].startswith(message)
    assert (boundaries(), AuditEntry.objects.count()) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(world, monkeypatch):
    monkeypatch.setattr(geojson, "MAX_BYTES", 100)
    content = collection(feature(world.a.grid.code))
    assert len(content) > 100

    with pytest.raises(ValidationError, match="文件超过0 MB"):
        services.grid_boundaries_import(street=world.a.street, data=content, actor=world.clerk_a)

    assert boundaries()[world.a.grid.code] is None


A = "第1个要素（网格编号street-a-01）："
BAD_FEATURES = [
    ("no code", {"type": "Feature", "properties": {"name": "第一网格"}, "geometry": polygon()},
     "第1个要素：缺少网格编号（properties 中的 code 或“网格编号”）。"),
    ("no properties", {"type": "Feature", "properties": None, "geometry": polygon()},
     "第1个要素：缺少网格编号（properties 中的 code 或“网格编号”）。"),
    ("not a feature", {"type": "Polygon", "coordinates": [square()]},
     "第1个要素：不是GeoJSON要素（type 应为 Feature）。"),
    ("unknown code", feature("no-such-grid"),
     "第1个要素（网格编号no-such-grid）：本街道没有这个网格编号。"),
    ("another street's grid", feature("street-b-01"),
     "第1个要素（网格编号street-b-01）：本街道没有这个网格编号。"),
    ("no geometry", {"type": "Feature", "properties": {"code": "street-a-01"}, "geometry": None},
     A + "缺少几何图形（geometry）。"),
    ("a line", feature("street-a-01", {"type": "LineString", "coordinates": square()}),
     A + "几何类型为“LineString”，只能是多边形（Polygon 或 MultiPolygon）。"),
    ("no rings", feature("street-a-01", {"type": "Polygon", "coordinates": []}),
     A + "坐标为空或格式不正确。"),
    ("open ring", feature("street-a-01", polygon(open_ring())),
     A + "外环未闭合（首尾坐标点应相同）。"),
    ("open hole", feature("street-a-01", polygon(square(), open_ring())),
     A + "第1个内环未闭合（首尾坐标点应相同）。"),
    ("three positions", feature("street-a-01", polygon(square()[:2] + square()[:1])),
     A + "外环只有3个坐标点，至少需要4个（首尾为同一点）。"),
    ("text position", feature("street-a-01", polygon([["117.5", 38.84], *square()[1:]])),
     A + "外环第1个坐标点不是[经度, 纬度]数值。"),
    ("true as a number", feature("street-a-01", polygon([*square()[:2], [True, 38.85], *square()[2:]])),
     A + "外环第3个坐标点不是[经度, 纬度]数值。"),
    ("one number", feature("street-a-01", polygon([*square()[:1], [117.5], *square()[1:]])),
     A + "外环第2个坐标点不是[经度, 纬度]数值。"),
    ("latitude out of range", feature("street-a-01", polygon([*square()[:3], [117.5, 95], square()[0]])),
     A + "外环第4个坐标点[117.5, 95]超出范围：经度应在-180至180之间，纬度应在-90至90之间。"),
    ("second polygon", feature("street-a-01", {"type": "MultiPolygon", "coordinates": [[square()], [open_ring()]]}),
     A + "第2个多边形的外环未闭合（首尾坐标点应相同）。"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "bad", "message"), BAD_FEATURES, ids=[b[0] for b in BAD_FEATURES])
def test_each_bad_feature_is_named_and_nothing_is_written(world, kind, bad, message):
    before = (boundaries(), AuditEntry.objects.count())
    # A good feature beside it is not written either.
    content = collection(bad, feature(world.a.other_grid.code))

    with pytest.raises(ValidationError) as caught:
        services.grid_boundaries_import(street=world.a.street, data=content, actor=world.clerk_a)

    assert caught.value.messages == [message]
    assert (boundaries(), AuditEntry.objects.count()) == before


def test_every_problem_of_the_file_is_listed_at_once(world):
    a = world.a
    content = collection(
        feature(a.grid.code, polygon(open_ring())),
        feature("HB-01-02"),
        feature(a.grid.code),
        feature(a.other_grid.code),
    )

    with pytest.raises(ValidationError) as caught:
        services.grid_boundaries_import(street=a.street, data=content, actor=world.clerk_a)

    assert caught.value.messages == [
        "第1个要素（网格编号street-a-01）：外环未闭合（首尾坐标点应相同）。",
        "第2个要素（网格编号HB-01-02）：本街道没有这个网格编号。",
        "第3个要素（网格编号street-a-01）：网格编号与第1个要素重复，每个网格只能出现一次。",
    ]
    assert boundaries() == {code: None for code in boundaries()}


def test_a_long_list_of_problems_is_cut_short(world, monkeypatch):
    monkeypatch.setattr(geojson, "MAX_MESSAGES", 2)
    content = collection(*(feature(f"X-{n}") for n in range(5)))

    with pytest.raises(ValidationError) as caught:
        services.grid_boundaries_import(street=world.a.street, data=content, actor=world.clerk_a)

    assert caught.value.messages[2:] == ["……另有3处错误未列出。"]


# --- the page -------------------------------------------------------------------------------


def test_upload_page_imports_and_says_how_many(world):
    client = world.client(world.clerk_a)
    page = client.get(reverse(IMPORT_URL))
    assert page.status_code == 200
    assert "导入网格边界" in page.content.decode()
    assert "本街道现有在用网格2个，其中0个已导入边界。" in page.content.decode()
    content = collection(feature(world.a.grid.code), feature(world.a.other_grid.code))

    response = upload(client, content, name="甲街.geojson")

    assert response.status_code == 302
    assert response["Location"] == reverse(IMPORT_URL)
    shown = client.get(response["Location"]).content.decode()
    assert "已从“甲街.geojson”导入2个网格的边界。" in shown
    assert "其中2个已导入边界" in shown
    assert boundaries()[world.a.grid.code] == polygon()
    entry = AuditEntry.objects.get(action=Action.IMPORT)
    assert (entry.actor, entry.street, entry.changes["file"]) == (
        world.clerk_a,
        world.a.street,
        "甲街.geojson",
    )


def test_a_bad_upload_shows_the_messages_and_writes_nothing(world):
    client = world.client(world.clerk_a)
    before = (boundaries(), AuditEntry.objects.count())

    response = upload(client, collection(feature(world.a.grid.code, polygon(open_ring()))))

    assert response.status_code == 400
    html = response.content.decode()
    assert "文件有误，未导入任何网格边界" in html
    assert "第1个要素（网格编号street-a-01）：外环未闭合（首尾坐标点应相同）。" in html
    assert (boundaries(), AuditEntry.objects.count()) == before


def test_another_streets_grid_code_is_refused_on_the_page(world):
    client = world.client(world.clerk_a)

    response = upload(client, collection(feature(world.b.grid.code)))

    assert response.status_code == 400
    assert "第1个要素（网格编号street-b-01）：本街道没有这个网格编号。" in response.content.decode()
    assert boundaries()[world.b.grid.code] is None


def test_an_upload_without_a_file_is_an_error(world):
    response = world.client(world.clerk_a).post(reverse(IMPORT_URL), {})

    assert response.status_code == 400
    assert "请选择要上传的网格边界文件。" in response.content.decode()


def test_a_big_upload_is_refused(world, monkeypatch):
    monkeypatch.setattr(geojson, "MAX_BYTES", 50)

    response = upload(world.client(world.clerk_a), collection(feature(world.a.grid.code)))

    assert response.status_code == 400
    assert "文件超过0 MB" in response.content.decode()
    assert boundaries()[world.a.grid.code] is None


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_upload_page_refuses_other_methods(world, method):
    response = getattr(world.client(world.clerk_a), method)(reverse(IMPORT_URL))

    assert response.status_code == 405


@pytest.mark.parametrize("who", ["leader", "staff_a", "grid_worker", "auditor", "clerk_none"])
def test_only_those_who_import_and_change_grids_may_upload(world, who):
    from fazhi.org.roles import Role
    from fazhi.testing import make_user

    user = (
        make_user("nostreet", None, [Role.OFFICE]) if who == "clerk_none" else getattr(world, who)
    )
    client = world.client(user)
    before = (boundaries(), AuditEntry.objects.count())

    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert upload(client, collection(feature(world.a.grid.code))).status_code == 403
    assert (boundaries(), AuditEntry.objects.count()) == before


def test_the_system_administrator_may_upload(world):
    response = upload(world.client(world.sysadmin), collection(feature(world.a.grid.code)))

    assert response.status_code == 302
    assert boundaries()[world.a.grid.code] == polygon()


def test_anonymous_is_sent_to_log_in(world, anon):
    response = anon.get(reverse(IMPORT_URL))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_import_page_lists_the_boundaries(world):
    html = world.client(world.clerk_a).get(reverse("org:import_home")).content.decode()

    assert "网格边界" in html
    assert reverse(IMPORT_URL) in html and reverse(EXPORT_URL) in html


def test_the_import_page_says_why_not_to_those_who_may_not(world):
    from django.contrib.auth.models import Permission

    perm = Permission.objects.get(codename="import_org")
    world.staff_a.user_permissions.add(perm)
    html = world.client(world.staff_a).get(reverse("org:import_home")).content.decode()

    assert "无权导入网格边界。" in html
    assert reverse(IMPORT_URL) not in html


# --- the download ---------------------------------------------------------------------------


def test_download_gives_the_streets_boundaries_as_the_import_reads_them(world):
    a = world.a
    services.grid_boundaries_import(
        street=a.street, data=collection(feature(a.grid.code)), actor=world.clerk_a
    )
    services.grid_boundaries_import(
        street=world.b.street, data=collection(feature(world.b.grid.code)), actor=world.clerk_b
    )
    client = world.client(world.clerk_a)
    before = AuditEntry.objects.count()

    response = client.get(reverse(EXPORT_URL))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert ".geojson" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": a.grid.code, "name": "第一网格", "village": "甲街幸福社区"},
                "geometry": polygon(),
            }
        ],
    }
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.latest("seq")
    assert (entry.action, entry.actor, entry.street) == (Action.EXPORT, world.clerk_a, a.street)
    assert entry.changes["count"] == 1
    # The file goes back in unchanged.
    assert (
        services.grid_boundaries_import(street=a.street, data=response.content, actor=world.clerk_a)
        == 1
    )


def test_download_shows_a_grid_worker_the_own_grid_only(world):
    a = world.a
    content = collection(feature(a.grid.code), feature(a.other_grid.code))
    services.grid_boundaries_import(street=a.street, data=content, actor=world.clerk_a)

    response = world.client(world.grid_worker).get(reverse(EXPORT_URL))

    assert response.status_code == 200
    codes = [f["properties"]["code"] for f in json.loads(response.content)["features"]]
    assert codes == [a.grid.code]


def test_download_refuses_those_who_may_not_see_grids_and_other_methods(world):
    assert world.client(world.auditor).get(reverse(EXPORT_URL)).status_code == 403
    assert world.client(world.clerk_a).post(reverse(EXPORT_URL)).status_code == 405


# --- the map's FeatureCollection ------------------------------------------------------------


def test_feature_collection_holds_the_grids_in_force_that_have_a_boundary(
    world, django_assert_num_queries
):
    a = world.a
    later = services.grid_create(
        street=a.street,
        actor=None,
        village=a.village,
        code="street-a-03",
        name="第三网格",
        established_on=date(2021, 1, 1),
    )
    services.record_update(a.other_grid, actor=world.clerk_a, dissolved_on=date(2020, 6, 30))
    codes = [a.grid.code, a.other_grid.code, later.code]
    services.grid_boundaries_import(
        street=a.street, data=collection(*(feature(c) for c in codes)), actor=world.clerk_a
    )
    services.grid_create(  # in force, without a boundary
        street=a.street,
        actor=None,
        village=a.village,
        code="street-a-04",
        name="第四网格",
        established_on=date(2019, 1, 1),
    )

    with django_assert_num_queries(1):
        result = selectors.grid_feature_collection(a.street, date(2020, 9, 28))

    assert result == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": a.grid.code,
                    "code": a.grid.code,
                    "grid_name": "第一网格",
                    "village": "甲街幸福社区",
                },
                "geometry": polygon(),
            }
        ],
    }
    in_june = selectors.grid_feature_collection(a.street, date(2020, 6, 1))
    assert [f["properties"]["name"] for f in in_june["features"]] == codes[:2]
    in_2021 = selectors.grid_feature_collection(a.street, date(2021, 1, 1))
    assert [f["properties"]["name"] for f in in_2021["features"]] == [a.grid.code, later.code]


def test_feature_collection_of_a_queryset_keeps_its_scope(world):
    a = world.a
    content = collection(feature(a.grid.code), feature(a.other_grid.code))
    services.grid_boundaries_import(street=a.street, data=content, actor=world.clerk_a)

    mine = selectors.grid_feature_collection(
        Grid.objects.for_user(world.grid_worker), date(2020, 9, 28)
    )
    streets = selectors.grid_feature_collection(world.b.street, date(2020, 9, 28))

    assert [f["properties"]["name"] for f in mine["features"]] == [a.grid.code]
    assert streets["features"] == []


# --- the grid's page ------------------------------------------------------------------------


def test_grid_page_describes_the_boundary_rather_than_printing_it(world):
    client = world.client(world.clerk_a)
    url = reverse("org:grid_detail", args=[world.a.grid.pk])
    assert "网格边界" in client.get(url).content.decode()
    assert "未导入" in client.get(url).content.decode()
    services.grid_boundaries_import(
        street=world.a.street, data=collection(feature(world.a.grid.code)), actor=world.clerk_a
    )

    html = client.get(url).content.decode()

    assert "多边形，4个坐标点" in html
    assert "coordinates" not in html
