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
