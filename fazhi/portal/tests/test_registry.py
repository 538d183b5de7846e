"""Apps announce and open public sections without a central list."""

from __future__ import annotations

import pytest

from fazhi.org.models import District, Street
from fazhi.portal.apps import ANNOUNCED_SECTIONS
from fazhi.portal.registry import PublicSectionRegistry, public_sections


def test_portal_announces_the_later_chapters() -> None:
    sections = {s.key: str(s.label) for s in public_sections.all()}
    assert {key: str(label) for key, label, _, _ in ANNOUNCED_SECTIONS}.items() <= sections.items()
    assert [str(label) for _, label, _, _ in ANNOUNCED_SECTIONS] == [
        "执法公示",
        "预约律师",
        "法律问答",
        "知识竞答",
        "年度报告",
    ]


@pytest.mark.parametrize("open_first", [True, False])
def test_an_open_section_replaces_its_announcement_whatever_the_order(open_first: bool) -> None:
    registry = PublicSectionRegistry()
    calls = [
        lambda: registry.register("quiz", label="知识竞答", order=40, url_name="portal:street"),
        lambda: registry.register("quiz", label="知识竞答", order=40),
    ]
    for call in calls if open_first else reversed(calls):
        call()
    (section,) = registry.all()
    assert section.available
    assert section.url_name == "portal:street"


def test_two_apps_cannot_serve_the_same_section() -> None:
    registry = PublicSectionRegistry()
    registry.register("quiz", label="知识竞答", order=40, url_name="portal:street")
    with pytest.raises(ValueError, match="already served"):
        registry.register("quiz", label="知识竞答", order=40, url_name="portal:home")


def test_keys_are_lower_snake_case() -> None:
    with pytest.raises(ValueError):
        PublicSectionRegistry().register("Legal FAQ", label="法律问答", order=30)


def test_sections_come_in_order_with_street_links() -> None:
    registry = PublicSectionRegistry()
    registry.register("reports", label="年度报告", order=50)
    registry.register("faq", label="法律问答", order=30, url_name="portal:street")
    street = Street(district=District(name="滨海新区"), name="临海街", slug="linhai")
    entries = registry.for_street(street)
    assert [(e.key, e.url) for e in entries] == [("faq", "/s/linhai/"), ("reports", None)]
    assert [e.available for e in entries] == [True, False]
