"""Requests too large are refused before they are read; anonymous portal posts are limited
per address and hour; staff and reads are not limited."""

from __future__ import annotations

import pytest
from django.test import override_settings

from fazhi.core.models import RateCounter

pytestmark = pytest.mark.django_db


@override_settings(FAZHI_MAX_REQUEST_BYTES=1000)
def test_a_request_over_the_limit_is_refused_with_413(world):
    client = world.client(world.clerk_a)
    response = client.post(
        "/office/org/village/new/", {"name": "x" * 2000}, HTTP_CONTENT_LENGTH="5000"
    )
    assert response.status_code == 413
    assert "不能超过" in response.content.decode()


@override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=3)
def test_anonymous_portal_posts_are_limited_per_address(world, anon):
    slug = world.a.street.slug
    statuses = [anon.post(f"/s/{slug}/lawyers/lookup/", {}).status_code for _ in range(5)]
    assert 429 not in statuses[:3]
    assert statuses[3:] == [429, 429]
    assert "提交过于频繁" in anon.post(f"/s/{slug}/lawyers/lookup/", {}).content.decode()
    # Another address is not affected; reading is never limited.
    assert anon.post(f"/s/{slug}/lawyers/lookup/", {}, REMOTE_ADDR="10.0.0.9").status_code != 429
    assert anon.get(f"/s/{slug}/lawyers/").status_code == 200
    assert RateCounter.objects.get(key="127.0.0.1").count == 6


@override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=1)
def test_the_window_reopens_after_an_hour(world, anon):
    import time_machine

    slug = world.a.street.slug
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        assert anon.post(f"/s/{slug}/lawyers/lookup/", {}).status_code != 429
        assert anon.post(f"/s/{slug}/lawyers/lookup/", {}).status_code == 429
    with time_machine.travel("2026-03-02 11:00 +0800", tick=False):
        assert anon.post(f"/s/{slug}/lawyers/lookup/", {}).status_code != 429


@override_settings(FAZHI_PUBLIC_POSTS_PER_HOUR=1)
def test_a_limited_resident_stays_on_the_portal(world, anon):
    slug = world.a.street.slug
    anon.post(f"/s/{slug}/lawyers/lookup/", {})
    page = anon.post(f"/s/{slug}/lawyers/lookup/", {})
    assert page.status_code == 429
    html = page.content.decode()
    assert "提交过于频繁" in html and 'href="/office/"' not in html and "返回首页" in html


@override_settings(FAZHI_MAX_REQUEST_BYTES=1000)
def test_the_api_answers_an_oversized_request_in_its_json_shape(world):
    response = world.client(world.clerk_a).post(
        "/api/villages/", {"name": "x" * 2000}, content_type="application/json"
    )
    assert response.status_code == 413
    assert "不能超过" in response.json()["detail"] and response.json()["errors"] == {}


def test_addresses_not_seen_for_a_day_are_forgotten(db):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from fazhi.core import throttle

    start = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    throttle.allow("public_post", "10.0.0.1", limit=5, window=timedelta(hours=1), now=start)
    later = start + timedelta(days=1, minutes=1)
    throttle.allow("public_post", "10.0.0.2", limit=5, window=timedelta(hours=1), now=later)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["10.0.0.2"]
